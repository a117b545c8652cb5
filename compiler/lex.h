/* The lexer: turns Lua source read through a ZIO into tokens, one token of lookahead.
 * Errors come out as "chunkname:line: message near 'token'" (LUA_ERRSYNTAX). */
#ifndef CC_LEX_H
#define CC_LEX_H

#include "vm/core.h"
#include "vm/zio.h"

/* Single-character tokens are their own char code; the rest start above UCHAR_MAX. The
 * reserved words come first and in this order: TString.extra holds (token - FIRST_RESERVED + 1). */
#define FIRST_RESERVED (UCHAR_MAX + 1)
enum CcToken {
  TK_AND = FIRST_RESERVED, TK_BREAK, TK_DO, TK_ELSE, TK_ELSEIF, TK_END, TK_FALSE, TK_FOR,
  TK_FUNCTION, TK_GOTO, TK_IF, TK_IN, TK_LOCAL, TK_NIL, TK_NOT, TK_OR, TK_REPEAT, TK_RETURN,
  TK_THEN, TK_TRUE, TK_UNTIL, TK_WHILE,
  /* other multi-character tokens */
  TK_IDIV, TK_CONCAT, TK_DOTS, TK_EQ, TK_GE, TK_LE, TK_NE, TK_SHL, TK_SHR, TK_DBCOLON,
  TK_EOS, TK_FLT, TK_INT, TK_NAME, TK_STRING
};
#define CC_NUM_RESERVED ((int)(TK_WHILE - FIRST_RESERVED + 1))

typedef union SemInfo {
  lua_Number r;
  lua_Integer i;
  TString *ts;
} SemInfo;

typedef struct Token {
  int token;
  SemInfo seminfo;
} Token;

struct FuncState;
struct Dyndata;

typedef struct LexState {
  int current;            /* current character (or EOZ) */
  int linenumber;
  int lastline;           /* line of the last token consumed */
  Token t;                /* current token */
  Token lookahead;        /* TK_EOS when there is none */
  struct FuncState *fs;   /* the function being compiled */
  lua_State *L;
  ZIO *z;
  Mbuffer *buff;          /* token text */
  struct Dyndata *dyd;    /* active variables, gotos and labels of all open functions */
  TString *source;        /* chunk name */
  TString *envn;          /* "_ENV" */
  struct CcKMap *kmap;    /* constant -> last index given, for the whole chunk (code.c) */
} LexState;

void cc_lex_init(lua_State *L);
void cc_lex_setinput(lua_State *L, LexState *ls, ZIO *z, TString *source, int firstchar);
TString *cc_lex_newstring(LexState *ls, const char *str, size_t l);
void cc_lex_next(LexState *ls);
int cc_lex_lookahead(LexState *ls);
l_noret cc_lex_syntaxerror(LexState *ls, const char *msg);
/* Raises msg at the current line, with " near <token>" when token != 0. */
l_noret cc_lex_error(LexState *ls, const char *msg, int token);
const char *cc_lex_token2str(LexState *ls, int token);

#endif

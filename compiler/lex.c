/* The lexer: Lua 5.4 lexical conventions (names, reserved words, numerals, short and long
 * strings with every escape, comments) over a ZIO, with 5.4's error wording. Character
 * classes are ASCII-only on purpose: the locale must not change what a name is. */
#include <string.h>

#include "compiler/lex.h"
#include "vm/do.h"
#include "vm/number.h"
#include "vm/str.h"

#define next(ls) ((ls)->current = zgetc((ls)->z))
#define curr_is_newline(ls) ((ls)->current == '\n' || (ls)->current == '\r')

static const char *const token_names[] = {
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
  "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
  "//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::", "<eof>",
  "<number>", "<integer>", "<name>", "<string>"
};

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alnum(int c) { return is_alpha(c) || is_digit(c); }
static int is_xdigit(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_print(int c) { return c >= 32 && c < 127; }

/* Marks the reserved words. Short strings are interned, so the mark is seen by every later
 * lookup of the same name; reserved_index() re-marks a word whose string was collected. */
void cc_lex_init(lua_State *L) {
  for (int i = 0; i < CC_NUM_RESERVED; i++) {
    TString *ts = vm_str_newz(L, token_names[i]);
    ts->extra = cast_byte(i + 1);
  }
}

static int reserved_index(TString *ts) {
  if (ts->extra)
    return ts->extra;
  if (ts->len < 2 || ts->len > 8)
    return 0;
  for (int i = 0; i < CC_NUM_RESERVED; i++) {
    if (strcmp(getstr(ts), token_names[i]) == 0) {
      ts->extra = cast_byte(i + 1);
      return i + 1;
    }
  }
  return 0;
}

static void save(LexState *ls, int c) {
  Mbuffer *b = ls->buff;
  if (b->n + 1 > b->size) {
    if (b->size >= ((size_t)INT_MAX) / 2)
      cc_lex_error(ls, "lexical element too long", 0);
    vm_buf_resize(ls->L, b, b->size * 2);
  }
  b->buffer[b->n++] = (char)c;
}

#define save_and_next(ls) (save(ls, (ls)->current), next(ls))

const char *cc_lex_token2str(LexState *ls, int token) {
  if (token < FIRST_RESERVED) {
    if (is_print(token))
      return vm_pushfstring(ls->L, "'%c'", token);
    return vm_pushfstring(ls->L, "'<\\%d>'", token);
  }
  const char *s = token_names[token - FIRST_RESERVED];
  if (token < TK_EOS)
    return vm_pushfstring(ls->L, "'%s'", s);
  return s;
}

static const char *txt_token(LexState *ls, int token) {
  switch (token) {
  case TK_NAME: case TK_STRING: case TK_FLT: case TK_INT:
    save(ls, '\0');
    return vm_pushfstring(ls->L, "'%s'", ls->buff->buffer);
  default:
    return cc_lex_token2str(ls, token);
  }
}

l_noret cc_lex_error(LexState *ls, const char *msg, int token) {
  char id[LUA_IDSIZE];
  vm_chunkid(id, getstr(ls->source), tsslen(ls->source));
  msg = vm_pushfstring(ls->L, "%s:%d: %s", id, ls->linenumber, msg);
  if (token)
    vm_pushfstring(ls->L, "%s near %s", msg, txt_token(ls, token));
  vm_throw(ls->L, LUA_ERRSYNTAX);
}

l_noret cc_lex_syntaxerror(LexState *ls, const char *msg) {
  cc_lex_error(ls, msg, ls->t.token);
}

TString *cc_lex_newstring(LexState *ls, const char *str, size_t l) {
  return vm_str_new(ls->L, str, l);
}

/* Skips "\n", "\r", "\n\r" or "\r\n" and counts one line. */
static void inc_line(LexState *ls) {
  int old = ls->current;
  next(ls);
  if (curr_is_newline(ls) && ls->current != old)
    next(ls);
  if (++ls->linenumber >= INT_MAX)
    cc_lex_error(ls, "chunk has too many lines", 0);
}

void cc_lex_setinput(lua_State *L, LexState *ls, ZIO *z, TString *source, int firstchar) {
  ls->t.token = 0;
  ls->L = L;
  ls->current = firstchar;
  ls->lookahead.token = TK_EOS;
  ls->z = z;
  ls->fs = NULL;
  ls->linenumber = 1;
  ls->lastline = 1;
  ls->source = source;
  ls->envn = vm_str_newz(L, "_ENV");
  ls->buff->n = 0;
  vm_buf_resize(L, ls->buff, 32);
}

/* ------------------------------------------------------------------------------------------
 * Numerals.
 */

static int check_next1(LexState *ls, int c) {
  if (ls->current == c) {
    next(ls);
    return 1;
  }
  return 0;
}

/* Saves the current char if it is one of the two in set. */
static int check_next2(LexState *ls, const char *set) {
  if (ls->current == set[0] || ls->current == set[1]) {
    save_and_next(ls);
    return 1;
  }
  return 0;
}

/* Reads greedily everything that could belong to a numeral and lets vm_str2num judge it,
 * so "3x" or "0x1p" are reported whole as malformed. */
static int read_numeral(LexState *ls, SemInfo *seminfo) {
  Value obj;
  const char *expo = "Ee";
  int first = ls->current;
  save_and_next(ls);
  if (first == '0' && check_next2(ls, "xX"))
    expo = "Pp";
  for (;;) {
    if (check_next2(ls, expo))
      check_next2(ls, "-+");
    else if (is_xdigit(ls->current) || ls->current == '.')
      save_and_next(ls);
    else
      break;
  }
  if (is_alpha(ls->current))
    save_and_next(ls);
  save(ls, '\0');
  if (vm_str2num(ls->buff->buffer, &obj) == 0)
    cc_lex_error(ls, "malformed number", TK_FLT);
  if (ttisinteger(&obj)) {
    seminfo->i = ivalue(&obj);
    return TK_INT;
  }
  seminfo->r = fltvalue(&obj);
  return TK_FLT;
}

/* ------------------------------------------------------------------------------------------
 * Strings.
 */

/* At '[' or ']': returns level + 2 for a well-formed "[==[" / "]==]", 1 for a lone bracket,
 * 0 for '[' followed by '='s but no second bracket. */
static size_t skip_sep(LexState *ls) {
  size_t count = 0;
  int s = ls->current;
  save_and_next(ls);
  while (ls->current == '=') {
    save_and_next(ls);
    count++;
  }
  return ls->current == s ? count + 2 : (count == 0 ? 1 : 0);
}

static void read_long_string(LexState *ls, SemInfo *seminfo, size_t sep) {
  int line = ls->linenumber;
  save_and_next(ls);  /* second '[' */
  if (curr_is_newline(ls))
    inc_line(ls);  /* a first newline is skipped */
  for (;;) {
    switch (ls->current) {
    case EOZ: {
      const char *msg = vm_pushfstring(ls->L, "unfinished long %s (starting at line %d)",
                                       seminfo ? "string" : "comment", line);
      cc_lex_error(ls, msg, TK_EOS);
      break;
    }
    case ']':
      if (skip_sep(ls) == sep) {
        save_and_next(ls);
        goto done;
      }
      break;
    case '\n': case '\r':
      save(ls, '\n');
      inc_line(ls);
      if (!seminfo)
        ls->buff->n = 0;  /* comments need no text */
      break;
    default:
      if (seminfo)
        save_and_next(ls);
      else
        next(ls);
    }
  }
done:
  if (seminfo)
    seminfo->ts = cc_lex_newstring(ls, ls->buff->buffer + sep, ls->buff->n - 2 * sep);
}

static void esc_check(LexState *ls, int ok, const char *msg) {
  if (!ok) {
    if (ls->current != EOZ)
      save_and_next(ls);  /* the offending char shows in the message */
    cc_lex_error(ls, msg, TK_STRING);
  }
}

static int get_hexa(LexState *ls) {
  save_and_next(ls);
  esc_check(ls, is_xdigit(ls->current), "hexadecimal digit expected");
  return vm_hexavalue(ls->current);
}

static int read_hexa_esc(LexState *ls) {
  int r = get_hexa(ls);
  r = (r << 4) + get_hexa(ls);
  ls->buff->n -= 2;  /* drop 'x' and the first digit; the caller drops the '\\' */
  return r;
}

static unsigned long read_utf8_esc(LexState *ls) {
  unsigned long r;
  size_t i = 4;  /* '\\', 'u', '{' and the first digit are in the buffer */
  save_and_next(ls);
  esc_check(ls, ls->current == '{', "missing '{'");
  r = (unsigned long)get_hexa(ls);
  while (save_and_next(ls), is_xdigit(ls->current)) {
    i++;
    esc_check(ls, r <= (0x7FFFFFFFu >> 4), "UTF-8 value too large");
    r = (r << 4) + (unsigned long)vm_hexavalue(ls->current);
  }
  esc_check(ls, ls->current == '}', "missing '}'");
  next(ls);
  ls->buff->n -= i;
  return r;
}

static void utf8_esc(LexState *ls) {
  char buff[UTF8BUFFSZ];
  int n = vm_utf8esc(buff, read_utf8_esc(ls));
  for (; n > 0; n--)
    save(ls, buff[UTF8BUFFSZ - n]);
}

static int read_dec_esc(LexState *ls) {
  int i, r = 0;
  for (i = 0; i < 3 && is_digit(ls->current); i++) {
    r = 10 * r + ls->current - '0';
    save_and_next(ls);
  }
  esc_check(ls, r <= UCHAR_MAX, "decimal escape too large");
  ls->buff->n -= (size_t)i;
  return r;
}

static void read_string(LexState *ls, int del, SemInfo *seminfo) {
  save_and_next(ls);  /* the delimiter stays in the buffer for messages */
  while (ls->current != del) {
    switch (ls->current) {
    case EOZ:
      cc_lex_error(ls, "unfinished string", TK_EOS);
      break;
    case '\n': case '\r':
      cc_lex_error(ls, "unfinished string", TK_STRING);
      break;
    case '\\': {
      int c;
      save_and_next(ls);  /* keeps '\\' for messages */
      switch (ls->current) {
      case 'a': c = '\a'; goto read_save;
      case 'b': c = '\b'; goto read_save;
      case 'f': c = '\f'; goto read_save;
      case 'n': c = '\n'; goto read_save;
      case 'r': c = '\r'; goto read_save;
      case 't': c = '\t'; goto read_save;
      case 'v': c = '\v'; goto read_save;
      case 'x': c = read_hexa_esc(ls); goto read_save;
      case 'u': utf8_esc(ls); goto no_save;
      case '\n': case '\r':
        inc_line(ls);
        c = '\n';
        goto only_save;
      case '\\': case '\"': case '\'':
        c = ls->current;
        goto read_save;
      case EOZ:
        goto no_save;  /* the loop reports the unfinished string */
      case 'z': {
        ls->buff->n -= 1;
        next(ls);
        while (is_space(ls->current)) {
          if (curr_is_newline(ls))
            inc_line(ls);
          else
            next(ls);
        }
        goto no_save;
      }
      default:
        esc_check(ls, is_digit(ls->current), "invalid escape sequence");
        c = read_dec_esc(ls);
        goto only_save;
      }
    read_save:
      next(ls);
      /* fall through */
    only_save:
      ls->buff->n -= 1;  /* the '\\' */
      save(ls, c);
      /* fall through */
    no_save:
      break;
    }
    default:
      save_and_next(ls);
    }
  }
  save_and_next(ls);  /* closing delimiter */
  seminfo->ts = cc_lex_newstring(ls, ls->buff->buffer + 1, ls->buff->n - 2);
}

/* ------------------------------------------------------------------------------------------
 * The scanner.
 */

static int llex(LexState *ls, SemInfo *seminfo) {
  ls->buff->n = 0;
  for (;;) {
    switch (ls->current) {
    case '\n': case '\r':
      inc_line(ls);
      break;
    case ' ': case '\f': case '\t': case '\v':
      next(ls);
      break;
    case '-':
      next(ls);
      if (ls->current != '-')
        return '-';
      next(ls);
      if (ls->current == '[') {
        size_t sep = skip_sep(ls);
        ls->buff->n = 0;
        if (sep >= 2) {
          read_long_string(ls, NULL, sep);
          ls->buff->n = 0;
          break;
        }
      }
      while (!curr_is_newline(ls) && ls->current != EOZ)
        next(ls);
      break;
    case '[': {
      size_t sep = skip_sep(ls);
      if (sep >= 2) {
        read_long_string(ls, seminfo, sep);
        return TK_STRING;
      }
      if (sep == 0)
        cc_lex_error(ls, "invalid long string delimiter", TK_STRING);
      return '[';
    }
    case '=':
      next(ls);
      return check_next1(ls, '=') ? TK_EQ : '=';
    case '<':
      next(ls);
      if (check_next1(ls, '='))
        return TK_LE;
      if (check_next1(ls, '<'))
        return TK_SHL;
      return '<';
    case '>':
      next(ls);
      if (check_next1(ls, '='))
        return TK_GE;
      if (check_next1(ls, '>'))
        return TK_SHR;
      return '>';
    case '/':
      next(ls);
      return check_next1(ls, '/') ? TK_IDIV : '/';
    case '~':
      next(ls);
      return check_next1(ls, '=') ? TK_NE : '~';
    case ':':
      next(ls);
      return check_next1(ls, ':') ? TK_DBCOLON : ':';
    case '"': case '\'':
      read_string(ls, ls->current, seminfo);
      return TK_STRING;
    case '.':
      save_and_next(ls);
      if (check_next2(ls, "..")) {
        if (check_next2(ls, ".."))
          return TK_DOTS;
        return TK_CONCAT;
      }
      if (!is_digit(ls->current))
        return '.';
      return read_numeral(ls, seminfo);
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_numeral(ls, seminfo);
    case EOZ:
      return TK_EOS;
    default:
      if (is_alpha(ls->current)) {
        do {
          save_and_next(ls);
        } while (is_alnum(ls->current));
        TString *ts = cc_lex_newstring(ls, ls->buff->buffer, ls->buff->n);
        seminfo->ts = ts;
        int r = reserved_index(ts);
        if (r)
          return r - 1 + FIRST_RESERVED;
        return TK_NAME;
      } else {
        int c = ls->current;
        next(ls);
        return c;
      }
    }
  }
}

void cc_lex_next(LexState *ls) {
  ls->lastline = ls->linenumber;
  if (ls->lookahead.token != TK_EOS) {
    ls->t = ls->lookahead;
    ls->lookahead.token = TK_EOS;
  } else {
    ls->t.token = llex(ls, &ls->t.seminfo);
  }
}

int cc_lex_lookahead(LexState *ls) {
  ls->lookahead.token = llex(ls, &ls->lookahead.seminfo);
  return ls->lookahead.token;
}

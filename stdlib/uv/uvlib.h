/* Shared internals of the built-in `uv` module (libuv with luv's API): the per-state loop
 * context, handle and request records, callbacks, luv-style results, and the policy gate.
 * Handle and request records are malloc'd, so libuv never points into the collected heap; Lua
 * holds them through boxed pointers, and what they must keep alive is anchored in the
 * registry (docs/uv.md). */
#ifndef NACRE_UVLIB_H
#define NACRE_UVLIB_H

#include <uv.h>

#include "lauxlib.h"
#include "lua.h"
#include "runtime/sandbox.h"

/* One per main Lua state: the loop and what the running uv.run needs. */
typedef struct UvCtx {
  uv_loop_t loop;
  lua_State *L;      /* the thread callbacks run in (the caller of uv.run, else the main one) */
  int mode;          /* uv_run mode while running, -1 otherwise */
  int broken;        /* loop_close could not start a new loop */
  int alarm_taken;   /* SIGALRM had a handler when the module opened (--timeout's timer) */
  long handles;      /* live handles, counted against --max-files */
  long max_handles;  /* 0: unlimited */
  char *readbuf;     /* shared read buffer (reads are delivered one at a time) */
#define LIB_UV_READBUF 65536
} UvCtx;

/* A handle: the libuv struct first, so a uv_handle_t* is a UvHandle*. */
typedef struct UvHandle {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_timer_t timer;
    uv_idle_t idle;
    uv_prepare_t prepare;
    uv_check_t check;
    uv_async_t async;
    uv_signal_t signal;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_udp_t udp;
    uv_process_t process;
    uv_poll_t poll;
    uv_fs_event_t fs_event;
    uv_fs_poll_t fs_poll;
  } u;
  UvCtx *ctx;
  int ref;           /* registry ref of the Lua box until the close callback has run */
  int orphan;        /* the box was collected while closing: the close callback frees */
  int fd_out;        /* 1 or 2 when the stream writes to stdout/stderr (--max-output) */
} UvHandle;

/* Callback slots in a handle's uservalue table. */
enum { UV_CB_CLOSE = 1, UV_CB_MAIN = 2 };

/* A request: the libuv struct first. `cb` and `anchor` are registry refs. */
typedef struct UvReq {
  union {
    uv_req_t req;
    uv_fs_t fs;
    uv_connect_t connect;
    uv_write_t write;
    uv_shutdown_t shutdown;
    uv_udp_send_t udp_send;
    uv_getaddrinfo_t getaddrinfo;
    uv_getnameinfo_t getnameinfo;
    uv_work_t work;
  } r;
  UvCtx *ctx;
  int ref;           /* the Lua box of the request, until completion */
  int cb;            /* the callback */
  int anchor;        /* data that must outlive the request (strings being written) */
  char *buf;         /* owned buffer (fs_read) */
  uv_buf_t *bufs;    /* owned buffer vector */
  int fs_flags;      /* what an fs request returns (uv/fs.c) */
} UvReq;

/* uv/core.c */
UvCtx *lib_uv_ctx(lua_State *L);
int lib_uv_error(lua_State *L, int err);              /* nil, "ENAME: message", "ENAME" */
int lib_uv_result(lua_State *L, int ret);             /* ret < 0 ? lib_uv_error : ret */
int lib_uv_denied(lua_State *L);                      /* the policy's message as an EACCES triple */
/* A metatable `name` (also the class recorded in it) inheriting parent's methods. */
void lib_uv_newclass(lua_State *L, const char *name, const char *parent);
/* Adds fns to class cls as methods and to the module table at mod as prefix..name
 * (luv's pairs: timer:start and uv.timer_start). Subclasses made later inherit them. */
void lib_uv_methods(lua_State *L, int mod, const char *cls, const char *prefix,
                    const luaL_Reg *fns);
/* A handle record, or NULL with *err = UV_EMFILE when --max-files handles are open. */
UvHandle *lib_uv_alloc(lua_State *L, int *err);
/* After the libuv init call returned ret: pushes the handle's box (1), or frees h and pushes
 * the error triple (3). */
int lib_uv_adopt(lua_State *L, UvHandle *h, const char *cls, int ret);
UvHandle *lib_uv_check(lua_State *L, int idx, const char *cls);  /* class or a subclass */
void lib_uv_setcb(lua_State *L, int box, int slot, int fidx);    /* fidx 0: clear */
lua_State *lib_uv_pushcb(UvHandle *h, int slot);      /* pushes the callback, or NULL */
void lib_uv_call(lua_State *L, int nargs);            /* runs a callback; an error ends the process */
void lib_uv_pushhandle(lua_State *L, UvHandle *h);
UvReq *lib_uv_newreq(lua_State *L, int cbidx);        /* pushes the request's box */
lua_State *lib_uv_reqcb(UvReq *r);                    /* pushes the callback, or NULL */
void lib_uv_freereq(UvReq *r);                        /* at completion */
/* Completes a request whose callback takes only an error name (connect, write, send, ...). */
void lib_uv_reqstatus(uv_req_t *req, int status);
/* When libuv refused the request whose box is on top: frees it, pushes the error triple. */
int lib_uv_reqfail(lua_State *L, UvReq *r, int ret);
/* The descriptor number at idx into *fd: 0, or 3 with the denial triple pushed when the policy
 * reserves that descriptor. */
int lib_uv_checkfd(lua_State *L, int idx, int *fd);
int lib_uv_iscb(lua_State *L, int idx);               /* idx holds a callable */
int lib_uv_checkcb(lua_State *L, int idx, int optional);  /* raises unless callable (or nil) */
void lib_uv_anchor(lua_State *L, UvReq *r, int idx);  /* keeps the value at idx for r's life */

/* Shared helpers of the handle files. */
void lib_uv_closed(uv_handle_t *handle);           /* the close callback of every handle */
int lib_uv_optflag(lua_State *L, int idx, const char *name);  /* table field idx.name as boolean */
int lib_uv_name(lua_State *L, int ret, const struct sockaddr_storage *ss); /* getsockname result */
int lib_uv_signum(lua_State *L, int idx, int dflt);  /* "sigint" or a number (uv/handle.c) */
void lib_uv_pushsigname(lua_State *L, int sig);
void lib_uv_pushaddr(lua_State *L, const struct sockaddr *sa); /* {ip, family, port} (uv/stream.c) */
/* Fills ss from host and port, after asking the policy (--allow-net, "host:port"). Returns 0;
 * or pushes the result triple and returns its count (3). */
int lib_uv_addr(lua_State *L, const char *host, int port, struct sockaddr_storage *ss);
/* The string or array of strings at idx as buffers; *bufs is one or malloc'd. */
int lib_uv_bufs(lua_State *L, int idx, uv_buf_t *one, uv_buf_t **bufs, unsigned *n);

void lib_uv_pushstat(lua_State *L, const uv_stat_t *s);  /* luv's stat table (uv/fs.c) */

/* Each file's classes and functions, added to the module table at mod by luaopen_uv. */
void lib_uv_open_handle(lua_State *L, int mod);
void lib_uv_open_stream(lua_State *L, int mod);
void lib_uv_open_udp(lua_State *L, int mod);
void lib_uv_open_process(lua_State *L, int mod);
void lib_uv_open_fs(lua_State *L, int mod);
void lib_uv_open_watch(lua_State *L, int mod);
void lib_uv_constants(lua_State *L);  /* pushes uv.constants (uv/misc.c) */
extern const luaL_Reg lib_uv_dns_funcs[], lib_uv_misc_funcs[];

#endif

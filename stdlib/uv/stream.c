/* uv streams and their three kinds: tcp (connect and bind ask --allow-net), pipe and tty.
 * Data being written is anchored until the write callback; reads share the loop's buffer,
 * since each read is handed to Lua before the next one starts. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

/* ------------------------------------------------------------------------------------------
 * Addresses.
 */
void lib_uv_pushaddr(lua_State *L, const struct sockaddr *sa) {
  char ip[INET6_ADDRSTRLEN];
  int port;
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    uv_ip4_name(in, ip, sizeof ip);
    port = ntohs(in->sin_port);
  } else if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    uv_ip6_name(in6, ip, sizeof ip);
    port = ntohs(in6->sin6_port);
  } else {
    lua_pushnil(L);
    return;
  }
  lua_createtable(L, 0, 3);
  lua_pushstring(L, ip);
  lua_setfield(L, -2, "ip");
  lua_pushstring(L, sa->sa_family == AF_INET ? "inet" : "inet6");
  lua_setfield(L, -2, "family");
  lua_pushinteger(L, port);
  lua_setfield(L, -2, "port");
}

int lib_uv_addr(lua_State *L, const char *host, int port, struct sockaddr_storage *ss) {
  char what[INET6_ADDRSTRLEN + 16];
  if (port < 0 || port > 65535 ||
      (uv_ip4_addr(host, port, (struct sockaddr_in *)ss) != 0 &&
       uv_ip6_addr(host, port, (struct sockaddr_in6 *)ss) != 0))
    return luaL_error(L, "Invalid IP address or port [%s:%d]", host, port);
  snprintf(what, sizeof what, "%s:%d", host, port);
  if (rt_policy_ask(L, RT_NET, what) != 0) return lib_uv_denied(L);
  return 0;
}

/* getsockname/getpeername of tcp and udp handles. */
int lib_uv_name(lua_State *L, int ret, const struct sockaddr_storage *ss) {
  if (ret < 0) return lib_uv_error(L, ret);
  lib_uv_pushaddr(L, (const struct sockaddr *)ss);
  return 1;
}

int lib_uv_bufs(lua_State *L, int idx, uv_buf_t *one, uv_buf_t **bufs, unsigned *n) {
  size_t len;
  if (lua_type(L, idx) == LUA_TTABLE) {
    unsigned i, count = (unsigned)lua_rawlen(L, idx);
    uv_buf_t *v = (uv_buf_t *)malloc((count ? count : 1) * sizeof *v);
    if (v == NULL) return luaL_error(L, "not enough memory");
    for (i = 0; i < count; i++) {
      const char *s;
      lua_rawgeti(L, idx, i + 1);
      s = lua_tolstring(L, -1, &len);
      lua_pop(L, 1); /* the table keeps it alive (it is anchored with the request) */
      if (s == NULL) {
        free(v);
        return luaL_argerror(L, idx, "expected a string or an array of strings");
      }
      v[i] = uv_buf_init((char *)s, (unsigned)len);
    }
    *bufs = v;
    *n = count;
    return 1;
  }
  {
    const char *s = luaL_checklstring(L, idx, &len);
    *one = uv_buf_init((char *)s, (unsigned)len);
    *bufs = one;
    *n = 1;
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------
 * Streams.
 */
static void on_shutdown(uv_shutdown_t *req, int status) {
  lib_uv_reqstatus((uv_req_t *)req, status);
}

static void on_write(uv_write_t *req, int status) {
  lib_uv_reqstatus((uv_req_t *)req, status);
}

static void on_connect(uv_connect_t *req, int status) {
  lib_uv_reqstatus((uv_req_t *)req, status);
}

static int s_shutdown(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  int cb = lib_uv_checkcb(L, 2, 1) ? 2 : 0;
  UvReq *r = lib_uv_newreq(L, cb);
  int ret = uv_shutdown(&r->r.shutdown, &h->u.stream, on_shutdown);
  return ret < 0 ? lib_uv_reqfail(L, r, ret) : 1;
}

static void on_connection(uv_stream_t *server, int status) {
  lua_State *L = lib_uv_pushcb((UvHandle *)server, UV_CB_MAIN);
  if (L == NULL) return;
  if (status < 0) lua_pushstring(L, uv_err_name(status));
  else lua_pushnil(L);
  lib_uv_call(L, 1);
}

static int s_listen(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  int backlog = (int)luaL_checkinteger(L, 2);
  lib_uv_checkcb(L, 3, 0);
  if (h->u.handle.type == UV_TCP) { /* bind asked the policy; an unbound socket binds to any */
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (uv_tcp_getsockname(&h->u.tcp, (struct sockaddr *)&ss, &len) < 0 &&
        rt_policy_ask(L, RT_NET, "0.0.0.0:0") != 0)
      return lib_uv_denied(L);
  }
  lib_uv_setcb(L, 1, UV_CB_MAIN, 3);
  return lib_uv_result(L, uv_listen(&h->u.stream, backlog, on_connection));
}

static int s_accept(lua_State *L) {
  UvHandle *server = lib_uv_check(L, 1, "uv_stream");
  UvHandle *client = lib_uv_check(L, 2, "uv_stream");
  return lib_uv_result(L, uv_accept(&server->u.stream, &client->u.stream));
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  UvHandle *h = (UvHandle *)handle;
  (void)suggested;
  *buf = uv_buf_init(h->ctx->readbuf, LIB_UV_READBUF);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  lua_State *L;
  if (nread == 0) return;
  L = lib_uv_pushcb((UvHandle *)stream, UV_CB_MAIN);
  if (L == NULL) return;
  if (nread > 0) {
    lua_pushnil(L);
    lua_pushlstring(L, buf->base, (size_t)nread);
  } else if (nread == UV_EOF) {
    lua_pushnil(L);
    lua_pushnil(L);
  } else {
    lua_pushstring(L, uv_err_name((int)nread));
    lua_pushnil(L);
  }
  lib_uv_call(L, 2);
}

static int s_read_start(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  lib_uv_checkcb(L, 2, 0);
  lib_uv_setcb(L, 1, UV_CB_MAIN, 2);
  return lib_uv_result(L, uv_read_start(&h->u.stream, on_alloc, on_read));
}

static int s_read_stop(lua_State *L) {
  return lib_uv_result(L, uv_read_stop(&lib_uv_check(L, 1, "uv_stream")->u.stream));
}

static void charge_output(lua_State *L, UvHandle *h, const uv_buf_t *bufs, unsigned n) {
  unsigned i;
  if (h->fd_out == 0) return;
  for (i = 0; i < n; i++) rt_policy_output(L, h->fd_out, bufs[i].base, bufs[i].len);
}

static int write_(lua_State *L, UvHandle *send) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  int cbidx = send ? 4 : 3;
  int cb = lib_uv_checkcb(L, cbidx, 1) ? cbidx : 0;
  uv_buf_t one, *bufs;
  unsigned n;
  UvReq *r;
  int ret;
  lib_uv_bufs(L, 2, &one, &bufs, &n);
  charge_output(L, h, bufs, n);
  r = lib_uv_newreq(L, cb);
  if (bufs != &one) r->bufs = bufs;
  lib_uv_anchor(L, r, 2);
  ret = send ? uv_write2(&r->r.write, &h->u.stream, bufs, n, &send->u.stream, on_write)
             : uv_write(&r->r.write, &h->u.stream, bufs, n, on_write);
  return ret < 0 ? lib_uv_reqfail(L, r, ret) : 1;
}

static int s_write(lua_State *L) {
  return write_(L, NULL);
}

static int s_write2(lua_State *L) {
  return write_(L, lib_uv_check(L, 3, "uv_stream"));
}

static int try_write_(lua_State *L, UvHandle *send) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  uv_buf_t one, *bufs;
  unsigned n;
  int ret;
  lib_uv_bufs(L, 2, &one, &bufs, &n);
  charge_output(L, h, bufs, n);
  ret = send ? uv_try_write2(&h->u.stream, bufs, n, &send->u.stream)
             : uv_try_write(&h->u.stream, bufs, n);
  if (bufs != &one) free(bufs);
  return lib_uv_result(L, ret);
}

static int s_try_write(lua_State *L) {
  return try_write_(L, NULL);
}

static int s_try_write2(lua_State *L) {
  return try_write_(L, lib_uv_check(L, 3, "uv_stream"));
}

static int s_is_readable(lua_State *L) {
  lua_pushboolean(L, uv_is_readable(&lib_uv_check(L, 1, "uv_stream")->u.stream));
  return 1;
}

static int s_is_writable(lua_State *L) {
  lua_pushboolean(L, uv_is_writable(&lib_uv_check(L, 1, "uv_stream")->u.stream));
  return 1;
}

static int s_set_blocking(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  return lib_uv_result(L, uv_stream_set_blocking(&h->u.stream, lua_toboolean(L, 2)));
}

static int s_get_write_queue_size(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_stream");
  lua_pushinteger(L, (lua_Integer)uv_stream_get_write_queue_size(&h->u.stream));
  return 1;
}

static const luaL_Reg stream_methods[] = {
  {"shutdown", s_shutdown},
  {"listen", s_listen},
  {"accept", s_accept},
  {"read_start", s_read_start},
  {"read_stop", s_read_stop},
  {"write", s_write},
  {"write2", s_write2},
  {"try_write", s_try_write},
  {"try_write2", s_try_write2},
  {"is_readable", s_is_readable},
  {"is_writable", s_is_writable},
  {NULL, NULL},
};

static const luaL_Reg stream_prefixed_methods[] = { /* uv.stream_set_blocking, ... */
  {"set_blocking", s_set_blocking},
  {"get_write_queue_size", s_get_write_queue_size},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * tcp
 */
static int new_tcp(lua_State *L) {
  unsigned flags = AF_UNSPEC;
  int err;
  UvHandle *h;
  if (!lua_isnoneornil(L, 1)) {
    const char *family = luaL_checkstring(L, 1);
    if (strcmp(family, "inet") == 0) flags = AF_INET;
    else if (strcmp(family, "inet6") == 0) flags = AF_INET6;
    else if (strcmp(family, "unix") == 0) flags = AF_UNIX;
    else return luaL_error(L, "bad argument #1 to 'new_tcp' (invalid or unknown address family: '%s')", family);
  }
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_tcp", uv_tcp_init_ex(&h->ctx->loop, &h->u.tcp, flags));
}

static int tcp_open(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  int fd;
  if (lib_uv_checkfd(L, 2, &fd)) return 3;
  return lib_uv_result(L, uv_tcp_open(&h->u.tcp, (uv_os_sock_t)fd));
}

static int tcp_nodelay(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  return lib_uv_result(L, uv_tcp_nodelay(&h->u.tcp, lua_toboolean(L, 2)));
}

static int tcp_keepalive(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  int enable;
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  enable = lua_toboolean(L, 2);
  return lib_uv_result(L, uv_tcp_keepalive(&h->u.tcp, enable,
                                           enable ? (unsigned)luaL_checkinteger(L, 3) : 0));
}

static int tcp_simultaneous_accepts(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  return lib_uv_result(L, uv_tcp_simultaneous_accepts(&h->u.tcp, lua_toboolean(L, 2)));
}

int lib_uv_optflag(lua_State *L, int idx, const char *name) {
  int v;
  if (lua_type(L, idx) != LUA_TTABLE) return 0;
  lua_getfield(L, idx, name);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

static int tcp_bind(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  const char *host = luaL_checkstring(L, 2);
  int port = (int)luaL_checkinteger(L, 3);
  struct sockaddr_storage ss;
  unsigned flags = lib_uv_optflag(L, 4, "ipv6only") ? UV_TCP_IPV6ONLY : 0;
  int n = lib_uv_addr(L, host, port, &ss);
  if (n) return n;
  return lib_uv_result(L, uv_tcp_bind(&h->u.tcp, (struct sockaddr *)&ss, flags));
}

static int tcp_getsockname(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  struct sockaddr_storage ss;
  int len = sizeof ss;
  return lib_uv_name(L, uv_tcp_getsockname(&h->u.tcp, (struct sockaddr *)&ss, &len), &ss);
}

static int tcp_getpeername(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  struct sockaddr_storage ss;
  int len = sizeof ss;
  return lib_uv_name(L, uv_tcp_getpeername(&h->u.tcp, (struct sockaddr *)&ss, &len), &ss);
}

static int tcp_connect(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  const char *host = luaL_checkstring(L, 2);
  int port = (int)luaL_checkinteger(L, 3);
  struct sockaddr_storage ss;
  int n, ret, cb;
  UvReq *r;
  cb = lib_uv_checkcb(L, 4, 1) ? 4 : 0;
  n = lib_uv_addr(L, host, port, &ss);
  if (n) return n;
  r = lib_uv_newreq(L, cb);
  ret = uv_tcp_connect(&r->r.connect, &h->u.tcp, (struct sockaddr *)&ss, on_connect);
  return ret < 0 ? lib_uv_reqfail(L, r, ret) : 1;
}

static int tcp_write_queue_size(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  lua_pushinteger(L, (lua_Integer)h->u.tcp.write_queue_size);
  return 1;
}

static int tcp_close_reset(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tcp");
  if (uv_is_closing(&h->u.handle)) return luaL_error(L, "handle %p is already closing", (void *)h);
  if (lib_uv_checkcb(L, 2, 1)) lib_uv_setcb(L, 1, UV_CB_CLOSE, 2);
  return lib_uv_result(L, uv_tcp_close_reset(&h->u.tcp, lib_uv_closed));
}

static const luaL_Reg tcp_methods[] = {
  {"open", tcp_open},
  {"nodelay", tcp_nodelay},
  {"keepalive", tcp_keepalive},
  {"simultaneous_accepts", tcp_simultaneous_accepts},
  {"bind", tcp_bind},
  {"getsockname", tcp_getsockname},
  {"getpeername", tcp_getpeername},
  {"connect", tcp_connect},
  {"write_queue_size", tcp_write_queue_size},
  {"close_reset", tcp_close_reset},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * pipe
 */
static int new_pipe(lua_State *L) {
  int ipc = lua_toboolean(L, 1), err;
  UvHandle *h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_pipe", uv_pipe_init(&h->ctx->loop, &h->u.pipe, ipc));
}

static int pipe_open(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_pipe");
  int fd, ret;
  if (lib_uv_checkfd(L, 2, &fd)) return 3;
  ret = uv_pipe_open(&h->u.pipe, fd);
  if (ret == 0 && (fd == 1 || fd == 2)) h->fd_out = fd;
  return lib_uv_result(L, ret);
}

static int pipe_bind(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_pipe");
  const char *name = luaL_checkstring(L, 2);
  if (rt_policy_ask(L, RT_WRITE, name) != 0) return lib_uv_denied(L);
  return lib_uv_result(L, uv_pipe_bind(&h->u.pipe, name));
}

static int pipe_connect(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_pipe");
  const char *name = luaL_checkstring(L, 2);
  int cb = lib_uv_checkcb(L, 3, 1) ? 3 : 0;
  UvReq *r;
  if (rt_policy_ask(L, RT_WRITE, name) != 0) return lib_uv_denied(L);
  r = lib_uv_newreq(L, cb);
  uv_pipe_connect(&r->r.connect, &h->u.pipe, name, on_connect);
  return 1;
}

static int pipe_name(lua_State *L, int (*f)(const uv_pipe_t *, char *, size_t *)) {
  UvHandle *h = lib_uv_check(L, 1, "uv_pipe");
  char buf[1024];
  size_t len = sizeof buf;
  int ret = f(&h->u.pipe, buf, &len);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, len);
  return 1;
}

static int pipe_getsockname(lua_State *L) {
  return pipe_name(L, uv_pipe_getsockname);
}

static int pipe_getpeername(lua_State *L) {
  return pipe_name(L, uv_pipe_getpeername);
}

static int pipe_pending_instances(lua_State *L) {
  uv_pipe_pending_instances(&lib_uv_check(L, 1, "uv_pipe")->u.pipe, (int)luaL_checkinteger(L, 2));
  return 0;
}

static int pipe_pending_count(lua_State *L) {
  lua_pushinteger(L, uv_pipe_pending_count(&lib_uv_check(L, 1, "uv_pipe")->u.pipe));
  return 1;
}

static int pipe_pending_type(lua_State *L) {
  uv_handle_type t = uv_pipe_pending_type(&lib_uv_check(L, 1, "uv_pipe")->u.pipe);
  lua_pushstring(L, uv_handle_type_name(t));
  return 1;
}

static int pipe_chmod(lua_State *L) {
  static const char *const modes[] = {"r", "w", "rw", "wr", NULL};
  static const int flags[] = {UV_READABLE, UV_WRITABLE, UV_READABLE | UV_WRITABLE,
                              UV_READABLE | UV_WRITABLE};
  UvHandle *h = lib_uv_check(L, 1, "uv_pipe");
  int mode = luaL_checkoption(L, 2, NULL, modes);
  return lib_uv_result(L, uv_pipe_chmod(&h->u.pipe, flags[mode]));
}

/* uv.pipe(read_flags, write_flags) -> {read = fd, write = fd} */
static int uv_pipe_(lua_State *L) {
  uv_file fds[2];
  int ret = uv_pipe(fds, lib_uv_optflag(L, 1, "nonblock") ? UV_NONBLOCK_PIPE : 0,
                    lib_uv_optflag(L, 2, "nonblock") ? UV_NONBLOCK_PIPE : 0);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, fds[0]);
  lua_setfield(L, -2, "read");
  lua_pushinteger(L, fds[1]);
  lua_setfield(L, -2, "write");
  return 1;
}

/* uv.socketpair(socktype, protocol, flags1, flags2) -> {fd1, fd2} */
static int uv_socketpair_(lua_State *L) {
  static const char *const types[] = {"stream", "dgram", "raw", "seqpacket", NULL};
  static const int tvals[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};
  int type = SOCK_STREAM, protocol = 0, ret;
  uv_os_sock_t fds[2];
  if (lua_type(L, 1) == LUA_TNUMBER) type = (int)lua_tointeger(L, 1);
  else if (!lua_isnoneornil(L, 1)) type = tvals[luaL_checkoption(L, 1, NULL, types)];
  if (lua_type(L, 2) == LUA_TNUMBER) protocol = (int)lua_tointeger(L, 2);
  ret = uv_socketpair(type, protocol, fds, lib_uv_optflag(L, 3, "nonblock") ? UV_NONBLOCK_PIPE : 0,
                      lib_uv_optflag(L, 4, "nonblock") ? UV_NONBLOCK_PIPE : 0);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, 2, 0);
  lua_pushinteger(L, fds[0]);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, fds[1]);
  lua_rawseti(L, -2, 2);
  return 1;
}

static const luaL_Reg pipe_methods[] = {
  {"open", pipe_open},
  {"bind", pipe_bind},
  {"connect", pipe_connect},
  {"getsockname", pipe_getsockname},
  {"getpeername", pipe_getpeername},
  {"pending_instances", pipe_pending_instances},
  {"pending_count", pipe_pending_count},
  {"pending_type", pipe_pending_type},
  {"chmod", pipe_chmod},
  {NULL, NULL},
};

/* ------------------------------------------------------------------------------------------
 * tty
 */
static int new_tty(lua_State *L) {
  int fd, err, ret;
  UvHandle *h;
  luaL_checktype(L, 2, LUA_TBOOLEAN);
  if (lib_uv_checkfd(L, 1, &fd)) return 3;
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  if (fd == 1 || fd == 2) h->fd_out = fd;
  ret = uv_tty_init(&h->ctx->loop, &h->u.tty, fd, lua_toboolean(L, 2));
  return lib_uv_adopt(L, h, "uv_tty", ret);
}

static int tty_set_mode(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tty");
  return lib_uv_result(L, uv_tty_set_mode(&h->u.tty, (uv_tty_mode_t)luaL_checkinteger(L, 2)));
}

static int tty_reset_mode(lua_State *L) {
  return lib_uv_result(L, uv_tty_reset_mode());
}

static int tty_get_winsize(lua_State *L) {
  UvHandle *h = lib_uv_check(L, 1, "uv_tty");
  int w, hgt;
  int ret = uv_tty_get_winsize(&h->u.tty, &w, &hgt);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, w);
  lua_pushinteger(L, hgt);
  return 2;
}

static int tty_get_vterm_state(lua_State *L) {
  uv_tty_vtermstate_t state;
  int ret = uv_tty_get_vterm_state(&state);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushstring(L, state == UV_TTY_SUPPORTED ? "supported" : "unsupported");
  return 1;
}

static int tty_set_vterm_state(lua_State *L) {
  static const char *const states[] = {"supported", "unsupported", NULL};
  int st = luaL_checkoption(L, 1, NULL, states);
  uv_tty_set_vterm_state(st == 0 ? UV_TTY_SUPPORTED : UV_TTY_UNSUPPORTED);
  return 0;
}

static const luaL_Reg tty_methods[] = {
  {"set_mode", tty_set_mode},
  {"get_winsize", tty_get_winsize},
  {NULL, NULL},
};

static const luaL_Reg funcs[] = {
  {"new_tcp", new_tcp},
  {"new_pipe", new_pipe},
  {"pipe", uv_pipe_},
  {"socketpair", uv_socketpair_},
  {"new_tty", new_tty},
  {"tty_reset_mode", tty_reset_mode},
  {"tty_get_vterm_state", tty_get_vterm_state},
  {"tty_set_vterm_state", tty_set_vterm_state},
  {NULL, NULL},
};

void lib_uv_open_stream(lua_State *L, int mod) {
  lib_uv_newclass(L, "uv_stream", "uv_handle");
  lib_uv_methods(L, mod, "uv_stream", "", stream_methods);
  lib_uv_methods(L, mod, "uv_stream", "stream_", stream_prefixed_methods);
  lib_uv_newclass(L, "uv_tcp", "uv_stream");
  lib_uv_methods(L, mod, "uv_tcp", "tcp_", tcp_methods);
  lib_uv_newclass(L, "uv_pipe", "uv_stream");
  lib_uv_methods(L, mod, "uv_pipe", "pipe_", pipe_methods);
  lib_uv_newclass(L, "uv_tty", "uv_stream");
  lib_uv_methods(L, mod, "uv_tty", "tty_", tty_methods);
  luaL_setfuncs(L, funcs, 0);
}

/* uv udp handles: bind, connect and send ask --allow-net ("host:port"); receive, multicast
 * and socket options as luv spells them. */
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

static int new_udp(lua_State *L) {
  unsigned flags = AF_UNSPEC;
  int err;
  UvHandle *h;
  if (lua_type(L, 1) == LUA_TSTRING) {
    const char *family = lua_tostring(L, 1);
    if (strcmp(family, "inet") == 0) flags = AF_INET;
    else if (strcmp(family, "inet6") == 0) flags = AF_INET6;
    else return luaL_argerror(L, 1, lua_pushfstring(L, "invalid or unknown address family: '%s'", family));
  } else if (lua_type(L, 1) == LUA_TTABLE) {
    lua_getfield(L, 1, "family");
    if (lua_type(L, -1) == LUA_TSTRING)
      flags = strcmp(lua_tostring(L, -1), "inet6") == 0 ? AF_INET6 : AF_INET;
    lua_pop(L, 1);
    lua_getfield(L, 1, "mmsgs");
    if (lua_tointeger(L, -1) > 1) flags |= UV_UDP_RECVMMSG;
    lua_pop(L, 1);
  }
  h = lib_uv_alloc(L, &err);
  if (h == NULL) return lib_uv_error(L, err);
  return lib_uv_adopt(L, h, "uv_udp", uv_udp_init_ex(&h->ctx->loop, &h->u.udp, flags));
}

static uv_udp_t *check(lua_State *L) {
  return &lib_uv_check(L, 1, "uv_udp")->u.udp;
}

static int udp_open(lua_State *L) {
  uv_udp_t *u = check(L);
  int fd;
  if (lib_uv_checkfd(L, 2, &fd)) return 3;
  return lib_uv_result(L, uv_udp_open(u, (uv_os_sock_t)fd));
}

static int udp_bind(lua_State *L) {
  uv_udp_t *u = check(L);
  const char *host = luaL_checkstring(L, 2);
  int port = (int)luaL_checkinteger(L, 3);
  unsigned flags = (lib_uv_optflag(L, 4, "ipv6only") ? UV_UDP_IPV6ONLY : 0) |
                   (lib_uv_optflag(L, 4, "reuseaddr") ? UV_UDP_REUSEADDR : 0);
  struct sockaddr_storage ss;
  int n = lib_uv_addr(L, host, port, &ss);
  if (n) return n;
  return lib_uv_result(L, uv_udp_bind(u, (struct sockaddr *)&ss, flags));
}

static int udp_connect(lua_State *L) {
  uv_udp_t *u = check(L);
  struct sockaddr_storage ss;
  int n;
  if (lua_isnil(L, 2) && lua_isnoneornil(L, 3)) return lib_uv_result(L, uv_udp_connect(u, NULL));
  n = lib_uv_addr(L, luaL_checkstring(L, 2), (int)luaL_checkinteger(L, 3), &ss);
  if (n) return n;
  return lib_uv_result(L, uv_udp_connect(u, (struct sockaddr *)&ss));
}

static int udp_getsockname(lua_State *L) {
  uv_udp_t *u = check(L);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  return lib_uv_name(L, uv_udp_getsockname(u, (struct sockaddr *)&ss, &len), &ss);
}

static int udp_getpeername(lua_State *L) {
  uv_udp_t *u = check(L);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  return lib_uv_name(L, uv_udp_getpeername(u, (struct sockaddr *)&ss, &len), &ss);
}

static void on_send(uv_udp_send_t *req, int status) {
  lib_uv_reqstatus((uv_req_t *)req, status);
}

/* The destination of send/try_send: host and port, or nil and nil on a connected socket. */
static int dest(lua_State *L, struct sockaddr_storage *ss, const struct sockaddr **sa) {
  int n;
  *sa = NULL;
  if (lua_isnil(L, 3) && lua_isnil(L, 4)) return 0;
  n = lib_uv_addr(L, luaL_checkstring(L, 3), (int)luaL_checkinteger(L, 4), ss);
  if (n == 0) *sa = (const struct sockaddr *)ss;
  return n;
}

static int udp_send(lua_State *L) {
  uv_udp_t *u = check(L);
  struct sockaddr_storage ss;
  const struct sockaddr *sa;
  uv_buf_t one, *bufs;
  unsigned n;
  int cb = lib_uv_checkcb(L, 5, 1) ? 5 : 0, ret;
  UvReq *r;
  if ((ret = dest(L, &ss, &sa)) != 0) return ret;
  lib_uv_bufs(L, 2, &one, &bufs, &n);
  r = lib_uv_newreq(L, cb);
  if (bufs != &one) r->bufs = bufs;
  lib_uv_anchor(L, r, 2);
  ret = uv_udp_send(&r->r.udp_send, u, bufs, n, sa, on_send);
  if (ret < 0) return lib_uv_reqfail(L, r, ret);
  lua_pushinteger(L, 0); /* luv returns 0 here, not the request */
  return 1;
}

static int udp_try_send(lua_State *L) {
  uv_udp_t *u = check(L);
  struct sockaddr_storage ss;
  const struct sockaddr *sa;
  uv_buf_t one, *bufs;
  unsigned n;
  int ret;
  if ((ret = dest(L, &ss, &sa)) != 0) return ret;
  lib_uv_bufs(L, 2, &one, &bufs, &n);
  ret = uv_udp_try_send(u, bufs, n, sa);
  if (bufs != &one) free(bufs);
  return lib_uv_result(L, ret);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  *buf = uv_buf_init(((UvHandle *)handle)->ctx->readbuf, LIB_UV_READBUF);
}

static void on_recv(uv_udp_t *u, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr,
                    unsigned flags) {
  lua_State *L;
  if (nread == 0 && addr == NULL) return; /* nothing more to read */
  L = lib_uv_pushcb((UvHandle *)u, UV_CB_MAIN);
  if (L == NULL) return;
  if (nread < 0) {
    lua_pushstring(L, uv_err_name((int)nread));
    lua_pushnil(L);
  } else {
    lua_pushnil(L);
    lua_pushlstring(L, buf->base, (size_t)nread);
  }
  if (addr) lib_uv_pushaddr(L, addr);
  else lua_pushnil(L);
  lua_createtable(L, 0, 1);
  if (flags & UV_UDP_PARTIAL) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "partial");
  }
  lib_uv_call(L, 4);
}

static int udp_recv_start(lua_State *L) {
  uv_udp_t *u = check(L);
  lib_uv_checkcb(L, 2, 0);
  lib_uv_setcb(L, 1, UV_CB_MAIN, 2);
  return lib_uv_result(L, uv_udp_recv_start(u, on_alloc, on_recv));
}

static int udp_recv_stop(lua_State *L) {
  return lib_uv_result(L, uv_udp_recv_stop(check(L)));
}

static int udp_set_broadcast(lua_State *L) {
  uv_udp_t *u = check(L);
  return lib_uv_result(L, uv_udp_set_broadcast(u, lua_toboolean(L, 2)));
}

static int udp_set_ttl(lua_State *L) {
  uv_udp_t *u = check(L);
  return lib_uv_result(L, uv_udp_set_ttl(u, (int)luaL_checkinteger(L, 2)));
}

static int udp_set_multicast_loop(lua_State *L) {
  uv_udp_t *u = check(L);
  return lib_uv_result(L, uv_udp_set_multicast_loop(u, lua_toboolean(L, 2)));
}

static int udp_set_multicast_ttl(lua_State *L) {
  uv_udp_t *u = check(L);
  return lib_uv_result(L, uv_udp_set_multicast_ttl(u, (int)luaL_checkinteger(L, 2)));
}

static int udp_set_multicast_interface(lua_State *L) {
  uv_udp_t *u = check(L);
  return lib_uv_result(L, uv_udp_set_multicast_interface(u, luaL_optstring(L, 2, NULL)));
}

static uv_membership membership(lua_State *L, int idx) {
  static const char *const names[] = {"leave", "join", NULL};
  return luaL_checkoption(L, idx, NULL, names) ? UV_JOIN_GROUP : UV_LEAVE_GROUP;
}

static int udp_set_membership(lua_State *L) {
  uv_udp_t *u = check(L);
  const char *group = luaL_checkstring(L, 2);
  const char *iface = luaL_optstring(L, 3, NULL);
  if (rt_policy_ask(L, RT_NET, group) != 0) return lib_uv_denied(L);
  return lib_uv_result(L, uv_udp_set_membership(u, group, iface, membership(L, 4)));
}

static int udp_set_source_membership(lua_State *L) {
  uv_udp_t *u = check(L);
  const char *group = luaL_checkstring(L, 2);
  const char *iface = luaL_optstring(L, 3, NULL);
  const char *source = luaL_checkstring(L, 4);
  if (rt_policy_ask(L, RT_NET, group) != 0) return lib_uv_denied(L);
  return lib_uv_result(L, uv_udp_set_source_membership(u, group, iface, source, membership(L, 5)));
}

static int udp_get_send_queue_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_udp_get_send_queue_size(check(L)));
  return 1;
}

static int udp_get_send_queue_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)uv_udp_get_send_queue_count(check(L)));
  return 1;
}

static const luaL_Reg udp_methods[] = {
  {"open", udp_open},
  {"bind", udp_bind},
  {"connect", udp_connect},
  {"getsockname", udp_getsockname},
  {"getpeername", udp_getpeername},
  {"send", udp_send},
  {"try_send", udp_try_send},
  {"recv_start", udp_recv_start},
  {"recv_stop", udp_recv_stop},
  {"set_broadcast", udp_set_broadcast},
  {"set_ttl", udp_set_ttl},
  {"set_multicast_loop", udp_set_multicast_loop},
  {"set_multicast_ttl", udp_set_multicast_ttl},
  {"set_multicast_interface", udp_set_multicast_interface},
  {"set_membership", udp_set_membership},
  {"set_source_membership", udp_set_source_membership},
  {"get_send_queue_size", udp_get_send_queue_size},
  {"get_send_queue_count", udp_get_send_queue_count},
  {NULL, NULL},
};

void lib_uv_open_udp(lua_State *L, int mod) {
  lib_uv_newclass(L, "uv_udp", "uv_handle");
  lib_uv_methods(L, mod, "uv_udp", "udp_", udp_methods);
  lua_pushcfunction(L, new_udp);
  lua_setfield(L, mod, "new_udp");
}

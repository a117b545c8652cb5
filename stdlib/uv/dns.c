/* uv name resolution: getaddrinfo and getnameinfo, synchronous without a callback and
 * asynchronous with one. Under the sandbox a lookup asks --allow-net for the host name. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/uv/uvlib.h"

static const char *family_name(int f) {
  return f == AF_INET ? "inet" : f == AF_INET6 ? "inet6" : f == AF_UNIX ? "unix" : NULL;
}

static const char *socktype_name(int t) {
  switch (t) {
    case SOCK_STREAM: return "stream";
    case SOCK_DGRAM: return "dgram";
    case SOCK_RAW: return "raw";
    case SOCK_SEQPACKET: return "seqpacket";
    default: return NULL;
  }
}

static void push_addrinfo(lua_State *L, const struct addrinfo *res) {
  int i = 0;
  lua_newtable(L);
  for (; res; res = res->ai_next) {
    const char *s;
    lua_newtable(L);
    lib_uv_pushaddr(L, res->ai_addr); /* {ip, family, port}: copy as luv names them */
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "ip");
      lua_setfield(L, -3, "addr");
      if (((const struct sockaddr_in *)res->ai_addr)->sin_port) {
        lua_getfield(L, -1, "port");
        lua_setfield(L, -3, "port");
      }
    }
    lua_pop(L, 1);
    if ((s = family_name(res->ai_family)) != NULL) {
      lua_pushstring(L, s);
      lua_setfield(L, -2, "family");
    }
    if ((s = socktype_name(res->ai_socktype)) != NULL) {
      lua_pushstring(L, s);
      lua_setfield(L, -2, "socktype");
    }
    if (res->ai_protocol) {
      const struct protoent *p = getprotobynumber(res->ai_protocol);
      if (p) lua_pushstring(L, p->p_name);
      else lua_pushinteger(L, res->ai_protocol);
      lua_setfield(L, -2, "protocol");
    }
    if (res->ai_canonname) {
      lua_pushstring(L, res->ai_canonname);
      lua_setfield(L, -2, "canonname");
    }
    lua_rawseti(L, -2, ++i);
  }
}

static void on_getaddrinfo(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  UvReq *r = (UvReq *)req;
  lua_State *L = lib_uv_reqcb(r);
  if (L) {
    if (status < 0) {
      lua_pushstring(L, uv_err_name(status));
      lua_pushnil(L);
    } else {
      lua_pushnil(L);
      push_addrinfo(L, res);
    }
  }
  uv_freeaddrinfo(res);
  lib_uv_freereq(r);
  if (L) lib_uv_call(L, 2);
}

static int opt_field(lua_State *L, const char *name, const char *const *names, const int *vals) {
  int v = 0;
  lua_getfield(L, 3, name);
  if (lua_type(L, -1) == LUA_TNUMBER) {
    v = (int)lua_tointeger(L, -1);
  } else if (lua_type(L, -1) == LUA_TSTRING) {
    const char *s = lua_tostring(L, -1);
    int i;
    for (i = 0; names[i]; i++)
      if (strcmp(s, names[i]) == 0) v = vals[i];
  }
  lua_pop(L, 1);
  return v;
}

static int getaddrinfo_(lua_State *L) {
  static const char *const families[] = {"inet", "inet6", "unix", NULL};
  static const int family_vals[] = {AF_INET, AF_INET6, AF_UNIX};
  static const char *const socktypes[] = {"stream", "dgram", "raw", "seqpacket", NULL};
  static const int socktype_vals[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};
  const char *node = luaL_optstring(L, 1, NULL);
  const char *service = luaL_optstring(L, 2, NULL);
  struct addrinfo hints;
  int cb, ret;
  UvReq *r;
  memset(&hints, 0, sizeof hints);
  if (lua_istable(L, 3)) {
    hints.ai_family = opt_field(L, "family", families, family_vals);
    hints.ai_socktype = opt_field(L, "socktype", socktypes, socktype_vals);
    lua_getfield(L, 3, "protocol");
    if (lua_type(L, -1) == LUA_TNUMBER) {
      hints.ai_protocol = (int)lua_tointeger(L, -1);
    } else if (lua_type(L, -1) == LUA_TSTRING) {
      const struct protoent *p = getprotobyname(lua_tostring(L, -1));
      if (p) hints.ai_protocol = p->p_proto;
    }
    lua_pop(L, 1);
    if (lib_uv_optflag(L, 3, "addrconfig")) hints.ai_flags |= AI_ADDRCONFIG;
    if (lib_uv_optflag(L, 3, "v4mapped")) hints.ai_flags |= AI_V4MAPPED;
    if (lib_uv_optflag(L, 3, "all")) hints.ai_flags |= AI_ALL;
    if (lib_uv_optflag(L, 3, "numerichost")) hints.ai_flags |= AI_NUMERICHOST;
    if (lib_uv_optflag(L, 3, "passive")) hints.ai_flags |= AI_PASSIVE;
    if (lib_uv_optflag(L, 3, "numericserv")) hints.ai_flags |= AI_NUMERICSERV;
    if (lib_uv_optflag(L, 3, "canonname")) hints.ai_flags |= AI_CANONNAME;
  }
  if (node && rt_policy_ask(L, RT_NET, node) != 0) return lib_uv_denied(L);
  cb = lib_uv_checkcb(L, 4, 1) ? 4 : 0;
  if (!cb) {
    uv_getaddrinfo_t req;
    ret = uv_getaddrinfo(&lib_uv_ctx(L)->loop, &req, NULL, node, service, &hints);
    if (ret < 0) return lib_uv_error(L, ret);
    push_addrinfo(L, req.addrinfo);
    uv_freeaddrinfo(req.addrinfo);
    return 1;
  }
  r = lib_uv_newreq(L, cb);
  ret = uv_getaddrinfo(&r->ctx->loop, &r->r.getaddrinfo, on_getaddrinfo, node, service, &hints);
  return ret < 0 ? lib_uv_reqfail(L, r, ret) : 1;
}

static void on_getnameinfo(uv_getnameinfo_t *req, int status, const char *host,
                           const char *service) {
  UvReq *r = (UvReq *)req;
  lua_State *L = lib_uv_reqcb(r);
  int n = 1;
  if (L) {
    if (status < 0) {
      lua_pushstring(L, uv_err_name(status));
    } else {
      lua_pushnil(L);
      lua_pushstring(L, host);
      lua_pushstring(L, service);
      n = 3;
    }
  }
  lib_uv_freereq(r);
  if (L) lib_uv_call(L, n);
}

static int getnameinfo_(lua_State *L) {
  struct sockaddr_storage ss;
  const char *ip;
  int port, cb, ret;
  UvReq *r;
  luaL_checktype(L, 1, LUA_TTABLE);
  cb = lib_uv_checkcb(L, 2, 1) ? 2 : 0;
  lua_settop(L, 2);
  lua_getfield(L, 1, "ip");
  ip = luaL_optstring(L, -1, "0.0.0.0");
  lua_getfield(L, 1, "port");
  port = (int)luaL_optinteger(L, -1, 0);
  lua_pop(L, 1); /* ip stays, anchoring the string */
  if ((ret = lib_uv_addr(L, ip, port, &ss)) != 0) return ret;
  if (!cb) {
    uv_getnameinfo_t req;
    ret = uv_getnameinfo(&lib_uv_ctx(L)->loop, &req, NULL, (struct sockaddr *)&ss, 0);
    if (ret < 0) return lib_uv_error(L, ret);
    lua_pushstring(L, req.host);
    lua_pushstring(L, req.service);
    return 2;
  }
  r = lib_uv_newreq(L, cb);
  ret = uv_getnameinfo(&r->ctx->loop, &r->r.getnameinfo, on_getnameinfo, (struct sockaddr *)&ss, 0);
  return ret < 0 ? lib_uv_reqfail(L, r, ret) : 1;
}

const luaL_Reg lib_uv_dns_funcs[] = {
  {"getaddrinfo", getaddrinfo_},
  {"getnameinfo", getnameinfo_},
  {NULL, NULL},
};

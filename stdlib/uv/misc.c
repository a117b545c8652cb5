/* uv's miscellaneous calls: time, process and system information, the os_* family (the
 * environment asks --allow-env), random bytes, sleep, and uv.constants. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stdlib/uv/uvlib.h"

static int hrtime(lua_State *L) {
  lua_pushnumber(L, (lua_Number)uv_hrtime()); /* a float, as luv returns it */
  return 1;
}

static int uptime(lua_State *L) {
  double t;
  int ret = uv_uptime(&t);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushnumber(L, t);
  return 1;
}

static int loadavg(lua_State *L) {
  double avg[3];
  uv_loadavg(avg);
  lua_pushnumber(L, avg[0]);
  lua_pushnumber(L, avg[1]);
  lua_pushnumber(L, avg[2]);
  return 3;
}

/* Functions that fill a buffer with a path or name. */
static int buffer_call(lua_State *L, int (*f)(char *, size_t *)) {
  char buf[4096];
  size_t len = sizeof buf;
  int ret = f(buf, &len);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, len);
  return 1;
}

static int exepath(lua_State *L) {
  return buffer_call(L, uv_exepath);
}

static int cwd(lua_State *L) {
  return buffer_call(L, uv_cwd);
}

static int os_homedir(lua_State *L) {
  return buffer_call(L, uv_os_homedir);
}

static int os_tmpdir(lua_State *L) {
  return buffer_call(L, uv_os_tmpdir);
}

static int os_gethostname(lua_State *L) {
  return buffer_call(L, uv_os_gethostname);
}

static int chdir_(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  if (rt_policy_ask(L, RT_READ, dir) != 0) return lib_uv_denied(L);
  return lib_uv_result(L, uv_chdir(dir));
}

static int os_get_passwd(lua_State *L) {
  uv_passwd_t pw;
  int ret = uv_os_get_passwd(&pw);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, 0, 5);
  lua_pushstring(L, pw.username);
  lua_setfield(L, -2, "username");
  lua_pushinteger(L, (lua_Integer)pw.uid);
  lua_setfield(L, -2, "uid");
  lua_pushinteger(L, (lua_Integer)pw.gid);
  lua_setfield(L, -2, "gid");
  if (pw.shell) {
    lua_pushstring(L, pw.shell);
    lua_setfield(L, -2, "shell");
  }
  if (pw.homedir) {
    lua_pushstring(L, pw.homedir);
    lua_setfield(L, -2, "homedir");
  }
  uv_os_free_passwd(&pw);
  return 1;
}

static int os_getenv(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  size_t size = (size_t)luaL_optinteger(L, 2, LUAL_BUFFERSIZE);
  char *buf;
  int ret;
  if (rt_policy_ask(L, RT_ENV, name) != 0) return lib_uv_denied(L);
  buf = (char *)lua_newuserdatauv(L, size ? size : 1, 0);
  ret = uv_os_getenv(name, buf, &size);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, size);
  return 1;
}

static int os_setenv(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *value = luaL_checkstring(L, 2);
  int ret;
  if (rt_policy_ask(L, RT_ENV, name) != 0) return lib_uv_denied(L);
  ret = uv_os_setenv(name, value);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushboolean(L, 1);
  return 1;
}

static int os_unsetenv(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  int ret;
  if (rt_policy_ask(L, RT_ENV, name) != 0) return lib_uv_denied(L);
  ret = uv_os_unsetenv(name);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushboolean(L, 1);
  return 1;
}

/* Under the sandbox the table holds only the variables --allow-env grants. */
static int os_environ(lua_State *L) {
  uv_env_item_t *items;
  int i, n, ret = uv_os_environ(&items, &n);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_newtable(L);
  for (i = 0; i < n; i++) {
    if (rt_policy_ask(L, RT_ENV, items[i].name) != 0) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushstring(L, items[i].value);
    lua_setfield(L, -2, items[i].name);
  }
  uv_os_free_environ(items, n);
  return 1;
}

static int os_uname(lua_State *L) {
  uv_utsname_t u;
  int ret = uv_os_uname(&u);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, 0, 4);
  lua_pushstring(L, u.sysname);
  lua_setfield(L, -2, "sysname");
  lua_pushstring(L, u.release);
  lua_setfield(L, -2, "release");
  lua_pushstring(L, u.version);
  lua_setfield(L, -2, "version");
  lua_pushstring(L, u.machine);
  lua_setfield(L, -2, "machine");
  return 1;
}

/* luv returns os_getpid and os_getppid as floats, getpid as an integer. */
static int os_getpid(lua_State *L) {
  lua_pushnumber(L, uv_os_getpid());
  return 1;
}

static int getpid_(lua_State *L) {
  lua_pushinteger(L, uv_os_getpid());
  return 1;
}

static int os_getppid(lua_State *L) {
  lua_pushnumber(L, uv_os_getppid());
  return 1;
}

static int os_getpriority(lua_State *L) {
  int prio;
  int ret = uv_os_getpriority((uv_pid_t)luaL_checkinteger(L, 1), &prio);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushnumber(L, prio);
  return 1;
}

static int os_setpriority(lua_State *L) {
  uv_pid_t pid = (uv_pid_t)luaL_checkinteger(L, 1);
  int prio = (int)luaL_checkinteger(L, 2), ret;
  if (rt_policy_ask(L, RT_RUN, "setpriority") != 0) return lib_uv_denied(L);
  ret = uv_os_setpriority(pid, prio);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushboolean(L, 1);
  return 1;
}

static int getuid_(lua_State *L) {
  lua_pushinteger(L, getuid());
  return 1;
}

static int getgid_(lua_State *L) {
  lua_pushinteger(L, getgid());
  return 1;
}

static void set_tv(lua_State *L, const char *k, const uv_timeval_t *tv) {
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, tv->tv_sec);
  lua_setfield(L, -2, "sec");
  lua_pushinteger(L, tv->tv_usec);
  lua_setfield(L, -2, "usec");
  lua_setfield(L, -2, k);
}

static int getrusage_(lua_State *L) {
  uv_rusage_t r;
  int ret = uv_getrusage(&r);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, 0, 16);
  set_tv(L, "utime", &r.ru_utime);
  set_tv(L, "stime", &r.ru_stime);
#define F(name)                                  \
  lua_pushinteger(L, (lua_Integer)r.ru_##name); \
  lua_setfield(L, -2, #name);
  F(maxrss) F(ixrss) F(idrss) F(isrss) F(minflt) F(majflt) F(nswap) F(inblock) F(oublock)
  F(msgsnd) F(msgrcv) F(nsignals) F(nvcsw) F(nivcsw)
#undef F
  return 1;
}

static int cpu_info(lua_State *L) {
  uv_cpu_info_t *cpus;
  int i, n, ret = uv_cpu_info(&cpus, &n);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_createtable(L, n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushstring(L, cpus[i].model);
    lua_setfield(L, -2, "model");
    lua_pushnumber(L, cpus[i].speed);
    lua_setfield(L, -2, "speed");
    lua_createtable(L, 0, 5);
#define T(name)                                           \
  lua_pushinteger(L, (lua_Integer)cpus[i].cpu_times.name); \
  lua_setfield(L, -2, #name);
    T(user) T(nice) T(sys) T(idle) T(irq)
#undef T
    lua_setfield(L, -2, "times");
    lua_rawseti(L, -2, i + 1);
  }
  uv_free_cpu_info(cpus, n);
  return 1;
}

static int interface_addresses(lua_State *L) {
  uv_interface_address_t *ifs;
  int i, n, ret = uv_interface_addresses(&ifs, &n);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_newtable(L);
  for (i = 0; i < n; i++) {
    char ip[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN], mac[18];
    const unsigned char *m = (const unsigned char *)ifs[i].phys_addr;
    int v4 = ifs[i].address.address4.sin_family == AF_INET;
    if (lua_getfield(L, -1, ifs[i].name) != LUA_TTABLE) {
      lua_pop(L, 1);
      lua_newtable(L);
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, ifs[i].name);
    }
    if (v4) {
      uv_ip4_name(&ifs[i].address.address4, ip, sizeof ip);
      uv_ip4_name(&ifs[i].netmask.netmask4, mask, sizeof mask);
    } else {
      uv_ip6_name(&ifs[i].address.address6, ip, sizeof ip);
      uv_ip6_name(&ifs[i].netmask.netmask6, mask, sizeof mask);
    }
    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, ip);
    lua_setfield(L, -2, "ip");
    lua_pushstring(L, v4 ? "inet" : "inet6");
    lua_setfield(L, -2, "family");
    lua_pushstring(L, mask);
    lua_setfield(L, -2, "netmask");
    lua_pushboolean(L, ifs[i].is_internal);
    lua_setfield(L, -2, "internal");
    lua_pushstring(L, mac);
    lua_setfield(L, -2, "mac");
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
  }
  uv_free_interface_addresses(ifs, n);
  return 1;
}

static int get_free_memory(lua_State *L) {
  lua_pushnumber(L, (lua_Number)uv_get_free_memory());
  return 1;
}

static int get_total_memory(lua_State *L) {
  lua_pushnumber(L, (lua_Number)uv_get_total_memory());
  return 1;
}

static int get_constrained_memory(lua_State *L) {
  lua_pushnumber(L, (lua_Number)uv_get_constrained_memory());
  return 1;
}

static int resident_set_memory(lua_State *L) {
  size_t rss;
  int ret = uv_resident_set_memory(&rss);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, (lua_Integer)rss);
  return 1;
}

static int available_parallelism(lua_State *L) {
  lua_pushinteger(L, uv_available_parallelism());
  return 1;
}

static void on_random(uv_random_t *req, int status, void *buf, size_t len) {
  UvReq *r = (UvReq *)req->data;
  lua_State *L = lib_uv_reqcb(r);
  if (L) {
    if (status < 0) {
      lua_pushstring(L, uv_err_name(status));
      lua_pushnil(L);
    } else {
      lua_pushnil(L);
      lua_pushlstring(L, (const char *)buf, len);
    }
  }
  free(req);
  lib_uv_freereq(r);
  if (L) lib_uv_call(L, 2);
}

static int random_(lua_State *L) {
  lua_Integer len = luaL_checkinteger(L, 1);
  unsigned flags = (unsigned)luaL_optinteger(L, 2, 0);
  int ret;
  luaL_argcheck(L, len >= 0 && len <= 65536, 1, "length out of range");
  if (!lib_uv_checkcb(L, 3, 1)) {
    char buf[65536];
    ret = uv_random(NULL, NULL, buf, (size_t)len, flags, NULL);
    if (ret < 0) return lib_uv_error(L, ret);
    lua_pushlstring(L, buf, (size_t)len);
    return 1;
  } else {
    UvReq *r = lib_uv_newreq(L, 3);
    uv_random_t *req = (uv_random_t *)malloc(sizeof *req);
    r->buf = (char *)malloc(len ? (size_t)len : 1);
    if (req == NULL || r->buf == NULL) {
      free(req);
      return lib_uv_reqfail(L, r, UV_ENOMEM);
    }
    req->data = r;
    ret = uv_random(&r->ctx->loop, req, r->buf, (size_t)len, flags, on_random);
    if (ret < 0) {
      free(req);
      return lib_uv_reqfail(L, r, ret);
    }
    return 1;
  }
}

static int sleep_(lua_State *L) {
  lua_Integer ms = luaL_checkinteger(L, 1);
  luaL_argcheck(L, ms >= 0 && ms <= UINT32_MAX, 1, "out of range");
  uv_sleep((unsigned)ms);
  return 0;
}

static int gettimeofday_(lua_State *L) {
  uv_timeval64_t tv;
  int ret = uv_gettimeofday(&tv);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushinteger(L, tv.tv_sec);
  lua_pushinteger(L, tv.tv_usec);
  return 2;
}

static int version(lua_State *L) {
  lua_pushinteger(L, uv_version());
  return 1;
}

static int version_string(lua_State *L) {
  lua_pushstring(L, uv_version_string());
  return 1;
}

static int translate_sys_error(lua_State *L) {
  int err = uv_translate_sys_error((int)luaL_checkinteger(L, 1));
  if (err >= 0) return 0;
  lua_pushfstring(L, "%s: %s", uv_err_name(err), uv_strerror(err));
  lua_pushstring(L, uv_err_name(err));
  return 2;
}

static int guess_handle(lua_State *L) {
  uv_handle_type t = uv_guess_handle((uv_file)luaL_checkinteger(L, 1));
  const char *name = t == UV_FILE ? "file" : t == UV_UNKNOWN_HANDLE ? "unknown" : uv_handle_type_name(t);
  lua_pushstring(L, name ? name : "unknown");
  return 1;
}

static int get_process_title(lua_State *L) {
  char buf[512];
  int ret = uv_get_process_title(buf, sizeof buf);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushstring(L, buf);
  return 1;
}

static int set_process_title(lua_State *L) {
  return lib_uv_result(L, uv_set_process_title(luaL_checkstring(L, 1)));
}

/* Changing the process's identity is not a script's business under the sandbox. */
static int set_id(lua_State *L, int (*f)(unsigned), const char *what) {
  unsigned id = (unsigned)luaL_checkinteger(L, 1);
  if (rt_policy_ask(L, RT_RUN, what) != 0) return lib_uv_denied(L);
  if (f(id) != 0) return lib_uv_error(L, uv_translate_sys_error(errno));
  return 0;
}

static int setuid_(lua_State *L) {
  return set_id(L, setuid, "setuid");
}

static int setgid_(lua_State *L) {
  return set_id(L, setgid, "setgid");
}

static int if_indextoname(lua_State *L) {
  char buf[64];
  size_t len = sizeof buf;
  int ret = uv_if_indextoname((unsigned)luaL_checkinteger(L, 1), buf, &len);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, len);
  return 1;
}

static int if_indextoiid(lua_State *L) {
  char buf[64];
  size_t len = sizeof buf;
  int ret = uv_if_indextoiid((unsigned)luaL_checkinteger(L, 1), buf, &len);
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushlstring(L, buf, len);
  return 1;
}

static int print_handles(lua_State *L, int active) {
  UvCtx *ctx = lib_uv_ctx(L);
  fflush(stderr);
  if (active) uv_print_active_handles(&ctx->loop, stderr);
  else uv_print_all_handles(&ctx->loop, stderr);
  return 0;
}

static int print_all_handles(lua_State *L) {
  return print_handles(L, 0);
}

static int print_active_handles(lua_State *L) {
  return print_handles(L, 1);
}

void lib_uv_constants(lua_State *L) {
  static const struct {
    const char *name;
    int value;
  } k[] = {
    {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR},
    {"O_APPEND", O_APPEND}, {"O_CREAT", O_CREAT}, {"O_EXCL", O_EXCL},
    {"O_TRUNC", O_TRUNC}, {"O_NONBLOCK", O_NONBLOCK}, {"O_SYNC", O_SYNC},
    {"O_DIRECTORY", O_DIRECTORY}, {"O_NOFOLLOW", O_NOFOLLOW}, {"O_NOCTTY", O_NOCTTY},
    {"S_IFMT", S_IFMT}, {"S_IFREG", S_IFREG}, {"S_IFDIR", S_IFDIR}, {"S_IFLNK", S_IFLNK},
    {"S_IFIFO", S_IFIFO}, {"S_IFSOCK", S_IFSOCK}, {"S_IFCHR", S_IFCHR}, {"S_IFBLK", S_IFBLK},
    {"AF_UNIX", AF_UNIX}, {"AF_INET", AF_INET}, {"AF_INET6", AF_INET6},
    {"AF_UNSPEC", AF_UNSPEC}, {"AI_ADDRCONFIG", AI_ADDRCONFIG}, {"AI_V4MAPPED", AI_V4MAPPED},
    {"AI_ALL", AI_ALL}, {"AI_NUMERICHOST", AI_NUMERICHOST}, {"AI_PASSIVE", AI_PASSIVE},
    {"AI_NUMERICSERV", AI_NUMERICSERV}, {"AI_CANONNAME", AI_CANONNAME},
    {"SOCK_STREAM", SOCK_STREAM}, {"SOCK_DGRAM", SOCK_DGRAM}, {"SOCK_RAW", SOCK_RAW},
    {"SOCK_SEQPACKET", SOCK_SEQPACKET},
    {"SIGHUP", SIGHUP}, {"SIGINT", SIGINT}, {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS}, {"SIGFPE", SIGFPE},
    {"SIGKILL", SIGKILL}, {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
    {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD},
    {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN},
    {"SIGTTOU", SIGTTOU}, {"SIGURG", SIGURG}, {"SIGXCPU", SIGXCPU}, {"SIGXFSZ", SIGXFSZ},
    {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF}, {"SIGWINCH", SIGWINCH}, {"SIGIO", SIGIO},
    {"SIGPWR", SIGPWR}, {"SIGSYS", SIGSYS},
  };
  size_t i;
  lua_createtable(L, 0, (int)(sizeof k / sizeof k[0]));
  for (i = 0; i < sizeof k / sizeof k[0]; i++) {
    lua_pushinteger(L, k[i].value);
    lua_setfield(L, -2, k[i].name);
  }
}

const luaL_Reg lib_uv_misc_funcs[] = {
  {"hrtime", hrtime},
  {"uptime", uptime},
  {"loadavg", loadavg},
  {"exepath", exepath},
  {"cwd", cwd},
  {"chdir", chdir_},
  {"os_homedir", os_homedir},
  {"os_tmpdir", os_tmpdir},
  {"os_gethostname", os_gethostname},
  {"os_get_passwd", os_get_passwd},
  {"os_getenv", os_getenv},
  {"os_setenv", os_setenv},
  {"os_unsetenv", os_unsetenv},
  {"os_environ", os_environ},
  {"os_uname", os_uname},
  {"os_getpid", os_getpid},
  {"os_getppid", os_getppid},
  {"os_getpriority", os_getpriority},
  {"os_setpriority", os_setpriority},
  {"getpid", getpid_},
  {"getuid", getuid_},
  {"getgid", getgid_},
  {"getrusage", getrusage_},
  {"cpu_info", cpu_info},
  {"interface_addresses", interface_addresses},
  {"get_free_memory", get_free_memory},
  {"get_total_memory", get_total_memory},
  {"get_constrained_memory", get_constrained_memory},
  {"resident_set_memory", resident_set_memory},
  {"available_parallelism", available_parallelism},
  {"random", random_},
  {"sleep", sleep_},
  {"gettimeofday", gettimeofday_},
  {"version", version},
  {"version_string", version_string},
  {"translate_sys_error", translate_sys_error},
  {"guess_handle", guess_handle},
  {"get_process_title", get_process_title},
  {"set_process_title", set_process_title},
  {"setuid", setuid_},
  {"setgid", setgid_},
  {"if_indextoname", if_indextoname},
  {"if_indextoiid", if_indextoiid},
  {"print_all_handles", print_all_handles},
  {"print_active_handles", print_active_handles},
  {NULL, NULL},
};

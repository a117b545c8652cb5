/* uv file-system calls, synchronous without a callback and asynchronous with one, as in luv.
 * Every call that names a path asks the policy first (--allow-read / --allow-write, through
 * the same resolver as io); writes to descriptors 1 and 2 count against --max-output. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stdlib/uv/uvlib.h"

#define SCANDIR_CLASS "uv_fs_scandir"
#define DIR_CLASS "uv_dir"

/* What a finished request hands back, beyond uv_fs_t's own fields. */
enum { FS_NONE = 0, FS_ACCESS = -1 }; /* opendir passes its entry count instead */

typedef struct FsDir {
  uv_dir_t *dir;
  uv_dirent_t *entries;
  size_t n;
} FsDir;

/* ------------------------------------------------------------------------------------------
 * Results.
 */
static const char *type_name(int mode_or_dirent, int is_dirent) {
  if (is_dirent) {
    switch (mode_or_dirent) {
      case UV_DIRENT_FILE: return "file";
      case UV_DIRENT_DIR: return "directory";
      case UV_DIRENT_LINK: return "link";
      case UV_DIRENT_FIFO: return "fifo";
      case UV_DIRENT_SOCKET: return "socket";
      case UV_DIRENT_CHAR: return "char";
      case UV_DIRENT_BLOCK: return "block";
      default: return "unknown";
    }
  }
  switch (mode_or_dirent & S_IFMT) {
    case S_IFREG: return "file";
    case S_IFDIR: return "directory";
    case S_IFLNK: return "link";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "socket";
    case S_IFCHR: return "char";
    case S_IFBLK: return "block";
    default: return "unknown";
  }
}

static void set_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void set_time(lua_State *L, const char *k, const uv_timespec_t *t) {
  lua_createtable(L, 0, 2);
  set_int(L, "sec", t->tv_sec);
  set_int(L, "nsec", t->tv_nsec);
  lua_setfield(L, -2, k);
}

void lib_uv_pushstat(lua_State *L, const uv_stat_t *s) {
  lua_createtable(L, 0, 17);
  set_int(L, "dev", (lua_Integer)s->st_dev);
  set_int(L, "mode", (lua_Integer)s->st_mode);
  set_int(L, "nlink", (lua_Integer)s->st_nlink);
  set_int(L, "uid", (lua_Integer)s->st_uid);
  set_int(L, "gid", (lua_Integer)s->st_gid);
  set_int(L, "rdev", (lua_Integer)s->st_rdev);
  set_int(L, "ino", (lua_Integer)s->st_ino);
  set_int(L, "size", (lua_Integer)s->st_size);
  set_int(L, "blksize", (lua_Integer)s->st_blksize);
  set_int(L, "blocks", (lua_Integer)s->st_blocks);
  set_int(L, "flags", (lua_Integer)s->st_flags);
  set_int(L, "gen", (lua_Integer)s->st_gen);
  set_time(L, "atime", &s->st_atim);
  set_time(L, "mtime", &s->st_mtim);
  set_time(L, "ctime", &s->st_ctim);
  set_time(L, "birthtime", &s->st_birthtim);
  lua_pushstring(L, type_name((int)s->st_mode, 0));
  lua_setfield(L, -2, "type");
}

static void push_statfs(lua_State *L, const uv_statfs_t *s) {
  lua_createtable(L, 0, 8);
  set_int(L, "type", (lua_Integer)s->f_type);
  set_int(L, "bsize", (lua_Integer)s->f_bsize);
  set_int(L, "blocks", (lua_Integer)s->f_blocks);
  set_int(L, "bfree", (lua_Integer)s->f_bfree);
  set_int(L, "bavail", (lua_Integer)s->f_bavail);
  set_int(L, "files", (lua_Integer)s->f_files);
  set_int(L, "ffree", (lua_Integer)s->f_ffree);
}

/* luv's message: "ENOENT: no such file or directory: /x" (and " -> new" for two paths). */
static void push_errmsg(lua_State *L, const uv_fs_t *req) {
  int err = (int)req->result;
  if (req->path)
    lua_pushfstring(L, "%s: %s: %s", uv_err_name(err), uv_strerror(err), req->path);
  else
    lua_pushfstring(L, "%s: %s", uv_err_name(err), uv_strerror(err));
}

static void push_dirents(lua_State *L, uv_dirent_t *e, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, e[i].name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, type_name(e[i].type, 1));
    lua_setfield(L, -2, "type");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Pushes what a successful request returns; the request's memory may be taken over (scandir,
 * opendir). `anchor` is the stack index of the request's anchored value, or 0. */
static int push_value(lua_State *L, uv_fs_t *req, int flags, int anchor) {
  switch (req->fs_type) {
    case UV_FS_OPEN:
    case UV_FS_WRITE:
    case UV_FS_SENDFILE:
      lua_pushinteger(L, (lua_Integer)req->result);
      return 1;
    case UV_FS_READ: /* the anchor is the buffer */
      lua_pushlstring(L, (const char *)lua_touserdata(L, anchor), (size_t)req->result);
      return 1;
    case UV_FS_STAT:
    case UV_FS_LSTAT:
    case UV_FS_FSTAT:
      lib_uv_pushstat(L, &req->statbuf);
      return 1;
    case UV_FS_STATFS:
      push_statfs(L, (const uv_statfs_t *)req->ptr);
      return 1;
    case UV_FS_READLINK:
    case UV_FS_REALPATH:
      lua_pushstring(L, (const char *)req->ptr);
      return 1;
    case UV_FS_MKDTEMP:
      lua_pushstring(L, req->path);
      return 1;
    case UV_FS_MKSTEMP:
      lua_pushinteger(L, (lua_Integer)req->result);
      lua_pushstring(L, req->path);
      return 2;
    case UV_FS_SCANDIR: {
      uv_fs_t *copy = (uv_fs_t *)lua_newuserdatauv(L, sizeof *copy, 0);
      *copy = *req; /* the listing moves into the object; its __gc cleans it up */
      req->ptr = NULL;
      req->path = NULL;
      luaL_setmetatable(L, SCANDIR_CLASS);
      return 1;
    }
    case UV_FS_OPENDIR: {
      FsDir *d = (FsDir *)lua_newuserdatauv(L, sizeof *d, 0);
      memset(d, 0, sizeof *d);
      luaL_setmetatable(L, DIR_CLASS);
      d->dir = (uv_dir_t *)req->ptr;
      d->n = (size_t)flags;
      d->entries = (uv_dirent_t *)calloc(d->n, sizeof *d->entries);
      d->dir->dirents = d->entries;
      d->dir->nentries = d->entries ? d->n : 0;
      return 1;
    }
    case UV_FS_READDIR: {
      FsDir *d = anchor ? (FsDir *)lua_touserdata(L, anchor) : NULL;
      if (req->result == 0 || d == NULL) {
        lua_pushnil(L);
        return 1;
      }
      push_dirents(L, d->entries, (size_t)req->result);
      return 1;
    }
    default:
      lua_pushboolean(L, flags == FS_ACCESS ? req->result >= 0 : 1);
      return 1;
  }
}

static void on_fs(uv_fs_t *req) {
  UvReq *r = (UvReq *)req;
  lua_State *L = lib_uv_reqcb(r);
  int n = 1, anchor = 0;
  if (L == NULL) {
    uv_fs_req_cleanup(req);
    lib_uv_freereq(r);
    return;
  }
  if (r->anchor != LUA_NOREF) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->anchor);
    anchor = lua_gettop(L);
  }
  if (req->result < 0 && r->fs_flags != FS_ACCESS) {
    push_errmsg(L, req);
  } else {
    lua_pushnil(L);
    n += push_value(L, req, r->fs_flags, anchor);
  }
  if (anchor) lua_remove(L, anchor);
  uv_fs_req_cleanup(req);
  lib_uv_freereq(r);
  lib_uv_call(L, n);
}

/* The common tail of every call. Sync (no callback): runs on the stack request and returns
 * the result or the triple. Async: returns the request's box. */
typedef struct FsCall {
  lua_State *L;
  uv_fs_t stackreq;
  uv_fs_t *req;
  UvReq *r;        /* async */
  uv_buf_t *bufs;  /* sync write: the buffer vector to free */
  int flags;
  int anchor;      /* stack index anchored for the request's life, or 0 */
} FsCall;

static void fs_begin(FsCall *c, lua_State *L, int cbidx, int anchor, int flags) {
  c->L = L;
  c->r = NULL;
  c->bufs = NULL;
  c->flags = flags;
  c->anchor = anchor;
  c->req = &c->stackreq;
  if (lib_uv_checkcb(L, cbidx, 1)) {
    c->r = lib_uv_newreq(L, cbidx);
    c->r->fs_flags = flags;
    c->req = &c->r->r.fs;
    if (anchor) lib_uv_anchor(L, c->r, anchor);
  }
}

static uv_loop_t *loop(lua_State *L) {
  return &lib_uv_ctx(L)->loop;
}

static uv_fs_cb fs_cb(FsCall *c) {
  return c->r ? on_fs : NULL;
}

static int fs_end(FsCall *c, int ret) {
  lua_State *L = c->L;
  int n;
  if (c->r) {
    if (ret < 0) {
      c->r->r.fs.result = ret;
      uv_fs_req_cleanup(c->req);
      return lib_uv_reqfail(L, c->r, ret);
    }
    return 1;
  }
  if (c->req->result < 0 && c->flags != FS_ACCESS) {
    lua_pushnil(L);
    push_errmsg(L, c->req);
    lua_pushstring(L, uv_err_name((int)c->req->result));
    n = 3;
  } else {
    n = push_value(L, c->req, c->flags, c->anchor);
  }
  uv_fs_req_cleanup(c->req);
  free(c->bufs);
  return n;
}

/* ------------------------------------------------------------------------------------------
 * The calls.
 */
static int ask(lua_State *L, RtAccess what, const char *path) {
  return rt_policy_ask(L, what, path);
}

static int open_flags(lua_State *L, int idx) {
  static const struct {
    const char *s;
    int flags;
  } names[] = {
    {"r", O_RDONLY},
    {"rs", O_RDONLY | O_SYNC},
    {"sr", O_RDONLY | O_SYNC},
    {"r+", O_RDWR},
    {"rs+", O_RDWR | O_SYNC},
    {"sr+", O_RDWR | O_SYNC},
    {"w", O_TRUNC | O_CREAT | O_WRONLY},
    {"wx", O_TRUNC | O_CREAT | O_WRONLY | O_EXCL},
    {"xw", O_TRUNC | O_CREAT | O_WRONLY | O_EXCL},
    {"w+", O_TRUNC | O_CREAT | O_RDWR},
    {"wx+", O_TRUNC | O_CREAT | O_RDWR | O_EXCL},
    {"xw+", O_TRUNC | O_CREAT | O_RDWR | O_EXCL},
    {"a", O_APPEND | O_CREAT | O_WRONLY},
    {"ax", O_APPEND | O_CREAT | O_WRONLY | O_EXCL},
    {"xa", O_APPEND | O_CREAT | O_WRONLY | O_EXCL},
    {"a+", O_APPEND | O_CREAT | O_RDWR},
    {"ax+", O_APPEND | O_CREAT | O_RDWR | O_EXCL},
    {"xa+", O_APPEND | O_CREAT | O_RDWR | O_EXCL},
  };
  const char *s;
  size_t i;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)luaL_checkinteger(L, idx);
  s = luaL_checkstring(L, idx);
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i].s) == 0) return names[i].flags;
  return luaL_error(L, "Unknown file open flag '%s'", s);
}

/* fs.open, unlink, rmdir, mkdir, rename, link and symlink under grant lists: the policy walks,
 * checks and acts in one step (runtime/policy.h), on the loop's thread pool when there is a callback, as
 * libuv would; the result then reaches the callback as the fs request's own. */
typedef struct PolicyCall {
  uv_fs_type type;
  const RtSandbox *sb;
  int flags, mode, result;
  const char *to;  /* rename's destination, inside path */
  char path[];
} PolicyCall;

static int policy_do(const PolicyCall *p) {
  char msg[RT_POLICY_MSGMAX];
  switch (p->type) {
    case UV_FS_OPEN:
      return rt_path_open(p->sb, p->path, p->flags | O_CLOEXEC, (mode_t)p->mode, msg, sizeof msg);
    case UV_FS_UNLINK: return rt_path_remove(p->sb, p->path, RT_REMOVE_FILE, msg, sizeof msg);
    case UV_FS_RMDIR: return rt_path_remove(p->sb, p->path, RT_REMOVE_DIR, msg, sizeof msg);
    case UV_FS_MKDIR: return rt_path_mkdir(p->sb, p->path, (mode_t)p->mode, msg, sizeof msg);
    case UV_FS_LINK: return rt_path_link(p->sb, p->path, p->to, msg, sizeof msg);
    case UV_FS_SYMLINK: return rt_path_symlink(p->sb, p->path, p->to, msg, sizeof msg);
    default: return rt_path_rename(p->sb, p->path, p->to, msg, sizeof msg);
  }
}

/* A request as libuv would have completed it (path: for the error message, not owned). */
static void fs_result(uv_fs_t *req, uv_fs_type type, int result, const char *path) {
  memset(req, 0, sizeof *req);
  req->type = UV_FS;
  req->fs_type = type;
  req->result = result;
  req->path = path;
}

static void policy_work(uv_work_t *w) {
  PolicyCall *p = (PolicyCall *)w->data;
  p->result = policy_do(p);
}

/* The work request is the UvReq's own (uv.cancel cancels it); it turns into the fs one. */
static void policy_done(uv_work_t *w, int status) {
  PolicyCall *p = (PolicyCall *)w->data;
  UvReq *r = (UvReq *)w;
  uv_fs_type type = p->type;
  int result = status < 0 ? status : p->result;
  fs_result(&r->r.fs, type, result, p->path);
  r->r.req.data = r; /* as lib_uv_newreq left it */
  on_fs(&r->r.fs);
  free(p);
}

/* Starts the call (fs_begin done); returns what uv_fs_* would. */
static int policy_call(FsCall *c, uv_fs_type type, const char *path, const char *to, int flags,
                       int mode) {
  size_t n = strlen(path) + 1, m = to ? strlen(to) + 1 : 0;
  PolicyCall *p = (PolicyCall *)malloc(sizeof *p + n + m);
  int r;
  fs_result(c->req, type, 0, path); /* a request fs_end may clean up */
  if (p == NULL) return UV_ENOMEM;
  p->type = type;
  p->sb = rt_sandbox_of(c->L);
  p->flags = flags;
  p->mode = mode;
  memcpy(p->path, path, n);
  p->to = to ? (const char *)memcpy(p->path + n, to, m) : NULL;
  if (c->r == NULL) {
    c->req->result = policy_do(p);
    free(p);
    return 0;
  }
  c->r->r.work.data = p;
  r = uv_queue_work(loop(c->L), &c->r->r.work, policy_work, policy_done);
  if (r < 0) free(p);
  return r;
}

static int fs_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int flags = open_flags(L, 2);
  int mode = (int)luaL_checkinteger(L, 3);
  FsCall c;
  /* the denial's message, up front (the one-step open decides again, authoritatively) */
  if ((flags & O_ACCMODE) != O_WRONLY && ask(L, RT_READ, path) != 0) return lib_uv_denied(L);
  if (((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) &&
      ask(L, RT_WRITE, path) != 0)
    return lib_uv_denied(L);
  fs_begin(&c, L, 4, 0, FS_NONE);
  if (rt_path_confined(rt_sandbox_of(L), flags))
    return fs_end(&c, policy_call(&c, UV_FS_OPEN, path, NULL, flags, mode));
  return fs_end(&c, uv_fs_open(loop(L), c.req, path, flags, mode, fs_cb(&c)));
}

/* unlink and rmdir act on the entry itself (a final link is not followed). */
#define ENTRY_CALL(name, type)                                                        \
  static int fs_##name(lua_State *L) {                                                \
    const char *path = luaL_checkstring(L, 1);                                        \
    FsCall c;                                                                         \
    if (ask(L, RT_WRITE_ENTRY, path) != 0) return lib_uv_denied(L);                   \
    fs_begin(&c, L, 2, 0, FS_NONE);                                                   \
    if (rt_path_confined(rt_sandbox_of(L), O_WRONLY))                                 \
      return fs_end(&c, policy_call(&c, type, path, NULL, 0, 0));                     \
    return fs_end(&c, uv_fs_##name(loop(L), c.req, path, fs_cb(&c)));                 \
  }

ENTRY_CALL(unlink, UV_FS_UNLINK)
ENTRY_CALL(rmdir, UV_FS_RMDIR)

static int fs_mkdir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int mode = (int)luaL_checkinteger(L, 2);
  FsCall c;
  if (ask(L, RT_WRITE, path) != 0) return lib_uv_denied(L);
  fs_begin(&c, L, 3, 0, FS_NONE);
  if (rt_path_confined(rt_sandbox_of(L), O_WRONLY))
    return fs_end(&c, policy_call(&c, UV_FS_MKDIR, path, NULL, 0, mode));
  return fs_end(&c, uv_fs_mkdir(loop(L), c.req, path, mode, fs_cb(&c)));
}

static int fs_close(lua_State *L) {
  uv_file fd;
  FsCall c;
  if (lib_uv_checkfd(L, 1, &fd)) return 3;
  fs_begin(&c, L, 2, 0, FS_NONE);
  return fs_end(&c, uv_fs_close(loop(L), c.req, fd, fs_cb(&c)));
}

static int fs_read(lua_State *L) {
  uv_file fd;
  lua_Integer size = luaL_checkinteger(L, 2);
  int64_t offset = (int64_t)luaL_optinteger(L, 3, -1);
  uv_buf_t buf;
  FsCall c;
  char *data;
  luaL_argcheck(L, size >= 0 && size <= INT32_MAX, 2, "size out of range");
  if (lib_uv_checkfd(L, 1, &fd)) return 3;
  /* a userdata: counted against --max-memory, anchored while the read runs */
  lua_settop(L, 4);
  data = (char *)lua_newuserdatauv(L, size ? (size_t)size : 1, 0);
  fs_begin(&c, L, 4, lua_gettop(L), FS_NONE);
  buf = uv_buf_init(data, (unsigned)size);
  return fs_end(&c, uv_fs_read(loop(L), c.req, fd, &buf, 1, offset, fs_cb(&c)));
}

static int fs_write(lua_State *L) {
  uv_file fd;
  int64_t offset = (int64_t)luaL_optinteger(L, 3, -1);
  uv_buf_t one, *bufs;
  unsigned n, i;
  FsCall c;
  if (lib_uv_checkfd(L, 1, &fd)) return 3;
  lib_uv_bufs(L, 2, &one, &bufs, &n);
  for (i = 0; i < n; i++) rt_policy_output(L, fd, bufs[i].base, bufs[i].len);
  fs_begin(&c, L, 4, 2, FS_NONE);
  if (bufs != &one) {
    if (c.r) c.r->bufs = bufs;
    else c.bufs = bufs;
  }
  return fs_end(&c, uv_fs_write(loop(L), c.req, fd, bufs, n, offset, fs_cb(&c)));
}

/* Calls on one path. */
#define PATH_CALL(name, access, cbidx, ...)                                     \
  static int fs_##name(lua_State *L) {                                          \
    const char *path = luaL_checkstring(L, 1);                                  \
    FsCall c;                                                                   \
    if (ask(L, access, path) != 0) return lib_uv_denied(L);                     \
    fs_begin(&c, L, cbidx, 0, FS_NONE);                                         \
    return fs_end(&c, uv_fs_##name(loop(L), c.req, path, ##__VA_ARGS__, fs_cb(&c))); \
  }

/* lchown and lutime act on the entry itself (a final link is not followed). */
PATH_CALL(stat, RT_READ, 2)
PATH_CALL(lstat, RT_READ, 2)
PATH_CALL(statfs, RT_READ, 2)
PATH_CALL(readlink, RT_READ, 2)
PATH_CALL(realpath, RT_READ, 2)
PATH_CALL(chmod, RT_WRITE, 3, (int)luaL_checkinteger(L, 2))
PATH_CALL(scandir, RT_READ, 2, 0)
PATH_CALL(mkdtemp, RT_WRITE, 2)
PATH_CALL(mkstemp, RT_WRITE, 2)
PATH_CALL(chown, RT_WRITE, 4, (uv_uid_t)luaL_checkinteger(L, 2), (uv_gid_t)luaL_checkinteger(L, 3))
PATH_CALL(lchown, RT_WRITE_ENTRY, 4, (uv_uid_t)luaL_checkinteger(L, 2), (uv_gid_t)luaL_checkinteger(L, 3))
PATH_CALL(utime, RT_WRITE, 4, luaL_checknumber(L, 2), luaL_checknumber(L, 3))
PATH_CALL(lutime, RT_WRITE_ENTRY, 4, luaL_checknumber(L, 2), luaL_checknumber(L, 3))

/* Calls on one descriptor. */
#define FD_CALL(name, cbidx, ...)                                                 \
  static int fs_##name(lua_State *L) {                                            \
    uv_file fd;                                                                   \
    FsCall c;                                                                     \
    if (lib_uv_checkfd(L, 1, &fd)) return 3;                                      \
    fs_begin(&c, L, cbidx, 0, FS_NONE);                                           \
    return fs_end(&c, uv_fs_##name(loop(L), c.req, fd, ##__VA_ARGS__, fs_cb(&c))); \
  }

FD_CALL(fstat, 2)
FD_CALL(fsync, 2)
FD_CALL(fdatasync, 2)
FD_CALL(ftruncate, 3, (int64_t)luaL_optinteger(L, 2, 0))
FD_CALL(fchmod, 3, (int)luaL_checkinteger(L, 2))
FD_CALL(fchown, 4, (uv_uid_t)luaL_checkinteger(L, 2), (uv_gid_t)luaL_checkinteger(L, 3))
FD_CALL(futime, 4, luaL_checknumber(L, 2), luaL_checknumber(L, 3))

static int access_mode(lua_State *L, int idx) {
  const char *s;
  int mode = 0;
  if (lua_type(L, idx) == LUA_TNUMBER) return (int)luaL_checkinteger(L, idx);
  for (s = luaL_checkstring(L, idx); *s; s++) {
    switch (*s) {
      case 'r': case 'R': mode |= R_OK; break;
      case 'w': case 'W': mode |= W_OK; break;
      case 'x': case 'X': mode |= X_OK; break;
      default: return luaL_argerror(L, idx, "Unknown access mode");
    }
  }
  return mode;
}

static int fs_access(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int mode = access_mode(L, 2);
  FsCall c;
  if (ask(L, RT_READ, path) != 0) return lib_uv_denied(L);
  fs_begin(&c, L, 3, 0, FS_ACCESS);
  return fs_end(&c, uv_fs_access(loop(L), c.req, path, mode, fs_cb(&c)));
}

/* rename, link and symlink make (or replace) the entry `to` itself: RT_WRITE_ENTRY. */
static int two_paths(lua_State *L, RtAccess from_access, RtAccess to_access, const char **from,
                     const char **to) {
  *from = luaL_checkstring(L, 1);
  *to = luaL_checkstring(L, 2);
  if (ask(L, from_access, *from) != 0 || ask(L, to_access, *to) != 0) return lib_uv_denied(L);
  return 0;
}

/* Two-path errors read "ENOENT: no such file or directory: a -> b" in luv. */
static int end_two(FsCall *c, int ret, const char *from, const char *to) {
  if (!c->r && c->req->result < 0) {
    lua_State *L = c->L;
    int err = (int)c->req->result;
    uv_fs_req_cleanup(c->req);
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s: %s -> %s", uv_err_name(err), uv_strerror(err), from, to);
    lua_pushstring(L, uv_err_name(err));
    return 3;
  }
  return fs_end(c, ret);
}

static int fs_rename(lua_State *L) {
  const char *from, *to;
  FsCall c;
  int n = two_paths(L, RT_WRITE_ENTRY, RT_WRITE_ENTRY, &from, &to);
  if (n) return n;
  fs_begin(&c, L, 3, 0, FS_NONE);
  if (rt_path_confined(rt_sandbox_of(L), O_WRONLY))
    return end_two(&c, policy_call(&c, UV_FS_RENAME, from, to, 0, 0), from, to);
  return end_two(&c, uv_fs_rename(loop(L), c.req, from, to, fs_cb(&c)), from, to);
}

static int fs_link(lua_State *L) {
  const char *from, *to;
  FsCall c;
  int n = two_paths(L, RT_READ, RT_WRITE_ENTRY, &from, &to);
  if (n) return n;
  fs_begin(&c, L, 3, 0, FS_NONE);
  if (rt_path_confined(rt_sandbox_of(L), O_RDWR))
    return end_two(&c, policy_call(&c, UV_FS_LINK, from, to, 0, 0), from, to);
  return end_two(&c, uv_fs_link(loop(L), c.req, from, to, fs_cb(&c)), from, to);
}

static int fs_symlink(lua_State *L) {
  const char *from, *to;
  FsCall c;
  int flags = 0, cbidx = 3, n = two_paths(L, RT_READ, RT_WRITE_ENTRY, &from, &to);
  if (n) return n;
  if (lua_istable(L, 3)) {
    flags = (lib_uv_optflag(L, 3, "dir") ? UV_FS_SYMLINK_DIR : 0) |
            (lib_uv_optflag(L, 3, "junction") ? UV_FS_SYMLINK_JUNCTION : 0);
    cbidx = 4;
  } else if (lua_type(L, 3) == LUA_TNUMBER) {
    flags = (int)lua_tointeger(L, 3);
    cbidx = 4;
  }
  fs_begin(&c, L, cbidx, 0, FS_NONE);
  if (rt_path_confined(rt_sandbox_of(L), O_WRONLY)) /* the flags are Windows' */
    return end_two(&c, policy_call(&c, UV_FS_SYMLINK, from, to, 0, 0), from, to);
  return end_two(&c, uv_fs_symlink(loop(L), c.req, from, to, flags, fs_cb(&c)), from, to);
}

static int fs_copyfile(lua_State *L) {
  const char *from, *to;
  FsCall c;
  int flags = 0, cbidx = 3, n = two_paths(L, RT_READ, RT_WRITE, &from, &to);
  if (n) return n;
  if (lua_istable(L, 3)) {
    flags = (lib_uv_optflag(L, 3, "excl") ? UV_FS_COPYFILE_EXCL : 0) |
            (lib_uv_optflag(L, 3, "ficlone") ? UV_FS_COPYFILE_FICLONE : 0) |
            (lib_uv_optflag(L, 3, "ficlone_force") ? UV_FS_COPYFILE_FICLONE_FORCE : 0);
    cbidx = 4;
  } else if (lua_type(L, 3) == LUA_TNUMBER) {
    flags = (int)lua_tointeger(L, 3);
    cbidx = 4;
  }
  fs_begin(&c, L, cbidx, 0, FS_NONE);
  return end_two(&c, uv_fs_copyfile(loop(L), c.req, from, to, flags, fs_cb(&c)), from, to);
}

static int fs_sendfile(lua_State *L) {
  uv_file out, in;
  int64_t offset = (int64_t)luaL_checkinteger(L, 3);
  size_t length = (size_t)luaL_checkinteger(L, 4);
  FsCall c;
  if (lib_uv_checkfd(L, 1, &out) || lib_uv_checkfd(L, 2, &in)) return 3;
  fs_begin(&c, L, 5, 0, FS_NONE);
  return fs_end(&c, uv_fs_sendfile(loop(L), c.req, out, in, offset, length, fs_cb(&c)));
}

/* ------------------------------------------------------------------------------------------
 * scandir listings and directory streams.
 */
static int scandir_gc(lua_State *L) {
  uv_fs_t *req = (uv_fs_t *)luaL_checkudata(L, 1, SCANDIR_CLASS);
  uv_fs_req_cleanup(req);
  return 0;
}

static int scandir_tostring(lua_State *L) {
  lua_pushfstring(L, "uv_fs_t: %p", lua_touserdata(L, 1));
  return 1;
}

static int fs_scandir_next(lua_State *L) {
  uv_fs_t *req = (uv_fs_t *)luaL_checkudata(L, 1, SCANDIR_CLASS);
  uv_dirent_t e;
  int ret;
  if (req->ptr == NULL) return 0;
  ret = uv_fs_scandir_next(req, &e);
  if (ret == UV_EOF) return 0;
  if (ret < 0) return lib_uv_error(L, ret);
  lua_pushstring(L, e.name);
  lua_pushstring(L, type_name(e.type, 1));
  return 2;
}

static int fs_opendir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_Integer entries = luaL_optinteger(L, 3, 1);
  FsCall c;
  luaL_argcheck(L, entries > 0 && entries <= 65536, 3, "entries out of range");
  if (ask(L, RT_READ, path) != 0) return lib_uv_denied(L);
  fs_begin(&c, L, 2, 0, (int)entries);
  return fs_end(&c, uv_fs_opendir(loop(L), c.req, path, fs_cb(&c)));
}

static FsDir *check_dir(lua_State *L) {
  FsDir *d = (FsDir *)luaL_checkudata(L, 1, DIR_CLASS);
  if (d->dir == NULL) luaL_argerror(L, 1, "directory is closed");
  return d;
}

static int fs_readdir(lua_State *L) {
  FsDir *d = check_dir(L);
  FsCall c;
  fs_begin(&c, L, 2, 1, FS_NONE);
  return fs_end(&c, uv_fs_readdir(loop(L), c.req, d->dir, fs_cb(&c)));
}

static int fs_closedir(lua_State *L) {
  FsDir *d = check_dir(L);
  uv_dir_t *dir = d->dir;
  FsCall c;
  d->dir = NULL; /* the entries buffer goes with the object */
  fs_begin(&c, L, 2, 1, FS_NONE);
  return fs_end(&c, uv_fs_closedir(loop(L), c.req, dir, fs_cb(&c)));
}

static int dir_gc(lua_State *L) {
  FsDir *d = (FsDir *)lua_touserdata(L, 1);
  if (d->dir) { /* never closed: close it now, synchronously */
    uv_fs_t req;
    uv_fs_closedir(NULL, &req, d->dir, NULL);
    uv_fs_req_cleanup(&req);
    d->dir = NULL;
  }
  free(d->entries);
  d->entries = NULL;
  return 0;
}

static int dir_tostring(lua_State *L) {
  FsDir *d = (FsDir *)lua_touserdata(L, 1);
  lua_pushfstring(L, "uv_dir_t: %p", (void *)d->dir);
  return 1;
}

static const luaL_Reg dir_methods[] = {
  {"readdir", fs_readdir},
  {"closedir", fs_closedir},
  {NULL, NULL},
};

static const luaL_Reg funcs[];

void lib_uv_open_fs(lua_State *L, int mod) {
  luaL_newmetatable(L, SCANDIR_CLASS);
  lua_pushcfunction(L, scandir_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, scandir_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  luaL_newmetatable(L, DIR_CLASS);
  lua_newtable(L);
  luaL_setfuncs(L, dir_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, dir_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, dir_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  lua_pushvalue(L, mod);
  luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 1);
}

static const luaL_Reg funcs[] = {
  {"fs_open", fs_open},
  {"fs_close", fs_close},
  {"fs_read", fs_read},
  {"fs_write", fs_write},
  {"fs_unlink", fs_unlink},
  {"fs_rmdir", fs_rmdir},
  {"fs_mkdir", fs_mkdir},
  {"fs_mkdtemp", fs_mkdtemp},
  {"fs_mkstemp", fs_mkstemp},
  {"fs_stat", fs_stat},
  {"fs_lstat", fs_lstat},
  {"fs_fstat", fs_fstat},
  {"fs_statfs", fs_statfs},
  {"fs_rename", fs_rename},
  {"fs_fsync", fs_fsync},
  {"fs_fdatasync", fs_fdatasync},
  {"fs_ftruncate", fs_ftruncate},
  {"fs_sendfile", fs_sendfile},
  {"fs_access", fs_access},
  {"fs_chmod", fs_chmod},
  {"fs_fchmod", fs_fchmod},
  {"fs_utime", fs_utime},
  {"fs_futime", fs_futime},
  {"fs_lutime", fs_lutime},
  {"fs_link", fs_link},
  {"fs_symlink", fs_symlink},
  {"fs_readlink", fs_readlink},
  {"fs_realpath", fs_realpath},
  {"fs_chown", fs_chown},
  {"fs_fchown", fs_fchown},
  {"fs_lchown", fs_lchown},
  {"fs_copyfile", fs_copyfile},
  {"fs_scandir", fs_scandir},
  {"fs_scandir_next", fs_scandir_next},
  {"fs_opendir", fs_opendir},
  {"fs_readdir", fs_readdir},
  {"fs_closedir", fs_closedir},
  {NULL, NULL},
};

/* Socket syscalls: AF_UNIX (stream, datagram, seqpacket, abstract names), AF_INET and
 * AF_INET6 on host sockets. Filesystem socket names are walked inside the guest root like any
 * path and shown back to the guest as guest paths; SCM_RIGHTS carries guest descriptors,
 * translated to host descriptors on the way out and installed in the fd table on the way in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

/* Data one send or receive moves at most (a stream call returns short, as Linux may). */
#define MSG_CHUNK (1u << 20)
/* sun_path's size in Linux's sockaddr_un. */
#define SUN_PATH 108
#define IOV_MAX_LINUX 1024

static int host_fd_of(SxProc *p, int fd) {
  SxFd *f = sx_fd_get(p, fd);
  return f ? f->host_fd : -1;
}

/* Installs a new host socket as a guest fd named "socket:[inode]", as Linux's fd links. */
static long install_socket(SxProc *p, int h, int cloexec) {
  char name[48];
  StatLinux st;
  if (host_fstat(h, &st) == 0) snprintf(name, sizeof name, "socket:[%llu]", (unsigned long long)st.st_ino);
  else snprintf(name, sizeof name, "socket:[0]");
  long g = sx_fd_install(p, h, cloexec, name, 0);
  if (g >= 0) p->fds[g].walkable = 0;
  return g;
}

/* Reads a guest sockaddr; an AF_UNIX path name is resolved in the guest's tree and replaced
 * by the host path (bind does not follow a symlink in the last component, connect does). */
static long get_addr(SxProc *p, uint64_t uaddr, uint32_t len, uint8_t *out, uint32_t *outlen,
                     int follow) {
  if (len > SOCKADDR_MAX_LINUX) return -EINVAL_LINUX;
  if (len < 2) return -EINVAL_LINUX;
  if (sx_get(p, uaddr, out, len) < 0) return -EFAULT_LINUX;
  *outlen = len;
  uint16_t fam;
  memcpy(&fam, out, 2);
  if (fam != AF_UNIX_LINUX || len <= 2 || out[2] == 0) return 0;   /* abstract or unnamed */
  char path[SUN_PATH + 1];
  size_t n = len - 2 > SUN_PATH ? SUN_PATH : len - 2;
  memcpy(path, out + 2, n);
  path[n] = 0;
  SxPath sp;
  long r = sx_vfs_resolve(p, AT_FDCWD_LINUX, path, follow ? SX_WALK_FOLLOW : 0, &sp);
  if (r < 0) return r;
  if (sp.kind != SX_PATH_HOST) return follow ? -ECONNREFUSED_LINUX : -EADDRINUSE_LINUX;
  size_t hl = strlen(sp.host);
  if (hl >= SUN_PATH) return -ENAMETOOLONG_LINUX;
  memset(out + 2, 0, SUN_PATH);
  memcpy(out + 2, sp.host, hl + 1);
  *outlen = (uint32_t)(2 + hl + 1);
  return 0;
}

/* Writes a Linux sockaddr back to the guest (addr, *lenp as in accept/getsockname: a bad
 * length pointer is EFAULT, a negative length EINVAL, the address is written only when there
 * is room for some of it); AF_UNIX host paths inside the root become guest paths again. */
static long put_addr(SxProc *p, uint8_t *addr, uint32_t full, uint64_t uaddr, uint64_t ulen) {
  uint32_t room;
  if (sx_get(p, ulen, &room, 4) < 0) return -EFAULT_LINUX;
  if ((int32_t)room < 0) return -EINVAL_LINUX;
  uint16_t fam;
  memcpy(&fam, addr, 2);
  if (fam == AF_UNIX_LINUX && full > 2 && addr[2] != 0 && p->root[0]) {
    char host[SUN_PATH + 1], guest[SX_PATH_MAX];
    size_t n = full - 2 > SUN_PATH ? SUN_PATH : full - 2;
    memcpy(host, addr + 2, n);
    host[n] = 0;
    if (sx_vfs_guest_of_host(p, host, guest) && strlen(guest) < SUN_PATH) {
      memset(addr + 2, 0, SUN_PATH);
      memcpy(addr + 2, guest, strlen(guest) + 1);
      full = (uint32_t)(2 + strlen(guest) + 1);
    }
  }
  uint32_t n = room < full ? room : full;
  if (n && sx_put(p, uaddr, addr, n) < 0) return -EFAULT_LINUX;
  if (sx_put(p, ulen, &full, 4) < 0) return -EFAULT_LINUX;
  return 0;
}

long sx_sys_socket(SxProc *p, const uint64_t *a) {
  int type = ARG_INT(1);
  if (type & ~(SOCK_TYPE_MASK_LINUX | SOCK_NONBLOCK_LINUX | SOCK_CLOEXEC_LINUX)) return -EINVAL_LINUX;
  /* A raw socket writes its own IP headers, past --allow-net's address checks: under the
   * sandbox it is refused as for a process without CAP_NET_RAW. */
  if (sx_limits_sandboxed() && (type & SOCK_TYPE_MASK_LINUX) == SOCK_RAW_LINUX) return -EPERM_LINUX;
  long h = host_socket(ARG_INT(0), type, ARG_INT(2));
  if (h < 0) return h;
  return install_socket(p, (int)h, (type & SOCK_CLOEXEC_LINUX) != 0);
}

long sx_sys_socketpair(SxProc *p, const uint64_t *a) {
  int type = ARG_INT(1), h[2];
  if (type & ~(SOCK_TYPE_MASK_LINUX | SOCK_NONBLOCK_LINUX | SOCK_CLOEXEC_LINUX)) return -EINVAL_LINUX;
  long r = host_socketpair(ARG_INT(0), type, ARG_INT(2), h);
  if (r < 0) return r;
  int cloexec = (type & SOCK_CLOEXEC_LINUX) != 0;
  long g0 = install_socket(p, h[0], cloexec);
  if (g0 < 0) { host_close(h[1]); return g0; }
  long g1 = install_socket(p, h[1], cloexec);
  if (g1 < 0) { sx_fd_close(p, (int)g0); return g1; }
  int32_t sv[2] = {(int32_t)g0, (int32_t)g1};
  if (sx_put(p, a[3], sv, sizeof sv) < 0) {
    sx_fd_close(p, (int)g0);
    sx_fd_close(p, (int)g1);
    return -EFAULT_LINUX;
  }
  return 0;
}

/* An IPv6 address in RFC 5952's text form (lower-case hexadecimal, the longest run of two or
 * more zero groups shortened to "::"), at out. */
static int ipv6_text(const uint8_t *a, char *out, size_t size) {
  int g[8], best = -1, best_len = 1, n = 0;
  for (int i = 0; i < 8; i++) g[i] = a[2 * i] << 8 | a[2 * i + 1];
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && g[j] == 0) j++;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j > i ? j : i + 1;
  }
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      n += snprintf(out + n, size - (size_t)n, "::");
      i += best_len - 1;
      continue;
    }
    n += snprintf(out + n, size - (size_t)n, "%s%x", n && out[n - 1] != ':' ? ":" : "", g[i]);
  }
  return n;
}

/* Under --sandbox: may the guest connect, bind or send to this (host) address? An IPv4
 * address is asked of --allow-net as "A.B.C.D:PORT", IPv6 as "[ADDR]:PORT" in RFC 5952 form
 * ("[::1]:80"; numeric: the shim never sees host names); a named AF_UNIX socket is a file and
 * needs --allow-write on its host path; an abstract one needs --allow-net without a list. */
static long net_allowed(const uint8_t *addr, uint32_t len) {
  char what[SUN_PATH + 64], msg[8];
  uint16_t fam;
  if (!sx_limits_sandboxed()) return 0;
  memcpy(&fam, addr, 2);
  RtAccess kind = RT_NET;
  const char *arg = what;
  if (fam == AF_INET_LINUX && len >= 8) {
    snprintf(what, sizeof what, "%u.%u.%u.%u:%u", addr[4], addr[5], addr[6], addr[7],
             (unsigned)(addr[2] << 8 | addr[3]));
  } else if (fam == AF_INET6_LINUX && len >= 24) {
    what[0] = '[';
    int n = 1 + ipv6_text(addr + 8, what + 1, sizeof what - 1);
    snprintf(what + n, sizeof what - (size_t)n, "]:%u", (unsigned)(addr[2] << 8 | addr[3]));
  } else if (fam == AF_UNIX_LINUX && len > 2 && addr[2] != 0) {
    kind = RT_WRITE;
    arg = (const char *)addr + 2;
  } else if (fam == AF_UNIX_LINUX) {
    arg = NULL;   /* abstract or unnamed */
    if (len <= 2) return 0;
  } else {
    return 0;
  }
  return rt_policy_decide(&rt_sandbox, kind, arg, msg, sizeof msg) ? -EACCES_LINUX : 0;
}

static long addr_call(SxProc *p, const uint64_t *a, int connect) {
  int h = host_fd_of(p, ARG_INT(0));
  if (h < 0) return -EBADF_LINUX;
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t len;
  if ((int32_t)ARG_UINT(2) < 0) return -EINVAL_LINUX;
  long r = get_addr(p, a[1], ARG_UINT(2), addr, &len, connect);
  if (r == 0) r = net_allowed(addr, len);
  if (r < 0) return r;
  return connect ? host_connect(h, addr, len) : host_bind(h, addr, len);
}

long sx_sys_bind(SxProc *p, const uint64_t *a) { return addr_call(p, a, 0); }
long sx_sys_connect(SxProc *p, const uint64_t *a) { return addr_call(p, a, 1); }

long sx_sys_listen(SxProc *p, const uint64_t *a) {
  int h = host_fd_of(p, ARG_INT(0));
  return h < 0 ? -EBADF_LINUX : host_listen(h, ARG_INT(1));
}

static long do_accept(SxProc *p, const uint64_t *a, int flags) {
  int h = host_fd_of(p, ARG_INT(0));
  if (h < 0) return -EBADF_LINUX;
  if (flags & ~(SOCK_NONBLOCK_LINUX | SOCK_CLOEXEC_LINUX)) return -EINVAL_LINUX;
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t len = sizeof addr;
  if (a[2]) {
    int32_t room;
    if (sx_get(p, a[2], &room, 4) < 0) return -EFAULT_LINUX;
    if (room < 0) return -EINVAL_LINUX;
  }
  long c = host_accept(h, addr, &len, flags);
  if (c < 0) return c;
  long g = install_socket(p, (int)c, (flags & SOCK_CLOEXEC_LINUX) != 0);
  if (g < 0) return g;
  long r = a[1] ? put_addr(p, addr, len, a[1], a[2]) : 0;
  if (r < 0) { sx_fd_close(p, (int)g); return r; }
  return g;
}

long sx_sys_accept(SxProc *p, const uint64_t *a) { return do_accept(p, a, 0); }
long sx_sys_accept4(SxProc *p, const uint64_t *a) { return do_accept(p, a, ARG_INT(3)); }

long sx_sys_shutdown(SxProc *p, const uint64_t *a) {
  int h = host_fd_of(p, ARG_INT(0));
  return h < 0 ? -EBADF_LINUX : host_shutdown(h, ARG_INT(1));
}

static long sockname(SxProc *p, const uint64_t *a, int peer) {
  int h = host_fd_of(p, ARG_INT(0));
  if (h < 0) return -EBADF_LINUX;
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t len = sizeof addr;
  long r = host_sockname(h, peer, addr, &len);
  return r < 0 ? r : put_addr(p, addr, len, a[1], a[2]);
}

long sx_sys_getsockname(SxProc *p, const uint64_t *a) { return sockname(p, a, 0); }
long sx_sys_getpeername(SxProc *p, const uint64_t *a) { return sockname(p, a, 1); }

/* ---- data */

typedef struct {
  IovecLinux iov[IOV_MAX_LINUX];
  int niov;
  uint64_t total;
} Iov;

static long get_iov(SxProc *p, uint64_t uiov, uint64_t n, Iov *v) {
  if (n > IOV_MAX_LINUX) return -EMSGSIZE_LINUX;
  if (n && sx_get(p, uiov, v->iov, n * sizeof(IovecLinux)) < 0) return -EFAULT_LINUX;
  v->niov = (int)n;
  v->total = 0;
  for (uint64_t i = 0; i < n; i++) {
    if ((int64_t)v->iov[i].iov_len < 0) return -EINVAL_LINUX;
    v->total += v->iov[i].iov_len;
  }
  return 0;
}

/* sendmsg/sendto: gathers the guest's buffers, attaches translated SCM_RIGHTS/CREDENTIALS. */
static long do_send(SxProc *p, int fd, Iov *v, uint64_t uaddr, uint32_t alen, uint64_t uctl,
                    uint64_t ctllen, int flags) {
  int h = host_fd_of(p, fd);
  if (h < 0) return -EBADF_LINUX;
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t len = 0;
  HostMsg m;
  memset(&m, 0, sizeof m);
  if (uaddr && alen) {
    long r = get_addr(p, uaddr, alen, addr, &len, 1);
    if (r == 0) r = net_allowed(addr, len);
    if (r < 0) return r;
    m.addr = addr;
    m.addrlen = len;
  }
  int fds[253];
  if (uctl && ctllen) {
    if (ctllen > 65536) return -ENOBUFS_LINUX;
    uint8_t *ctl = malloc(ctllen);
    if (!ctl) return -ENOMEM_LINUX;
    if (sx_get(p, uctl, ctl, ctllen) < 0) { free(ctl); return -EFAULT_LINUX; }
    for (uint64_t off = 0; off + sizeof(CmsghdrLinux) <= ctllen;) {
      CmsghdrLinux c;
      memcpy(&c, ctl + off, sizeof c);
      if (c.len < sizeof c || c.len > ctllen - off) { free(ctl); return -EINVAL_LINUX; }
      uint64_t dl = c.len - sizeof c;
      if (c.level == SOL_SOCKET_LINUX && c.type == SCM_RIGHTS_LINUX) {
        for (uint64_t i = 0; i + 4 <= dl; i += 4) {
          int32_t g;
          memcpy(&g, ctl + off + sizeof c + i, 4);
          int hf = host_fd_of(p, g);
          if (hf < 0 || m.nfds >= 253) { free(ctl); return hf < 0 ? -EBADF_LINUX : -EINVAL_LINUX; }
          fds[m.nfds++] = hf;
        }
      } else if (c.level == SOL_SOCKET_LINUX && c.type == SCM_CREDENTIALS_LINUX && dl >= sizeof(UcredLinux)) {
        memcpy(&m.cred, ctl + off + sizeof c, sizeof m.cred);
        m.creds = 1;
        if (sx_pidns_cred_out(&m.cred.pid, &m.cred.uid, &m.cred.gid) < 0) {
          free(ctl);
          return -ESRCH_LINUX;   /* Linux: a pid that is no process of the sender's namespace */
        }
      } else {
        free(ctl);
        return -EINVAL_LINUX;
      }
      off += (c.len + 7) & ~7ull;
    }
    free(ctl);
  }
  m.fds = fds;
  uint64_t n = v->total > MSG_CHUNK ? MSG_CHUNK : v->total;
  m.buf = malloc(n ? n : 1);
  if (!m.buf) return -ENOMEM_LINUX;
  m.len = n;
  uint64_t done = 0;
  for (int i = 0; i < v->niov && done < n; i++) {
    uint64_t take = v->iov[i].iov_len < n - done ? v->iov[i].iov_len : n - done;
    if (take && sx_get(p, v->iov[i].iov_base, (uint8_t *)m.buf + done, take) < 0) {
      free(m.buf);
      return -EFAULT_LINUX;
    }
    done += take;
  }
  /* A socket that is nacre's stdout or stderr is metered like a write (--max-output). */
  SxFd *f = sx_fd_get(p, fd);
  uint64_t ok = sx_limits_output_reserve(f, n);
  m.len = ok;
  long r = ok == 0 && n ? 0 : host_sendmsg(h, &m, flags);
  sx_limits_output_done(f, n, ok, r);
  free(m.buf);
  if (r == -EPIPE_LINUX && (flags & MSG_NOSIGNAL_LINUX)) return r;
  return sx_fs_epipe(p, r);
}

/* recvmsg/recvfrom: scatters into the guest's buffers, installs received descriptors. Sets
 * the address length, control length and flags for recvmsg's header. */
static long do_recv(SxProc *p, int fd, Iov *v, uint8_t *addr, uint32_t *alen, uint64_t uctl,
                    uint64_t *ctllen, int *oflags, int flags) {
  int h = host_fd_of(p, fd);
  if (h < 0) return -EBADF_LINUX;
  HostMsg m;
  memset(&m, 0, sizeof m);
  int fds[253];
  m.fds = fds;
  m.nfds = uctl && *ctllen ? 253 : 0;
  m.ctl_room = uctl ? *ctllen : 0;
  m.addr = addr;
  m.addrlen = *alen;
  uint64_t n = v->total > MSG_CHUNK ? MSG_CHUNK : v->total;
  m.buf = malloc(n ? n : 1);
  if (!m.buf) return -ENOMEM_LINUX;
  m.len = n;
  long r = host_recvmsg(h, &m, flags);
  if (r < 0) { free(m.buf); return r; }
  uint64_t got = (uint64_t)r < n ? (uint64_t)r : n, done = 0;
  for (int i = 0; i < v->niov && done < got; i++) {
    uint64_t take = v->iov[i].iov_len < got - done ? v->iov[i].iov_len : got - done;
    if (take && sx_put(p, v->iov[i].iov_base, (uint8_t *)m.buf + done, take) < 0) {
      free(m.buf);
      for (int k = 0; k < m.nfds; k++) host_close(fds[k]);
      return -EFAULT_LINUX;
    }
    done += take;
  }
  free(m.buf);
  *alen = m.addrlen;
  *oflags = m.flags;
  /* Control data in Linux's layout: SCM_RIGHTS with the new guest fds, then credentials. */
  uint8_t ctl[16 + 4 * 253 + 8 + 32];
  uint64_t cl = 0;
  if (m.nfds) {
    CmsghdrLinux c = {16 + 4 * (uint64_t)m.nfds, SOL_SOCKET_LINUX, SCM_RIGHTS_LINUX};
    memcpy(ctl, &c, sizeof c);
    for (int i = 0; i < m.nfds; i++) {
      long g = install_socket(p, fds[i], (flags & MSG_CMSG_CLOEXEC_LINUX) != 0);
      int32_t gv = (int32_t)g;
      memcpy(ctl + 16 + 4 * i, &gv, 4);
    }
    cl = (c.len + 7) & ~7ull;
  }
  if (m.creds && uctl && *ctllen >= cl + 16 + sizeof(UcredLinux)) {
    CmsghdrLinux c = {16 + sizeof(UcredLinux), SOL_SOCKET_LINUX, SCM_CREDENTIALS_LINUX};
    sx_pidns_cred_in(&m.cred.pid, &m.cred.uid, &m.cred.gid);
    memcpy(ctl + cl, &c, sizeof c);
    memcpy(ctl + cl + 16, &m.cred, sizeof m.cred);
    cl += (c.len + 7) & ~7ull;
  } else if (m.creds && uctl) {
    *oflags |= MSG_CTRUNC_LINUX;
  }
  if (cl > *ctllen) cl = *ctllen;
  if (cl && sx_put(p, uctl, ctl, cl) < 0) return -EFAULT_LINUX;
  *ctllen = cl;
  return r;
}

long sx_sys_sendto(SxProc *p, const uint64_t *a) {
  Iov v;
  v.iov[0].iov_base = a[1];
  v.iov[0].iov_len = a[2];
  v.niov = 1;
  v.total = a[2];
  return do_send(p, ARG_INT(0), &v, a[4], ARG_UINT(5), 0, 0, ARG_INT(3));
}

long sx_sys_recvfrom(SxProc *p, const uint64_t *a) {
  Iov v;
  v.iov[0].iov_base = a[1];
  v.iov[0].iov_len = a[2];
  v.niov = 1;
  v.total = a[2];
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t alen = sizeof addr;
  uint64_t ctllen = 0;
  int oflags;
  long r = do_recv(p, ARG_INT(0), &v, addr, &alen, 0, &ctllen, &oflags, ARG_INT(3));
  if (r < 0 || !a[4]) return r;
  /* (a connected stream has no address: alen 0, the length written back is 0) */
  long e = put_addr(p, addr, alen, a[4], a[5]);
  return e < 0 ? e : r;
}

long sx_sys_sendmsg(SxProc *p, const uint64_t *a) {
  MsghdrLinux mh;
  if (sx_get(p, a[1], &mh, sizeof mh) < 0) return -EFAULT_LINUX;
  Iov v;
  long r = get_iov(p, mh.iov, mh.iovlen, &v);
  if (r < 0) return r;
  return do_send(p, ARG_INT(0), &v, mh.name, mh.namelen, mh.control, mh.controllen, ARG_INT(2));
}

long sx_sys_recvmsg(SxProc *p, const uint64_t *a) {
  MsghdrLinux mh;
  if (sx_get(p, a[1], &mh, sizeof mh) < 0) return -EFAULT_LINUX;
  Iov v;
  long r = get_iov(p, mh.iov, mh.iovlen, &v);
  if (r < 0) return r;
  uint8_t addr[SOCKADDR_MAX_LINUX];
  uint32_t alen = sizeof addr;
  uint64_t ctllen = mh.controllen;
  int oflags = 0;
  r = do_recv(p, ARG_INT(0), &v, mh.name ? addr : NULL, &alen, mh.control, &ctllen, &oflags,
              ARG_INT(2));
  if (r < 0) return r;
  if (mh.name) {
    uint32_t room = mh.namelen, full = alen;
    if (full) {
      uint64_t lenaddr = a[1] + offsetof(MsghdrLinux, namelen);
      if (sx_put(p, lenaddr, &room, 4) < 0) return -EFAULT_LINUX;
      long e = put_addr(p, addr, full, mh.name, lenaddr);
      if (e < 0) return e;
    } else {
      mh.namelen = 0;
      if (sx_put(p, a[1] + offsetof(MsghdrLinux, namelen), &mh.namelen, 4) < 0) return -EFAULT_LINUX;
    }
  }
  mh.controllen = ctllen;
  mh.flags = oflags;
  if (sx_put(p, a[1] + offsetof(MsghdrLinux, controllen), &mh.controllen, 8) < 0 ||
      sx_put(p, a[1] + offsetof(MsghdrLinux, flags), &mh.flags, 4) < 0)
    return -EFAULT_LINUX;
  return r;
}

long sx_sys_setsockopt(SxProc *p, const uint64_t *a) {
  int h = host_fd_of(p, ARG_INT(0));
  if (h < 0) return -EBADF_LINUX;
  uint32_t len = ARG_UINT(4);
  uint8_t val[64];
  if ((int32_t)len < 0) return -EINVAL_LINUX;
  if (len > sizeof val) len = sizeof val;
  if (len && sx_get(p, a[3], val, len) < 0) return -EFAULT_LINUX;
  return host_setsockopt(h, ARG_INT(1), ARG_INT(2), val, len);
}

long sx_sys_getsockopt(SxProc *p, const uint64_t *a) {
  int h = host_fd_of(p, ARG_INT(0));
  if (h < 0) return -EBADF_LINUX;
  int32_t len;
  if (sx_get(p, a[4], &len, 4) < 0) return -EFAULT_LINUX;
  if (len < 0) return -EINVAL_LINUX;
  uint8_t val[64];
  uint32_t n = (uint32_t)len > sizeof val ? sizeof val : (uint32_t)len;
  long r = host_getsockopt(h, ARG_INT(1), ARG_INT(2), val, &n);
  if (r < 0) return r;
  if (ARG_INT(1) == SOL_SOCKET_LINUX && ARG_INT(2) == SO_PEERCRED_LINUX && n >= sizeof(UcredLinux)) {
    UcredLinux u;
    memcpy(&u, val, sizeof u);
    sx_pidns_cred_in(&u.pid, &u.uid, &u.gid);
    memcpy(val, &u, sizeof u);
  }
  if (sx_put(p, a[3], val, n) < 0 || sx_put(p, a[4], &n, 4) < 0) return -EFAULT_LINUX;
  return 0;
}

/* sendmmsg/recvmmsg: one sendmsg/recvmsg per struct mmsghdr (a msghdr and its msg_len).
 * A failure after the first message ends the batch with the count so far, as Linux does. */
#define MMSG_SIZE 64
#define MMSG_MAX 1024
#define MSG_WAITFORONE_LINUX 0x10000

long sx_sys_sendmmsg(SxProc *p, const uint64_t *a) {
  uint32_t n = ARG_UINT(2) > MMSG_MAX ? MMSG_MAX : ARG_UINT(2);
  uint32_t i = 0;
  for (; i < n; i++) {
    uint64_t one[3] = {a[0], a[1] + (uint64_t)i * MMSG_SIZE, a[3]};
    long r = sx_sys_sendmsg(p, one);
    if (r < 0) return i ? (long)i : r;
    uint32_t len = (uint32_t)r;
    if (sx_put(p, one[1] + 56, &len, 4) < 0) return i ? (long)i : -EFAULT_LINUX;
  }
  return (long)i;
}

long sx_sys_recvmmsg(SxProc *p, const uint64_t *a) {
  uint32_t n = ARG_UINT(2) > MMSG_MAX ? MMSG_MAX : ARG_UINT(2);
  int flags = ARG_INT(3);
  TimespecLinux limit = {0, 0}, now;
  if (a[4]) {
    TimespecLinux t;
    if (sx_get(p, a[4], &t, sizeof t) < 0) return -EFAULT_LINUX;
    if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000) return -EINVAL_LINUX;
    host_clock_gettime(CLOCK_MONOTONIC_LINUX, &now);
    limit.tv_sec = now.tv_sec + t.tv_sec + (now.tv_nsec + t.tv_nsec) / 1000000000;
    limit.tv_nsec = (now.tv_nsec + t.tv_nsec) % 1000000000;
  }
  uint32_t i = 0;
  for (; i < n; i++) {
    uint64_t one[3] = {a[0], a[1] + (uint64_t)i * MMSG_SIZE, (uint64_t)(uint32_t)(flags & ~MSG_WAITFORONE_LINUX)};
    if (i && (flags & MSG_WAITFORONE_LINUX)) one[2] |= MSG_DONTWAIT_LINUX;
    long r = sx_sys_recvmsg(p, one);
    if (r < 0) return i ? (long)i : r;
    uint32_t len = (uint32_t)r;
    if (sx_put(p, one[1] + 56, &len, 4) < 0) return i ? (long)i : -EFAULT_LINUX;
    if (a[4]) {   /* the timeout is checked after each datagram, as Linux does */
      host_clock_gettime(CLOCK_MONOTONIC_LINUX, &now);
      if (now.tv_sec > limit.tv_sec || (now.tv_sec == limit.tv_sec && now.tv_nsec >= limit.tv_nsec)) {
        i++;
        break;
      }
    }
  }
  return (long)i;
}

/* Host sockets for the shim: AF_UNIX, AF_INET and AF_INET6 with Linux sockaddr, message,
 * option and flag layouts translated field by field to the host's, so the guest never sees a
 * host struct and the shim never sees a host constant. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

#define RET(expr) do { long r_ = (long)(expr); return r_ < 0 ? host_err() : r_; } while (0)

static int af_host(int l) {
  switch (l) {
  case AF_UNSPEC_LINUX: return AF_UNSPEC;
  case AF_UNIX_LINUX: return AF_UNIX;
  case AF_INET_LINUX: return AF_INET;
  case AF_INET6_LINUX: return AF_INET6;
  default: return -1;
  }
}

static int af_linux(int h) {
  if (h == AF_UNIX) return AF_UNIX_LINUX;
  if (h == AF_INET) return AF_INET_LINUX;
  if (h == AF_INET6) return AF_INET6_LINUX;
  return AF_UNSPEC_LINUX;
}

static int type_host(int l) {
  switch (l & SOCK_TYPE_MASK_LINUX) {
  case SOCK_STREAM_LINUX: return SOCK_STREAM;
  case SOCK_DGRAM_LINUX: return SOCK_DGRAM;
  case SOCK_SEQPACKET_LINUX: return SOCK_SEQPACKET;
  case SOCK_RAW_LINUX: return SOCK_RAW;   /* the host decides who may, and which protocols */
  case SOCK_RDM_LINUX: return SOCK_RDM;
  default: return -1;
  }
}

static int type_linux(int h) {
  if (h == SOCK_STREAM) return SOCK_STREAM_LINUX;
  if (h == SOCK_DGRAM) return SOCK_DGRAM_LINUX;
  if (h == SOCK_SEQPACKET) return SOCK_SEQPACKET_LINUX;
  if (h == SOCK_RAW) return SOCK_RAW_LINUX;
  if (h == SOCK_RDM) return SOCK_RDM_LINUX;
  return h;
}

static uint16_t get16(const uint8_t *b) { uint16_t v; memcpy(&v, b, 2); return v; }

/* Linux sockaddr bytes -> host sockaddr; returns the host length or a negative errno. */
static long addr_host(const void *laddr, uint32_t llen, struct sockaddr_storage *h) {
  const uint8_t *b = laddr;
  memset(h, 0, sizeof *h);
  if (llen < 2) return -EINVAL_LINUX;
  int fam = af_host(get16(b));
  if (fam < 0) return -EAFNOSUPPORT_LINUX;
  switch (fam) {
  case AF_UNIX: {
    struct sockaddr_un *u = (struct sockaddr_un *)h;
    size_t n = llen - 2;
    if (n > sizeof u->sun_path) return -EINVAL_LINUX;
    u->sun_family = AF_UNIX;
    memcpy(u->sun_path, b + 2, n);
    return (long)(offsetof(struct sockaddr_un, sun_path) + n);
  }
  case AF_INET: {
    if (llen < 16) return -EINVAL_LINUX;
    struct sockaddr_in *in = (struct sockaddr_in *)h;
    in->sin_family = AF_INET;
    memcpy(&in->sin_port, b + 2, 2);
    memcpy(&in->sin_addr, b + 4, 4);
    return (long)sizeof *in;
  }
  case AF_INET6: {
    if (llen < 24) return -EINVAL_LINUX;
    struct sockaddr_in6 *in = (struct sockaddr_in6 *)h;
    in->sin6_family = AF_INET6;
    memcpy(&in->sin6_port, b + 2, 2);
    memcpy(&in->sin6_flowinfo, b + 4, 4);
    memcpy(&in->sin6_addr, b + 8, 16);
    if (llen >= 28) memcpy(&in->sin6_scope_id, b + 24, 4);
    return (long)sizeof *in;
  }
  default:
    h->ss_family = AF_UNSPEC;
    return (long)sizeof(struct sockaddr);
  }
}

/* Host sockaddr -> Linux bytes in out (room *len); *len becomes the full Linux length. */
static void addr_linux(const struct sockaddr_storage *h, socklen_t hlen, void *out,
                       uint32_t *len) {
  uint8_t b[SOCKADDR_MAX_LINUX];
  uint32_t n = 2;
  memset(b, 0, sizeof b);
  uint16_t fam = (uint16_t)af_linux(h->ss_family);
  if (hlen < sizeof(sa_family_t)) fam = AF_UNSPEC_LINUX;
  memcpy(b, &fam, 2);
  if (fam == AF_UNIX_LINUX) {
    const struct sockaddr_un *u = (const struct sockaddr_un *)h;
    size_t pl = hlen > offsetof(struct sockaddr_un, sun_path) ? hlen - offsetof(struct sockaddr_un, sun_path) : 0;
    if (pl > 108) pl = 108;
    memcpy(b + 2, u->sun_path, pl);
    n = (uint32_t)(2 + pl);
  } else if (fam == AF_INET_LINUX) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)h;
    memcpy(b + 2, &in->sin_port, 2);
    memcpy(b + 4, &in->sin_addr, 4);
    n = 16;
  } else if (fam == AF_INET6_LINUX) {
    const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)h;
    memcpy(b + 2, &in->sin6_port, 2);
    memcpy(b + 4, &in->sin6_flowinfo, 4);
    memcpy(b + 8, &in->sin6_addr, 16);
    memcpy(b + 24, &in->sin6_scope_id, 4);
    n = 28;
  }
  if (out) memcpy(out, b, *len < n ? *len : n);
  *len = n;
}

static long finish_socket(int fd, int ltype) {
  if (fd < 0) return host_err();
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  if (ltype & SOCK_NONBLOCK_LINUX) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

long host_socket(int domain, int ltype, int proto) {
  int fam = af_host(domain), t = type_host(ltype);
  if (fam < 0 || fam == AF_UNSPEC) return -EAFNOSUPPORT_LINUX;
  if (t < 0) return -EINVAL_LINUX;
  return finish_socket(socket(fam, t, proto), ltype);
}

long host_socketpair(int domain, int ltype, int proto, int fds[2]) {
  int fam = af_host(domain), t = type_host(ltype);
  if (fam < 0 || fam == AF_UNSPEC) return -EAFNOSUPPORT_LINUX;
  if (t < 0) return -EINVAL_LINUX;
  int h[2];
  if (socketpair(fam, t, proto, h) < 0) return host_err();
  finish_socket(h[0], ltype);
  finish_socket(h[1], ltype);
  fds[0] = h[0];
  fds[1] = h[1];
  return 0;
}

long host_bind(int fd, const void *addr, uint32_t len) {
  struct sockaddr_storage h;
  long hl = addr_host(addr, len, &h);
  if (hl < 0) return hl;
  RET(bind(fd, (struct sockaddr *)&h, (socklen_t)hl));
}

long host_connect(int fd, const void *addr, uint32_t len) {
  struct sockaddr_storage h;
  long hl = addr_host(addr, len, &h);
  if (hl < 0) return hl;
  RET(connect(fd, (struct sockaddr *)&h, (socklen_t)hl));
}

long host_listen(int fd, int backlog) { RET(listen(fd, backlog)); }

long host_accept(int fd, void *addr, uint32_t *len, int lflags) {
  struct sockaddr_storage h;
  socklen_t hl = sizeof h;
  int c = accept(fd, (struct sockaddr *)&h, &hl);
  if (c < 0) return host_err();
  finish_socket(c, lflags);
  if (len) addr_linux(&h, hl, addr, len);
  return c;
}

long host_shutdown(int fd, int how) {
  int h = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : how == 2 ? SHUT_RDWR : -1;
  if (h < 0) return -EINVAL_LINUX;
  RET(shutdown(fd, h));
}

long host_sockname(int fd, int peer, void *addr, uint32_t *len) {
  struct sockaddr_storage h;
  socklen_t hl = sizeof h;
  memset(&h, 0, sizeof h);
  int r = peer ? getpeername(fd, (struct sockaddr *)&h, &hl) : getsockname(fd, (struct sockaddr *)&h, &hl);
  if (r < 0) return host_err();
  addr_linux(&h, hl, addr, len);
  return 0;
}

static int msg_flags_host(int l) {
#if defined(__linux__)
  /* The same bits (MSG_ERRQUEUE, MSG_MORE, MSG_CONFIRM... as the guest asks); received
   * descriptors are always close-on-exec on the host, whatever the guest's flag. */
  return l & ~MSG_CMSG_CLOEXEC_LINUX;
#endif
  int h = 0;
  if (l & MSG_OOB_LINUX) h |= MSG_OOB;
  if (l & MSG_PEEK_LINUX) h |= MSG_PEEK;
  if (l & MSG_DONTROUTE_LINUX) h |= MSG_DONTROUTE;
  if (l & MSG_DONTWAIT_LINUX) h |= MSG_DONTWAIT;
  if (l & MSG_EOR_LINUX) h |= MSG_EOR;
  if (l & MSG_WAITALL_LINUX) h |= MSG_WAITALL;
#ifdef MSG_NOSIGNAL
  if (l & MSG_NOSIGNAL_LINUX) h |= MSG_NOSIGNAL;
#endif
  return h;
}

static int msg_flags_linux(int h) {
#if defined(__linux__)
  return h & ~MSG_CMSG_CLOEXEC;
#endif
  int l = 0;
  if (h & MSG_TRUNC) l |= MSG_TRUNC_LINUX;
  if (h & MSG_CTRUNC) l |= MSG_CTRUNC_LINUX;
  if (h & MSG_OOB) l |= MSG_OOB_LINUX;
  if (h & MSG_EOR) l |= MSG_EOR_LINUX;
  return l;
}

/* Room for the descriptors and credentials one message may carry (Linux's SCM_MAX_FD). */
#define MAX_FDS 253

long host_sendmsg(int fd, HostMsg *m, int lflags) {
  struct sockaddr_storage h;
  struct msghdr mh;
  struct iovec iov = {m->buf, m->len};
  memset(&mh, 0, sizeof mh);
  if (m->addr) {
    long hl = addr_host(m->addr, m->addrlen, &h);
    if (hl < 0) return hl;
    mh.msg_name = &h;
    mh.msg_namelen = (socklen_t)hl;
  }
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  union { char b[CMSG_SPACE(sizeof(int) * MAX_FDS) + 64]; struct cmsghdr align; } ctl;
  size_t used = 0;
  if (m->nfds > MAX_FDS) return -EINVAL_LINUX;
  if (m->nfds > 0 || m->creds) {
    memset(&ctl, 0, sizeof ctl);
    mh.msg_control = ctl.b;
    mh.msg_controllen = sizeof ctl.b;
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    if (m->nfds > 0) {
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)m->nfds);
      memcpy(CMSG_DATA(c), m->fds, sizeof(int) * (size_t)m->nfds);
      used += CMSG_SPACE(sizeof(int) * (size_t)m->nfds);
      c = CMSG_NXTHDR(&mh, c);
    }
#if defined(__linux__)
    if (m->creds && c) {
      struct ucred u = {m->cred.pid, m->cred.uid, m->cred.gid};
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_CREDENTIALS;
      c->cmsg_len = CMSG_LEN(sizeof u);
      memcpy(CMSG_DATA(c), &u, sizeof u);
      used += CMSG_SPACE(sizeof u);
    }
#else
    if (m->creds) return -EOPNOTSUPP_LINUX;
#endif
    mh.msg_controllen = used;
  }
  RET(sendmsg(fd, &mh, msg_flags_host(lflags)));
}

long host_recvmsg(int fd, HostMsg *m, int lflags) {
  struct sockaddr_storage h;
  struct msghdr mh;
  struct iovec iov = {m->buf, m->len};
  memset(&mh, 0, sizeof mh);
  memset(&h, 0, sizeof h);
  mh.msg_name = &h;
  mh.msg_namelen = sizeof h;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  union { char b[CMSG_SPACE(sizeof(int) * MAX_FDS) + 64]; struct cmsghdr align; } ctl;
  mh.msg_control = ctl.b;
  mh.msg_controllen = sizeof ctl.b;
  ssize_t r = recvmsg(fd, &mh, msg_flags_host(lflags) | MSG_CMSG_CLOEXEC);
  if (r < 0) return host_err();
  int room = m->nfds;
  m->nfds = 0;
  m->creds = 0;
  m->flags = msg_flags_linux(mh.msg_flags);
  size_t need = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
    if (c->cmsg_level != SOL_SOCKET) continue;
    if (c->cmsg_type == SCM_RIGHTS) {
      int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      int *in = (int *)CMSG_DATA(c);
      for (int i = 0; i < n; i++) {
        /* Linux layout: 16-byte header plus 4 bytes per fd, rounded to 8. */
        if (m->nfds < room && 16 + 4 * (size_t)(m->nfds + 1) <= m->ctl_room) {
          m->fds[m->nfds++] = in[i];
        } else {
          close(in[i]);
          m->flags |= MSG_CTRUNC_LINUX;
        }
      }
      need += (16 + 4 * (size_t)n + 7) & ~(size_t)7;
    }
#if defined(__linux__)
    if (c->cmsg_type == SCM_CREDENTIALS) {
      struct ucred u;
      memcpy(&u, CMSG_DATA(c), sizeof u);
      m->cred.pid = u.pid;
      m->cred.uid = u.uid;
      m->cred.gid = u.gid;
      m->creds = 1;
    }
#endif
  }
  (void)need;
  if (m->addr) {
    uint32_t len = m->addrlen;
    if (mh.msg_namelen > 0) addr_linux(&h, mh.msg_namelen, m->addr, &len);
    else len = 0;
    m->addrlen = len;
  }
  return (long)r;
}

/* ---- options */

enum { OPT_INT, OPT_LINGER, OPT_TIMEVAL, OPT_UCRED, OPT_ERROR, OPT_TYPE, OPT_DOMAIN };
typedef struct { int llevel, lname, hlevel, hname, kind; } Opt;

static const Opt OPTS[] = {
  {SOL_SOCKET_LINUX, 2, SOL_SOCKET, SO_REUSEADDR, OPT_INT},
  {SOL_SOCKET_LINUX, 3, SOL_SOCKET, SO_TYPE, OPT_TYPE},
  {SOL_SOCKET_LINUX, 4, SOL_SOCKET, SO_ERROR, OPT_ERROR},
  {SOL_SOCKET_LINUX, 5, SOL_SOCKET, SO_DONTROUTE, OPT_INT},
  {SOL_SOCKET_LINUX, 6, SOL_SOCKET, SO_BROADCAST, OPT_INT},
  {SOL_SOCKET_LINUX, 7, SOL_SOCKET, SO_SNDBUF, OPT_INT},
  {SOL_SOCKET_LINUX, 8, SOL_SOCKET, SO_RCVBUF, OPT_INT},
  {SOL_SOCKET_LINUX, 9, SOL_SOCKET, SO_KEEPALIVE, OPT_INT},
  {SOL_SOCKET_LINUX, 10, SOL_SOCKET, SO_OOBINLINE, OPT_INT},
  {SOL_SOCKET_LINUX, 13, SOL_SOCKET, SO_LINGER, OPT_LINGER},
#ifdef SO_REUSEPORT
  {SOL_SOCKET_LINUX, 15, SOL_SOCKET, SO_REUSEPORT, OPT_INT},
#endif
#if defined(__linux__)
  {SOL_SOCKET_LINUX, 16, SOL_SOCKET, SO_PASSCRED, OPT_INT},
  {SOL_SOCKET_LINUX, 17, SOL_SOCKET, SO_PEERCRED, OPT_UCRED},
  {SOL_SOCKET_LINUX, 38, SOL_SOCKET, SO_PROTOCOL, OPT_INT},
  {SOL_SOCKET_LINUX, 39, SOL_SOCKET, SO_DOMAIN, OPT_DOMAIN},
#endif
  {SOL_SOCKET_LINUX, 18, SOL_SOCKET, SO_RCVLOWAT, OPT_INT},
  {SOL_SOCKET_LINUX, 19, SOL_SOCKET, SO_SNDLOWAT, OPT_INT},
  {SOL_SOCKET_LINUX, 20, SOL_SOCKET, SO_RCVTIMEO, OPT_TIMEVAL},
  {SOL_SOCKET_LINUX, 21, SOL_SOCKET, SO_SNDTIMEO, OPT_TIMEVAL},
  {SOL_SOCKET_LINUX, 30, SOL_SOCKET, SO_ACCEPTCONN, OPT_INT},
  {IPPROTO_TCP_LINUX, 1, IPPROTO_TCP, TCP_NODELAY, OPT_INT},
  {IPPROTO_TCP_LINUX, 2, IPPROTO_TCP, TCP_MAXSEG, OPT_INT},
#ifdef TCP_KEEPIDLE
  {IPPROTO_TCP_LINUX, 4, IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT},
#endif
#ifdef TCP_KEEPINTVL
  {IPPROTO_TCP_LINUX, 5, IPPROTO_TCP, TCP_KEEPINTVL, OPT_INT},
  {IPPROTO_TCP_LINUX, 6, IPPROTO_TCP, TCP_KEEPCNT, OPT_INT},
#endif
  {IPPROTO_IP_LINUX, 1, IPPROTO_IP, IP_TOS, OPT_INT},
  {IPPROTO_IP_LINUX, 2, IPPROTO_IP, IP_TTL, OPT_INT},
  {IPPROTO_IPV6_LINUX, 26, IPPROTO_IPV6, IPV6_V6ONLY, OPT_INT},
};

static const Opt *find_opt(int level, int name) {
  for (size_t i = 0; i < sizeof OPTS / sizeof OPTS[0]; i++)
    if (OPTS[i].llevel == level && OPTS[i].lname == name) return &OPTS[i];
  return NULL;
}

long host_setsockopt(int fd, int level, int name, const void *val, uint32_t len) {
  const Opt *o = find_opt(level, name);
  if (!o) return -ENOPROTOOPT_LINUX;
  switch (o->kind) {
  case OPT_LINGER: {
    int32_t l[2];
    if (len < sizeof l) return -EINVAL_LINUX;
    memcpy(l, val, sizeof l);
    struct linger h = {l[0], l[1]};
    RET(setsockopt(fd, o->hlevel, o->hname, &h, sizeof h));
  }
  case OPT_TIMEVAL: {
    TimevalLinux t;
    if (len < sizeof t) return -EINVAL_LINUX;
    memcpy(&t, val, sizeof t);
    struct timeval h = {(time_t)t.tv_sec, (suseconds_t)t.tv_usec};
    RET(setsockopt(fd, o->hlevel, o->hname, &h, sizeof h));
  }
  case OPT_INT: {
    int v;
    if (len < sizeof v) return -EINVAL_LINUX;
    memcpy(&v, val, sizeof v);
    RET(setsockopt(fd, o->hlevel, o->hname, &v, sizeof v));
  }
  default: return -ENOPROTOOPT_LINUX;   /* read-only options (SO_TYPE, SO_ERROR...) */
  }
}

long host_getsockopt(int fd, int level, int name, void *val, uint32_t *len) {
  const Opt *o = find_opt(level, name);
  if (!o) {
#if defined(__linux__)
    /* An option the shim does not translate: the kernel's own error for a level or name
     * it does not know (EOPNOTSUPP, ENOPROTOOPT...), asked with no room, which no option
     * reads or writes past. One the host does know stays ENOPROTOOPT for the guest. */
    char none;
    socklen_t zero = 0;
    if (getsockopt(fd, level, name, &none, &zero) < 0 && errno != EINVAL) return host_err();
#endif
    return -ENOPROTOOPT_LINUX;
  }
  uint8_t out[16];
  uint32_t n;
  switch (o->kind) {
  case OPT_LINGER: {
    struct linger h;
    socklen_t hl = sizeof h;
    if (getsockopt(fd, o->hlevel, o->hname, &h, &hl) < 0) return host_err();
    int32_t l[2] = {h.l_onoff, h.l_linger};
    memcpy(out, l, n = sizeof l);
    break;
  }
  case OPT_TIMEVAL: {
    struct timeval h;
    socklen_t hl = sizeof h;
    if (getsockopt(fd, o->hlevel, o->hname, &h, &hl) < 0) return host_err();
    TimevalLinux t = {h.tv_sec, h.tv_usec};
    memcpy(out, &t, n = sizeof t);
    break;
  }
#if defined(__linux__)
  case OPT_UCRED: {
    struct ucred h;
    socklen_t hl = sizeof h;
    if (getsockopt(fd, o->hlevel, o->hname, &h, &hl) < 0) return host_err();
    UcredLinux u = {h.pid, h.uid, h.gid};
    memcpy(out, &u, n = sizeof u);
    break;
  }
#endif
  default: {
    int v;
    socklen_t hl = sizeof v;
    if (getsockopt(fd, o->hlevel, o->hname, &v, &hl) < 0) return host_err();
    if (o->kind == OPT_ERROR && v) v = host_errno_linux(v);
    if (o->kind == OPT_TYPE) v = type_linux(v);
    if (o->kind == OPT_DOMAIN) v = af_linux(v);
    memcpy(out, &v, n = sizeof v);
    break;
  }
  }
  memcpy(val, out, *len < n ? *len : n);
  if (*len > n) *len = n;
  return 0;
}

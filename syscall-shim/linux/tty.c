/* Terminal ioctls (tty_ioctl(4)): termios and window size in the Linux layouts, job control
 * (foreground process group, session, controlling terminal) with pids translated for
 * `nacre guest`, queues, flow and breaks, and the pseudo-terminal master's requests. The
 * terminals themselves are the host's. */
#include "syscall-shim/guest/pidns.h"
#include "syscall-shim/linux/sys.h"

static long put_int(SxProc *p, uint64_t addr, long v) {
  if (v < 0) return v;
  int32_t i = (int32_t)v;
  return sx_put(p, addr, &i, sizeof i) < 0 ? -EFAULT_LINUX : 0;
}

long sx_tty_ioctl(SxProc *p, SxFd *f, unsigned req, uint64_t arg) {
  int fd = f->host_fd;
  switch (req) {
  case TCGETS_LINUX: {
    TermiosLinux t;
    long r = host_tcgets(fd, &t);
    if (r < 0) return r;
    return sx_put(p, arg, &t, sizeof t) < 0 ? -EFAULT_LINUX : 0;
  }
  case TCSETS_LINUX: case TCSETSW_LINUX: case TCSETSF_LINUX: {
    TermiosLinux t;
    if (sx_get(p, arg, &t, sizeof t) < 0) return -EFAULT_LINUX;
    return host_tcsets(fd, (int)req, &t);
  }
  case TIOCGWINSZ_LINUX: {
    WinsizeLinux w;
    long r = host_winsize(fd, &w);
    if (r < 0) return r;
    return sx_put(p, arg, &w, sizeof w) < 0 ? -EFAULT_LINUX : 0;
  }
  case TIOCSWINSZ_LINUX: {
    WinsizeLinux w;
    if (sx_get(p, arg, &w, sizeof w) < 0) return -EFAULT_LINUX;
    return host_set_winsize(fd, &w);
  }
  case TIOCGPGRP_LINUX: {
    long pg = host_tcgetpgrp(fd);
    return put_int(p, arg, pg < 0 ? pg : sx_pidns_guest((int)pg));
  }
  case TIOCGSID_LINUX: {
    long sid = host_tcgetsid(fd);
    return put_int(p, arg, sid < 0 ? sid : sx_pidns_guest((int)sid));
  }
  case TIOCSPGRP_LINUX: {
    int32_t pg;
    if (sx_get(p, arg, &pg, sizeof pg) < 0) return -EFAULT_LINUX;
    if (pg < 0) return -EINVAL_LINUX;
    int host = sx_pidns_host(pg);
    if (!host) return -ESRCH_LINUX;
    return host_tcsetpgrp(fd, host);
  }
  case TCFLSH_LINUX: return host_tcflush(fd, (int)arg);
  case TCXONC_LINUX: return host_tcflow(fd, (int)arg);
  case TCSBRK_LINUX: return host_tcdrain_or_break(fd, (int)arg == 0);
  case TCSBRKP_LINUX: return host_tcdrain_or_break(fd, 1);
  case TIOCSTI_LINUX:
    /* Faking input on a terminal the guest shares with the host's shell would let it type
     * commands there: refused, as Linux does since 6.2 without CAP_SYS_ADMIN. */
    return host_isatty(fd) ? -EIO_LINUX : -ENOTTY_LINUX;
  case TIOCSCTTY_LINUX: {
    int v = (int)arg;
    return host_tty_ioctl(fd, req, &v);
  }
  case TIOCPKT_LINUX: case TIOCSPTLCK_LINUX: {
    int32_t v;
    if (sx_get(p, arg, &v, sizeof v) < 0) return -EFAULT_LINUX;
    int hv = v;
    return host_tty_ioctl(fd, req, &hv);
  }
  case TIOCOUTQ_LINUX: case TIOCGETD_LINUX: case TIOCGPTN_LINUX: case TIOCGPTLCK_LINUX:
  case TIOCGPKT_LINUX: case TIOCGEXCL_LINUX: {
    int v = 0;
    long r = host_tty_ioctl(fd, req, &v);
    return r < 0 ? r : put_int(p, arg, v);
  }
  default: {
    int v = 0;
    return host_tty_ioctl(fd, req, &v);   /* requests without an argument, or ENOTTY */
  }
  }
}

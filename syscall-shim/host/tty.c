/* Host terminals and polling: termios (every flag, control character and speed) and window
 * size translated to the Linux layouts, the job-control and pseudo-terminal requests, and
 * poll(2) with Linux event bits. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "syscall-shim/host/host.h"

typedef struct { uint32_t linux_bit; tcflag_t host_bit; } Bit;

static const Bit IFLAGS[] = {
  {IGNBRK_LINUX, IGNBRK}, {BRKINT_LINUX, BRKINT}, {IGNPAR_LINUX, IGNPAR}, {PARMRK_LINUX, PARMRK},
  {INPCK_LINUX, INPCK}, {ISTRIP_LINUX, ISTRIP}, {INLCR_LINUX, INLCR}, {IGNCR_LINUX, IGNCR},
  {ICRNL_LINUX, ICRNL}, {IXON_LINUX, IXON}, {IXANY_LINUX, IXANY}, {IXOFF_LINUX, IXOFF},
  {IMAXBEL_LINUX, IMAXBEL},
#ifdef IUCLC
  {IUCLC_LINUX, IUCLC},
#endif
#ifdef IUTF8
  {IUTF8_LINUX, IUTF8},
#endif
};
static const Bit OFLAGS[] = {
  {OPOST_LINUX, OPOST}, {ONLCR_LINUX, ONLCR}, {OCRNL_LINUX, OCRNL}, {ONOCR_LINUX, ONOCR},
  {ONLRET_LINUX, ONLRET},
#ifdef OLCUC
  {OLCUC_LINUX, OLCUC},
#endif
#ifdef OFILL
  {OFILL_LINUX, OFILL}, {OFDEL_LINUX, OFDEL},
#endif
#ifdef NL1
  {NL1_LINUX, NL1}, {BS1_LINUX, BS1}, {VT1_LINUX, VT1}, {FF1_LINUX, FF1},
#endif
};
static const Bit CFLAGS[] = {
  {CSTOPB_LINUX, CSTOPB}, {CREAD_LINUX, CREAD}, {PARENB_LINUX, PARENB}, {PARODD_LINUX, PARODD},
  {HUPCL_LINUX, HUPCL}, {CLOCAL_LINUX, CLOCAL},
#ifdef CMSPAR
  {CMSPAR_LINUX, CMSPAR},
#endif
#ifdef CRTSCTS
  {CRTSCTS_LINUX, CRTSCTS},
#endif
};
static const Bit LFLAGS[] = {
  {ISIG_LINUX, ISIG}, {ICANON_LINUX, ICANON}, {ECHO_LINUX, ECHO}, {ECHOE_LINUX, ECHOE},
  {ECHOK_LINUX, ECHOK}, {ECHONL_LINUX, ECHONL}, {NOFLSH_LINUX, NOFLSH}, {TOSTOP_LINUX, TOSTOP},
  {IEXTEN_LINUX, IEXTEN}, {ECHOCTL_LINUX, ECHOCTL}, {ECHOPRT_LINUX, ECHOPRT},
  {ECHOKE_LINUX, ECHOKE}, {FLUSHO_LINUX, FLUSHO}, {PENDIN_LINUX, PENDIN},
#ifdef XCASE
  {XCASE_LINUX, XCASE},
#endif
#ifdef EXTPROC
  {EXTPROC_LINUX, EXTPROC},
#endif
};
/* Multi-bit fields: one row per value, the field's Linux mask first. */
static const Bit CSIZES[] = {
  {CSIZE_LINUX, CSIZE}, {CS5_LINUX, CS5}, {CS6_LINUX, CS6}, {CS7_LINUX, CS7}, {CS8_LINUX, CS8},
};
#ifdef CRDLY
static const Bit CRDLYS[] = {{CRDLY_LINUX, CRDLY}, {CR1_LINUX, CR1}, {CR2_LINUX, CR2}, {CR3_LINUX, CR3}};
static const Bit TABDLYS[] = {{TABDLY_LINUX, TABDLY}, {TAB1_LINUX, TAB1}, {TAB2_LINUX, TAB2}, {TAB3_LINUX, TAB3}};
#endif
typedef struct { int linux_idx, host_idx; } Cc;
static const Cc CCS[] = {
  {VINTR_LINUX, VINTR}, {VQUIT_LINUX, VQUIT}, {VERASE_LINUX, VERASE}, {VKILL_LINUX, VKILL},
  {VEOF_LINUX, VEOF}, {VTIME_LINUX, VTIME}, {VMIN_LINUX, VMIN}, {VSTART_LINUX, VSTART},
  {VSTOP_LINUX, VSTOP}, {VSUSP_LINUX, VSUSP}, {VEOL_LINUX, VEOL}, {VREPRINT_LINUX, VREPRINT},
  {VDISCARD_LINUX, VDISCARD}, {VWERASE_LINUX, VWERASE}, {VLNEXT_LINUX, VLNEXT},
  {VEOL2_LINUX, VEOL2},
#ifdef VSWTC
  {VSWTC_LINUX, VSWTC},
#endif
};
/* Linux speed codes (CBAUD) and the host's speed_t values. */
typedef struct { uint32_t code; speed_t host; } Speed;
static const Speed SPEEDS[] = {
  {0, B0}, {1, B50}, {2, B75}, {3, B110}, {4, B134}, {5, B150}, {6, B200}, {7, B300},
  {010, B600}, {011, B1200}, {012, B1800}, {013, B2400}, {014, B4800}, {015, B9600},
  {016, B19200}, {017, B38400}, {010001, B57600}, {010002, B115200}, {010003, B230400},
#ifdef B460800
  {010004, B460800},
#endif
#ifdef B500000
  {010005, B500000}, {010006, B576000}, {010007, B921600}, {010010, B1000000},
  {010011, B1152000}, {010012, B1500000}, {010013, B2000000}, {010014, B2500000},
  {010015, B3000000}, {010016, B3500000}, {010017, B4000000},
#endif
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t to_linux(tcflag_t h, const Bit *t, size_t n) {
  uint32_t l = 0;
  for (size_t i = 0; i < n; i++)
    if (h & t[i].host_bit) l |= t[i].linux_bit;
  return l;
}

static tcflag_t to_host(uint32_t l, const Bit *t, size_t n) {
  tcflag_t h = 0;
  for (size_t i = 0; i < n; i++)
    if (l & t[i].linux_bit) h |= t[i].host_bit;
  return h;
}

/* A multi-bit field's value (rows after the mask row; a value not listed is the first). */
static uint32_t field_to_linux(tcflag_t h, const Bit *t, size_t n) {
  for (size_t i = 1; i < n; i++)
    if ((h & t[0].host_bit) == t[i].host_bit) return t[i].linux_bit;
  return 0;
}

static tcflag_t field_to_host(uint32_t l, const Bit *t, size_t n) {
  for (size_t i = 1; i < n; i++)
    if ((l & t[0].linux_bit) == t[i].linux_bit) return t[i].host_bit;
  return 0;
}

static uint32_t speed_code(speed_t s) {
  for (size_t i = 0; i < N(SPEEDS); i++)
    if (SPEEDS[i].host == s) return SPEEDS[i].code;
  return 017;
}

static speed_t speed_host(uint32_t code) {
  for (size_t i = 0; i < N(SPEEDS); i++)
    if (SPEEDS[i].code == code) return SPEEDS[i].host;
  return B38400;
}

int host_isatty(int fd) { return isatty(fd); }

long host_tcgets(int fd, TermiosLinux *t) {
  struct termios h;
  if (tcgetattr(fd, &h) < 0) return host_err();
  memset(t, 0, sizeof *t);
  t->c_iflag = to_linux(h.c_iflag, IFLAGS, N(IFLAGS));
  t->c_oflag = to_linux(h.c_oflag, OFLAGS, N(OFLAGS));
#ifdef CRDLY
  t->c_oflag |= field_to_linux(h.c_oflag, CRDLYS, N(CRDLYS)) |
                field_to_linux(h.c_oflag, TABDLYS, N(TABDLYS));
#endif
  uint32_t out = speed_code(cfgetospeed(&h)), in = speed_code(cfgetispeed(&h));
  t->c_cflag = to_linux(h.c_cflag, CFLAGS, N(CFLAGS)) | field_to_linux(h.c_cflag, CSIZES, N(CSIZES)) |
               out | (in != out ? in << 16 : 0);   /* CIBAUD only when the speeds differ */
  t->c_lflag = to_linux(h.c_lflag, LFLAGS, N(LFLAGS));
#ifdef __linux__
  t->c_line = h.c_line;
#endif
  for (size_t i = 0; i < N(CCS); i++) t->c_cc[CCS[i].linux_idx] = h.c_cc[CCS[i].host_idx];
  return 0;
}

int host_job_signals_block(int bits) {
  sigset_t cur;
  pthread_sigmask(SIG_BLOCK, NULL, &cur);
  int old = (sigismember(&cur, SIGTTIN) ? 1 : 0) | (sigismember(&cur, SIGTTOU) ? 2 : 0);
  if (old == bits) return old;
  if (bits & 1) sigaddset(&cur, SIGTTIN);
  else sigdelset(&cur, SIGTTIN);
  if (bits & 2) sigaddset(&cur, SIGTTOU);
  else sigdelset(&cur, SIGTTOU);
  pthread_sigmask(SIG_SETMASK, &cur, NULL);
  return old;
}

long host_tcsets(int fd, int action_ioctl, const TermiosLinux *t) {
  struct termios h;
  if (tcgetattr(fd, &h) < 0) return host_err();
  h.c_iflag = to_host(t->c_iflag, IFLAGS, N(IFLAGS));
  h.c_oflag = to_host(t->c_oflag, OFLAGS, N(OFLAGS));
#ifdef CRDLY
  h.c_oflag |= field_to_host(t->c_oflag, CRDLYS, N(CRDLYS)) |
               field_to_host(t->c_oflag, TABDLYS, N(TABDLYS));
#endif
  h.c_cflag = to_host(t->c_cflag, CFLAGS, N(CFLAGS)) | field_to_host(t->c_cflag, CSIZES, N(CSIZES));
  uint32_t out = t->c_cflag & CBAUD_LINUX, in = (t->c_cflag >> 16) & CBAUD_LINUX;
  cfsetospeed(&h, speed_host(out));
  cfsetispeed(&h, in ? speed_host(in) : speed_host(out));
  h.c_lflag = to_host(t->c_lflag, LFLAGS, N(LFLAGS));
#ifdef __linux__
  h.c_line = t->c_line;
#endif
  for (size_t i = 0; i < N(CCS); i++) h.c_cc[CCS[i].host_idx] = t->c_cc[CCS[i].linux_idx];
  int act = action_ioctl == TCSETSW_LINUX ? TCSADRAIN
          : action_ioctl == TCSETSF_LINUX ? TCSAFLUSH : TCSANOW;
  return tcsetattr(fd, act, &h) < 0 ? host_err() : 0;
}

long host_winsize(int fd, WinsizeLinux *w) {
  struct winsize h;
  if (ioctl(fd, TIOCGWINSZ, &h) < 0) return host_err();
  w->ws_row = h.ws_row; w->ws_col = h.ws_col;
  w->ws_xpixel = h.ws_xpixel; w->ws_ypixel = h.ws_ypixel;
  return 0;
}

long host_set_winsize(int fd, const WinsizeLinux *w) {
  struct winsize h = {w->ws_row, w->ws_col, w->ws_xpixel, w->ws_ypixel};
  return ioctl(fd, TIOCSWINSZ, &h) < 0 ? host_err() : 0;
}

long host_fionread(int fd, int *n) { return ioctl(fd, FIONREAD, n) < 0 ? host_err() : 0; }

long host_tcgetpgrp(int fd) {
  pid_t pg = tcgetpgrp(fd);
  return pg < 0 ? host_err() : pg;
}

long host_tcsetpgrp(int fd, int pgrp) { return tcsetpgrp(fd, pgrp) < 0 ? host_err() : 0; }

long host_tcgetsid(int fd) {
  pid_t sid = tcgetsid(fd);
  return sid < 0 ? host_err() : sid;
}

long host_tcflush(int fd, int lqueue) {
  int q = lqueue == 0 ? TCIFLUSH : lqueue == 1 ? TCOFLUSH : lqueue == 2 ? TCIOFLUSH : -1;
  if (q < 0) return -EINVAL_LINUX;
  return tcflush(fd, q) < 0 ? host_err() : 0;
}

long host_tcflow(int fd, int laction) {
  int a = laction == 0 ? TCOOFF : laction == 1 ? TCOON : laction == 2 ? TCIOFF
        : laction == 3 ? TCION : -1;
  if (a < 0) return -EINVAL_LINUX;
  return tcflow(fd, a) < 0 ? host_err() : 0;
}

long host_tcdrain_or_break(int fd, int brk) {
  return (brk ? tcsendbreak(fd, 0) : tcdrain(fd)) < 0 ? host_err() : 0;
}

int host_pty_index(int fd, int *master) {
#ifdef TIOCGPTN
  unsigned n;
  if (ioctl(fd, TIOCGPTN, &n) == 0) {
    *master = 1;
    return (int)n;
  }
#endif
  char name[64];
  if (!isatty(fd) || ttyname_r(fd, name, sizeof name) != 0 || strncmp(name, "/dev/pts/", 9) != 0)
    return -1;
  *master = 0;
  return atoi(name + 9);
}

/* The remaining requests: an int argument passed by value, read, or written. */
typedef enum { NONE, VAL, IN, OUT } Arg;
typedef struct { unsigned lreq; unsigned long hreq; Arg arg; } Req;
static const Req REQS[] = {
  {TIOCSCTTY_LINUX, TIOCSCTTY, VAL}, {TIOCNOTTY_LINUX, TIOCNOTTY, NONE},
  {TIOCEXCL_LINUX, TIOCEXCL, NONE}, {TIOCNXCL_LINUX, TIOCNXCL, NONE},
  {TIOCOUTQ_LINUX, TIOCOUTQ, OUT}, {TIOCPKT_LINUX, TIOCPKT, IN},
  {TIOCSBRK_LINUX, TIOCSBRK, NONE}, {TIOCCBRK_LINUX, TIOCCBRK, NONE},
#ifdef TIOCGETD
  {TIOCGETD_LINUX, TIOCGETD, OUT},
#endif
#ifdef TIOCGEXCL
  {TIOCGEXCL_LINUX, TIOCGEXCL, OUT},
#endif
#ifdef TIOCGPTN
  {TIOCGPTN_LINUX, TIOCGPTN, OUT}, {TIOCSPTLCK_LINUX, TIOCSPTLCK, IN},
#endif
#ifdef TIOCGPTLCK
  {TIOCGPTLCK_LINUX, TIOCGPTLCK, OUT}, {TIOCGPKT_LINUX, TIOCGPKT, OUT},
#endif
};

long host_tty_ioctl(int fd, unsigned lreq, int *arg) {
  for (size_t i = 0; i < N(REQS); i++) {
    if (REQS[i].lreq != lreq) continue;
    int r;
    switch (REQS[i].arg) {
    case NONE: r = ioctl(fd, REQS[i].hreq); break;
    case VAL: r = ioctl(fd, REQS[i].hreq, *arg); break;
    default: r = ioctl(fd, REQS[i].hreq, arg); break;
    }
    return r < 0 ? host_err() : r;
  }
  return -ENOTTY_LINUX;
}

static const Bit PBITS[] = {
  {POLLIN_LINUX, POLLIN}, {POLLPRI_LINUX, POLLPRI}, {POLLOUT_LINUX, POLLOUT},
  {POLLERR_LINUX, POLLERR}, {POLLHUP_LINUX, POLLHUP}, {POLLNVAL_LINUX, POLLNVAL},
};

long host_poll(PollfdLinux *fds, int n, int timeout_ms) {
  struct pollfd stackbuf[16], *h = n <= 16 ? stackbuf : calloc((size_t)n, sizeof *h);
  if (!h) return -ENOMEM_LINUX;
  for (int i = 0; i < n; i++) {
    h[i].fd = fds[i].fd;
    h[i].events = (short)to_host((uint16_t)fds[i].events, PBITS, N(PBITS));
    h[i].revents = 0;
  }
  const sigset_t *window = host_wait_sigset();
  int r;
  if (window) {
    struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000};
    r = ppoll(h, (nfds_t)n, timeout_ms < 0 ? NULL : &ts, window);
  } else {
    r = poll(h, (nfds_t)n, timeout_ms);
  }
  long ret = r < 0 ? host_err() : r;
  if (r >= 0)
    for (int i = 0; i < n; i++)
      fds[i].revents = (int16_t)to_linux((tcflag_t)(unsigned short)h[i].revents, PBITS, N(PBITS));
  if (h != stackbuf) free(h);
  return ret;
}

/* Host terminals and polling: termios and window size translated to the Linux layouts, and
 * poll(2) with Linux event bits. */
#define _GNU_SOURCE
#include <errno.h>
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
};
static const Bit OFLAGS[] = {{OPOST_LINUX, OPOST}, {ONLCR_LINUX, ONLCR}};
static const Bit CFLAGS[] = {
  {CSTOPB_LINUX, CSTOPB}, {CREAD_LINUX, CREAD}, {PARENB_LINUX, PARENB}, {PARODD_LINUX, PARODD},
  {HUPCL_LINUX, HUPCL}, {CLOCAL_LINUX, CLOCAL},
};
static const Bit LFLAGS[] = {
  {ISIG_LINUX, ISIG}, {ICANON_LINUX, ICANON}, {ECHO_LINUX, ECHO}, {ECHOE_LINUX, ECHOE},
  {ECHOK_LINUX, ECHOK}, {ECHONL_LINUX, ECHONL}, {NOFLSH_LINUX, NOFLSH}, {TOSTOP_LINUX, TOSTOP},
  {IEXTEN_LINUX, IEXTEN},
};
typedef struct { int linux_idx, host_idx; } Cc;
static const Cc CCS[] = {
  {VINTR_LINUX, VINTR}, {VQUIT_LINUX, VQUIT}, {VERASE_LINUX, VERASE}, {VKILL_LINUX, VKILL},
  {VEOF_LINUX, VEOF}, {VTIME_LINUX, VTIME}, {VMIN_LINUX, VMIN}, {VSTART_LINUX, VSTART},
  {VSTOP_LINUX, VSTOP}, {VSUSP_LINUX, VSUSP}, {VEOL_LINUX, VEOL},
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

int host_isatty(int fd) { return isatty(fd); }

long host_tcgets(int fd, TermiosLinux *t) {
  struct termios h;
  if (tcgetattr(fd, &h) < 0) return host_err();
  memset(t, 0, sizeof *t);
  t->c_iflag = to_linux(h.c_iflag, IFLAGS, N(IFLAGS));
  t->c_oflag = to_linux(h.c_oflag, OFLAGS, N(OFLAGS));
  t->c_cflag = to_linux(h.c_cflag, CFLAGS, N(CFLAGS)) | B38400_LINUX;
  switch (h.c_cflag & CSIZE) {
  case CS5: t->c_cflag |= CS5_LINUX; break;
  case CS6: t->c_cflag |= CS6_LINUX; break;
  case CS7: t->c_cflag |= CS7_LINUX; break;
  default: t->c_cflag |= CS8_LINUX; break;
  }
  t->c_lflag = to_linux(h.c_lflag, LFLAGS, N(LFLAGS));
  for (size_t i = 0; i < N(CCS); i++) t->c_cc[CCS[i].linux_idx] = h.c_cc[CCS[i].host_idx];
  return 0;
}

long host_tcsets(int fd, int action_ioctl, const TermiosLinux *t) {
  struct termios h;
  if (tcgetattr(fd, &h) < 0) return host_err();
  h.c_iflag = to_host(t->c_iflag, IFLAGS, N(IFLAGS));
  h.c_oflag = to_host(t->c_oflag, OFLAGS, N(OFLAGS));
  h.c_cflag = (h.c_cflag & ~(CSIZE | CSTOPB | CREAD | PARENB | PARODD | HUPCL | CLOCAL)) |
              to_host(t->c_cflag, CFLAGS, N(CFLAGS));
  switch (t->c_cflag & CSIZE_LINUX) {
  case CS5_LINUX: h.c_cflag |= CS5; break;
  case CS6_LINUX: h.c_cflag |= CS6; break;
  case CS7_LINUX: h.c_cflag |= CS7; break;
  default: h.c_cflag |= CS8; break;
  }
  h.c_lflag = to_host(t->c_lflag, LFLAGS, N(LFLAGS));
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

long host_fionread(int fd, int *n) { return ioctl(fd, FIONREAD, n) < 0 ? host_err() : 0; }

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

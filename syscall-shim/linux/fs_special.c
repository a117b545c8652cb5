/* File syscalls beyond read and write: locks (flock, and fcntl's record and OFD locks are in
 * fs_io.c on the same host calls), fallocate, memfd_create, copy_file_range, splice, tee,
 * syncfs and sync_file_range, all on the host file behind the guest fd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-shim/guest/limits.h"
#include "syscall-shim/linux/sys.h"

static SxFd *fd_of(SxProc *p, uint64_t fd) { return sx_fd_get(p, (int)(int32_t)fd); }

long sx_sys_flock(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  return f ? host_flock(f->host_fd, ARG_INT(1)) : -EBADF_LINUX;
}

long sx_sys_fallocate(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  if ((int64_t)a[2] < 0 || (int64_t)a[3] <= 0) return -EINVAL_LINUX;
  return host_fallocate(f->host_fd, ARG_INT(1), (int64_t)a[2], (int64_t)a[3]);
}

long sx_sys_memfd_create(SxProc *p, const uint64_t *a) {
  char name[256];
  long n = sx_mem_read_str(p->mem, a[0], name, 250);   /* Linux: at most 249 bytes */
  if (n == -ENAMETOOLONG_LINUX) return -EINVAL_LINUX;
  if (n < 0) return n;
  unsigned flags = ARG_UINT(1);
  if (flags & ~(MFD_CLOEXEC_LINUX | MFD_ALLOW_SEALING_LINUX | 4u /* HUGETLB */)) return -EINVAL_LINUX;
  if (flags & 4u) return -EINVAL_LINUX;   /* no huge pages for guests */
  long h = host_memfd(name, (int)flags);
  if (h < 0) return h;
  char path[300];
  snprintf(path, sizeof path, "/memfd:%s (deleted)", name);
  long g = sx_fd_install(p, (int)h, (flags & MFD_CLOEXEC_LINUX) != 0, path, 0);
  if (g >= 0) p->fds[g].walkable = 0;
  return g;
}

/* Optional loff_t* arguments: read, and written back after the call. */
static long get_off(SxProc *p, uint64_t uoff, int64_t *off) {
  if (!uoff) return 0;
  if (sx_get(p, uoff, off, 8) < 0) return -EFAULT_LINUX;
  return *off < 0 ? -EINVAL_LINUX : 1;
}

long sx_sys_splice(SxProc *p, const uint64_t *a) {
  SxFd *in = fd_of(p, a[0]), *out = fd_of(p, a[2]);
  if (!in || !out) return -EBADF_LINUX;
  int64_t oi = 0, oo = 0;
  long hi = get_off(p, a[1], &oi), ho = get_off(p, a[3], &oo);
  if (hi < 0) return hi;
  if (ho < 0) return ho;
  long cap = sx_fs_capped(out, a[4]);
  long r = host_splice(in->host_fd, hi ? &oi : NULL, out->host_fd, ho ? &oo : NULL, (uint64_t)cap, ARG_UINT(5));
  sx_limits_output_done(out, (uint64_t)cap, (uint64_t)cap, r);
  if (r < 0) return r;
  if ((hi && sx_put(p, a[1], &oi, 8) < 0) || (ho && sx_put(p, a[3], &oo, 8) < 0)) return -EFAULT_LINUX;
  return r;
}

long sx_sys_tee(SxProc *p, const uint64_t *a) {
  SxFd *in = fd_of(p, a[0]), *out = fd_of(p, a[1]);
  if (!in || !out) return -EBADF_LINUX;
  long cap = sx_fs_capped(out, a[2]);
  long r = host_tee(in->host_fd, out->host_fd, (uint64_t)cap, ARG_UINT(3));
  sx_limits_output_done(out, (uint64_t)cap, (uint64_t)cap, r);
  return r;
}

/* copy_file_range by reads and writes through the shim: the same bytes move, offsets update
 * as Linux's do, and it works between any two files the guest holds. */
long sx_sys_copy_file_range(SxProc *p, const uint64_t *a) {
  SxFd *in = fd_of(p, a[0]), *out = fd_of(p, a[2]);
  if (!in || !out) return -EBADF_LINUX;
  if (ARG_UINT(5)) return -EINVAL_LINUX;
  int64_t oi = 0, oo = 0;
  long hi = get_off(p, a[1], &oi), ho = get_off(p, a[3], &oo);
  if (hi < 0) return hi;
  if (ho < 0) return ho;
  long fl = host_getfl(out->host_fd);
  if (fl >= 0 && (fl & O_APPEND_LINUX)) return -EBADF_LINUX;
  uint64_t len = a[4] > (1u << 30) ? (1u << 30) : a[4], done = 0;
  size_t chunk = len < (1u << 20) ? (size_t)len : (1u << 20);
  char *buf = malloc(chunk ? chunk : 1);
  if (!buf) return -ENOMEM_LINUX;
  long r = 0;
  while (done < len) {
    size_t want = len - done < chunk ? (size_t)(len - done) : chunk;
    r = hi ? host_pread(in->host_fd, buf, want, oi) : host_read(in->host_fd, buf, want);
    if (r <= 0) break;
    long w = sx_fs_write(out, buf, (size_t)r, ho ? oo : -1);
    if (w < 0) { r = w; break; }
    if (hi) oi += w;
    if (ho) oo += w;
    done += (uint64_t)w;
    if (w < r) {   /* short write: give the unwritten bytes back to a non-offset reader */
      if (!hi) host_lseek(in->host_fd, (int64_t)w - r, SEEK_CUR_LINUX);
      break;
    }
  }
  free(buf);
  if (r < 0 && done == 0) return r;
  if ((hi && sx_put(p, a[1], &oi, 8) < 0) || (ho && sx_put(p, a[3], &oo, 8) < 0)) return -EFAULT_LINUX;
  return (long)done;
}

long sx_sys_syncfs(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  return f ? host_syncfs(f->host_fd) : -EBADF_LINUX;
}

long sx_sys_sync_file_range(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  if ((int64_t)a[1] < 0 || (int64_t)a[2] < 0 || (ARG_UINT(3) & ~7u)) return -EINVAL_LINUX;
  return host_sync_file_range(f->host_fd, (int64_t)a[1], (int64_t)a[2], ARG_UINT(3));
}

long sx_sys_readahead(SxProc *p, const uint64_t *a) {
  SxFd *f = fd_of(p, a[0]);
  if (!f) return -EBADF_LINUX;
  StatLinux st;
  long r = host_fstat(f->host_fd, &st);
  if (r < 0) return r;
  /* Linux reads ahead into the page cache of regular files only; the data is not needed
   * here, so a valid call simply succeeds. */
  return (st.st_mode & S_IFMT_LINUX) == S_IFREG_LINUX ? 0 : -EINVAL_LINUX;
}

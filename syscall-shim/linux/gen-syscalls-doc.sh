#!/usr/bin/env bash
# Regenerates docs/syscalls.md (or the file named by $1) from the syscall table (syscalls.h), so it lists
# exactly the rows the shim dispatches. Usage: bash syscall-shim/linux/gen-syscalls-doc.sh
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
TABLE=$TOP/syscall-shim/linux/syscalls.h
OUT=${1:-$TOP/docs/syscalls.md}
mkdir -p "$TOP/docs"
# Known limits of implemented calls; everything else behaves as on Linux for one process.
declare -A NOTE=(
  [mmap]="MAP_SHARED file mappings are private copies (writes do not reach the file); MAP_SHARED anonymous memory is not shared with forked children"
  [madvise]="MADV_DONTNEED zero-fills (file-backed pages too); other advice is accepted and ignored"
  [mremap]="old_size 0 (duplicating a shared mapping) is EINVAL"
  [fcntl]="record and OFD locks are the host's (guest and native processes exclude each other)"
  [mknod]="FIFOs, sockets and regular files; device nodes EPERM (never created on the host)"
  [mknodat]="as mknod"
  [copy_file_range]="by reads and writes through the shim (any two files; at most 1 GiB per call)"
  [splice]="the host's splice (Linux hosts)"
  [memfd_create]="the host's memfd (an unlinked temporary file elsewhere); MFD_HUGETLB is EINVAL"
  [ioctl]="TCGETS, TCSETS/W/F, TIOCGWINSZ, TIOCGPGRP, FIONREAD, FIONBIO, FIOCLEX; ENOTTY otherwise"
  [socket]="AF_UNIX, AF_INET, AF_INET6 (stream, datagram, seqpacket) on host sockets; other families EAFNOSUPPORT"
  [bind]="AF_UNIX path names are walked in the guest root (at most 107 bytes as a host path); abstract names are the host's"
  [getsockname]="an AF_UNIX path comes back as the absolute guest path, also after a relative bind"
  [sendmsg]="SCM_RIGHTS (guest fds) and SCM_CREDENTIALS; at most 1 MiB per call"
  [recvmsg]="SCM_RIGHTS installs the descriptors in the guest table; MSG_CMSG_CLOEXEC honoured"
  [setsockopt]="SOL_SOCKET (REUSEADDR/PORT, KEEPALIVE, BROADCAST, SNDBUF/RCVBUF, LINGER, RCVTIMEO/SNDTIMEO, PASSCRED...), TCP_NODELAY/MAXSEG/KEEP*, IP_TOS/TTL, IPV6_V6ONLY; ENOPROTOOPT otherwise"
  [getsockopt]="as setsockopt, plus SO_TYPE, SO_ERROR, SO_ACCEPTCONN, SO_PEERCRED, SO_PROTOCOL, SO_DOMAIN"
  [futex]="FUTEX_WAKE returns 0; FUTEX_WAIT on the expected value is EDEADLK (single thread)"
  [wait4]="rusage is the host's RUSAGE_CHILDREN total"
  [clone]="fork-like clones only (a host fork; CLONE_VM only with CLONE_VFORK); threads are ENOSYS"
  [vfork]="a host fork: the parent does not wait for the child's execve"
  [execve]="ELF static, static-pie and dynamically linked programs and #! scripts; close-on-exec and signal resets as on Linux"
  [statfs]="/proc reports procfs (0x9fa0); other paths the host's file system"
  [getxattr]="EOPNOTSUPP on hosts without xattrs and on /proc, as procfs"
  [kill]="the guest itself, its unreaped children and its guest parent; kill(0) and kill(-pgrp) of its own group or a group one of its children leads reach every member (host delivery); kill(-1) only its children; others EPERM"
  [tkill]="only the guest's own tid"
  [tgkill]="only the guest's own tid"
  [setsid]="the host's setsid on the nacre process"
  [setgroups]="the host's: changes nacre's own groups where the host allows (at most 256)"
  [setuid]="the host's: the set*id family changes nacre's own ids where the host allows"
  [setrlimit]="validated, not enforced beyond the host's limits on nacre"
  [prlimit64]="own process only; RLIMIT_STACK reports the 8 MiB guest stack"
  [renameat2]="RENAME_NOREPLACE checked before renaming (not atomic); RENAME_EXCHANGE is EINVAL"
  [pselect6]="the signal mask argument is ignored"
  [epoll_create1]="the host's epoll (Linux hosts; ENOSYS elsewhere, as are eventfd, timerfd and inotify)"
  [epoll_pwait]="the signal mask argument is ignored (as ppoll)"
  [epoll_pwait2]="the signal mask argument is ignored (as ppoll)"
  [inotify_add_watch]="watches the file the guest's walk found; /proc paths are EACCES"
  [timerfd_create]="CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME"
  [ppoll]="the signal mask argument is ignored"
  [rt_sigsuspend]="waits by polling every 50 ms"
  [pause]="waits by polling every 50 ms"
  [setitimer]="ITIMER_REAL only (the host timer); ITIMER_VIRTUAL/PROF are ENOSYS"
  [getitimer]="ITIMER_REAL only"
  [sigaltstack]="SS_AUTODISARM accepted but not applied"
  [sched_getaffinity]="reports one CPU"
  [sync]="no-op: guest writes already reached the host kernel"
  [fadvise64]="accepted and ignored"
  [getpriority]="always nice 0"
  [openat]="O_TMPFILE is EOPNOTSUPP"
  [prctl]="PR_SET_NAME, PR_GET_NAME (also /proc/self/comm), PR_SET/GET_NO_NEW_PRIVS; EINVAL otherwise"
  [getdents64]="d_off values are entry counts; lseek on a directory accepts them"
)
{
  echo "# Linux syscalls in \`nacre linux\`"
  echo
  echo "Generated from \`syscall-shim/linux/syscalls.h\` by \`syscall-shim/linux/gen-syscalls-doc.sh\`;"
  echo "do not edit by hand. Numbers are x86-64. Any number not listed returns ENOSYS, as do the rows"
  echo "marked ENOSYS (recognised, so \`--strace\` prints their name and arguments)."
  echo
  echo "## How the guest meets the host"
  echo
  echo "- **Paths.** Every path is walked by the shim (\`syscall-shim/vfs/path.c\`) one component at a"
  echo "  time with lstat: symlinks are followed by the shim (absolute ones restart at the guest root,"
  echo "  at most 40 hops), \`..\` stops at the guest root, and the host only ever receives the final,"
  echo "  already-resolved path. Against a directory swapped for a symlink after the walk (by another"
  echo "  process, or a forked guest racing itself): open and exec check the host's own name for the"
  echo "  opened file lies inside the root, and every other path call opens the parent directory,"
  echo "  checks it the same way and acts on the last component with the *at call without following"
  echo "  it (checks use /proc/self/fd on Linux hosts, F_GETPATH where it exists). Known gap: the"
  echo "  walk's own lstat/readlink run on host paths, so such a race can reveal whether a host path"
  echo "  outside the root exists (never its contents)."
  echo "- **Mounts.** \`/\` is \`--root DIR\` (or the host's \`/\`); \`/proc\` is the shim's own"
  echo "  (\`syscall-shim/vfs/proc.c\`): self, thread-self, the guest's pid and task/<tid> with status,"
  echo "  stat, statm, maps, cmdline, environ, auxv, comm, limits, mounts, mountinfo, exe, cwd, root,"
  echo "  fd/ and fdinfo/, all from the guest's own state (credentials, RSS, start time and CPU times"
  echo "  are the host's numbers for the nacre process, which are the guest's); cpuinfo describes the"
  echo "  emulated CPU; meminfo, stat, uptime, loadavg, version, filesystems and an allow-list of"
  echo "  sys/kernel, sys/vm, sys/fs and sys/net files are the host kernel's (absent on non-Linux"
  echo "  hosts). maps names [heap] and [stack] but not mapped files (they are copies). Other pids'"
  echo "  directories do not exist. \`/dev/{null,zero,full,random,urandom,tty}\` are the host's nodes;"
  echo "  \`/dev/std{in,out,err}\` and \`/dev/fd\` are links into \`/proc/self/fd\`."
  echo "- **Descriptors.** Guest fds index a table of host fds the shim owns, so the guest never sees"
  echo "  nacre's own descriptors."
  echo "- **Processes.** One guest thread per nacre process. fork/vfork/fork-like clone fork the"
  echo "  whole nacre process; threads (CLONE_VM without CLONE_VFORK) are ENOSYS."
  echo "- **Programs.** Static, static-pie and dynamically linked ELF programs, and #! scripts. A"
  echo "  PT_INTERP loader (ld.so) is taken from the guest's own file system (the host's / by default,"
  echo "  or --root, like qemu-user's -L) and mapped at the top of the mmap area; the auxiliary vector"
  echo "  carries AT_BASE, AT_ENTRY, AT_PHDR, AT_RANDOM, AT_HWCAP (baseline SSE2) and no vDSO."
  echo "- **Signals.** Guest dispositions are mirrored on the host (caught, ignored or default), so a"
  echo "  default action kills nacre with the same signal and the parent sees the native status."
  echo "  Frames are Linux's rt_sigframe with fxsave-format FPU state."
  echo
  echo "## The table"
  echo
  echo "| nr | name | status | notes |"
  echo "|---:|------|--------|-------|"
  grep -E '^\s*X\([0-9]+,' "$TABLE" | sed -E 's/^\s*X\(([0-9]+), ([a-z0-9_]+), "[^"]*", ([a-z0-9_]+)\).*/\1 \2 \3/' |
  while read -r nr name handler; do
    if [ "$handler" = enosys ]; then status=ENOSYS; else status=implemented; fi
    echo "| $nr | $name | $status | ${NOTE[$name]:-} |"
  done
  echo
  total=$(grep -cE '^\s*X\([0-9]+,' "$TABLE")
  missing=$(grep -E '^\s*X\([0-9]+,' "$TABLE" | grep -c ', enosys)' || true)
  echo "$total rows: $((total - missing)) implemented, $missing ENOSYS."
} >"$OUT"
echo "wrote $OUT"

#!/usr/bin/env python3
# Drives an interactive program on a pseudo-terminal from a script and prints the transcript
# (what the terminal showed, pids normalised), so a native run and a `nacre linux` run can be
# compared. Usage: ptydrive.py SCRIPT CMD [ARGS...]. CMD starts in the driver's session
# without a controlling terminal (run it through `setsid -c` to give it one). Script lines:
#   send TEXT      type TEXT (Python escapes: \n, \x1a for ^Z, \x03 for ^C, \x04 for ^D)
#   expect TEXT    wait until the output since the last expect contains TEXT
#   waitfg NR [N]  wait until the terminal's foreground group is not the shell's, has N
#                  members (1 by default) and each is blocked in system call NR, or one of
#                  NR,NR... (/proc/PID/syscall): the programs run, past the shell's fork (230
#                  clock_nanosleep or 219 restart_syscall for sleep, 0 read for cat)
#   waitsys NR     wait until CMD itself is blocked in system call NR (or NR,NR...): a shell
#                  waiting for a key in poll, with its handlers installed
#   waitstop       wait until a process of the session other than the shell is stopped (all
#                  its threads)
#   winsize R C    set the window size (the kernel sends SIGWINCH to the foreground group)
#   open FIFO      open FIFO for writing and close it, once a reader has it open (a job that
#                  reads it goes on then, so its next step happens at a known time)
#   waitexit       wait for CMD to exit; its status is printed
# Every wait gives up after 30 s, prints why and exits 1; processes of CMD's session that are
# left at the end are killed.
import fcntl, os, re, select, signal, struct, sys, termios, time

LIMIT = 30.0


def main():
    steps = open(sys.argv[1]).read().splitlines()
    cmd = sys.argv[2:]
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    os.close(slave)
    out = bytearray()
    mark = 0
    status = None

    def pump(timeout):
        nonlocal status
        r, _, _ = select.select([master], [], [], timeout)
        if r:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            out.extend(data)
            return len(data) > 0
        return False

    def fail(why):
        sys.stdout.write(normalise(out))
        sys.stdout.write("\nDRIVER: %s\n" % why)
        cleanup(pid, True)
        sys.exit(1)

    def session(pgrp=None):   # (pid, state) of CMD's session (its id is CMD's pid after
        pids = []             # setsid), or of process group pgrp
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    f = open("/proc/%s/stat" % d).read()
                except OSError:
                    continue
                rest = f[f.rindex(")") + 2:].split()
                if (int(rest[2]) == pgrp) if pgrp else (int(rest[3]) == pid):
                    pids.append((int(d), rest[0]))
        return pids

    def until(cond, why):
        end = time.monotonic() + LIMIT
        while not cond():
            if time.monotonic() > end:
                fail("timed out: " + why)
            pump(0.02)

    for line in steps:
        if not line or line.startswith("#"):
            continue
        op, _, arg = line.partition(" ")
        if op == "send":
            os.write(master, arg.encode().decode("unicode_escape").encode("latin-1"))
        elif op == "expect":
            want = arg.encode().decode("unicode_escape").encode("latin-1")

            def seen():
                return out.find(want, mark) >= 0
            until(seen, "expect %r" % arg)
            mark = out.find(want, mark) + len(want)
        elif op == "waitfg":
            nrs, _, count = arg.partition(" ")

            def fg():
                try:
                    pg = os.tcgetpgrp(master)
                except OSError:
                    return False
                members = [p for p, _ in session(pg)]
                if pg == pid or len(members) < int(count or 1):
                    return False
                for p in members:
                    try:
                        if open("/proc/%d/syscall" % p).read().split()[0] not in nrs.split(","):
                            return False
                    except (OSError, IndexError):
                        return False
                return True
            until(fg, "a foreground job in system call %s" % arg)
        elif op == "waitsys":
            def blocked():
                try:
                    return open("/proc/%d/syscall" % pid).read().split()[0] in arg.split(",")
                except (OSError, IndexError):
                    return False
            until(blocked, "the program in system call %s" % arg)
        elif op == "waitstop":
            until(lambda: any(p != pid and stopped(p) for p, _ in session()), "a stopped job")
        elif op == "open":
            def opened():
                try:
                    os.close(os.open(arg, os.O_WRONLY | os.O_NONBLOCK))
                    return True
                except OSError:
                    return False
            until(opened, "a reader of " + arg)
        elif op == "winsize":
            r, c = (int(x) for x in arg.split())
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", r, c, 0, 0))
        elif op == "waitexit":
            def gone():
                nonlocal status
                w, st = os.waitpid(pid, os.WNOHANG)
                if w:
                    status = st
                return status is not None
            until(gone, "exit")
            while pump(0.05):
                pass
            out.extend(b"\n[exit status %d]\n" % os.waitstatus_to_exitcode(status))
        else:
            fail("bad script line %r" % line)
    sys.stdout.write(normalise(out))
    cleanup(pid, status is None)


def stopped(pid):
    """Every thread of pid is stopped (the parent's SIGCHLD goes out once the last one is)."""
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
        states = [open("/proc/%d/task/%s/stat" % (pid, t)).read() for t in tasks]
    except OSError:
        return False
    return all(st[st.rindex(")") + 2] == "T" for st in states)


def normalise(out):
    text = out.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?m)^\[(\d+)\] \d+$", r"[\1] PID", text)   # bash: a background job's pid
    text = re.sub(r"/dev/pts/\d+", "/dev/pts/N", text)
    return text


def cleanup(pid, running):
    if running:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    for d in os.listdir("/proc"):   # whatever is left of the driven session
        if d.isdigit():
            try:
                f = open("/proc/%s/stat" % d).read()
                rest = f[f.rindex(")") + 2:].split()
                if int(rest[3]) == pid:
                    os.kill(int(d), signal.SIGKILL)
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    main()

/* The sandbox's limits and containment for Linux guests (syscall-shim/guest/limits.c): meters
 * shared by every process of one guest (memory, fuel, output, processes), the supervisor in
 * the first nacre process that enforces --timeout and ends the whole guest on a breach, and
 * the rule that no guest process outlives that nacre. See docs/sandbox.md. */
#ifndef SX_LIMITS_H
#define SX_LIMITS_H

#include <stdint.h>

#include "runtime/policy.h"
#include "syscall-shim/guest/proc.h"

/* Starts the meters from rt_sandbox, in the first process, before the guest runs. Returns 0
 * or a negative errno. */
long sx_limits_start(void);

/* fork: sx_limits_fork_reserve before the host fork claims a process slot (-EAGAIN past
 * --max-procs); the child calls sx_limits_fork_child first thing, the parent
 * sx_limits_fork_parent with the fork's result. */
long sx_limits_fork_reserve(void);
void sx_limits_fork_child(long slot, SxProc *p);
void sx_limits_fork_parent(long slot, long pid);
/* A new thread of this process (-EAGAIN past --max-procs), and its end. */
long sx_limits_thread_add(void);
void sx_limits_thread_gone(void);
/* The guest reaped child pid (wait4, waitid). */
void sx_limits_reaped(int pid);
/* The program this process now runs (execve; a fork runs its parent's): a file running in
 * any guest process cannot be opened for writing (ETXTBSY), as Linux refuses for a running
 * executable. sx_limits_exe_running: is that file some live guest process's program? */
void sx_limits_set_exe(SxProc *p, uint64_t dev, uint64_t ino);
int sx_limits_exe_running(uint64_t dev, uint64_t ino);
/* This process is about to end: the first one takes every other guest process with it. */
void sx_limits_exit(void);

/* Charges delta bytes of guest memory (negative: gives them back); past --max-memory ends
 * the guest as a memory breach. */
void sx_limits_memory(int64_t delta);
/* The CPU ran out of its slice of fuel (c->fuel_need set): takes more from the guest's pool,
 * or ends the guest as a fuel breach. */
void sx_limits_refuel(SxCpu *c);
/* The fuel a new CPU starts with: none when --fuel is set (it draws a slice at its first
 * block), else unlimited. */
int64_t sx_limits_fuel_start(void);
/* Bytes of an n-byte write to f that --max-output still allows, reserved (all n when f is not
 * the guest's stdout or stderr, or no limit is set). */
uint64_t sx_limits_output_reserve(SxFd *f, uint64_t n);
/* After the write: `reserved` bytes were reserved, `wrote` written (negative: none). When the
 * reservation fell short of the request (`wanted`), ends the guest as an output breach. */
void sx_limits_output_done(SxFd *f, uint64_t wanted, uint64_t reserved, long wrote);
/* Ends the whole guest with the breach message and status of `which`. */
_Noreturn void sx_limits_breach(RtLimit which);

/* Under --sandbox, may the guest signal host process pid? (Only its own processes.) */
int sx_limits_may_signal(int pid);
/* Under --sandbox: the guest's processes other than the caller (up to max), for group and
 * broadcast kills; -1 when not sandboxed (the host's own rules apply). */
int sx_limits_guest_pids(int *pids, int max);
/* Is the policy's sandbox on (grants are checked)? */
int sx_limits_sandboxed(void);
/* --max-files: may the guest hold one more descriptor, given `open` now? */
int sx_limits_file_ok(int open);

#endif

/* Loading a program into a guest process (the first one, and execve). */
#ifndef SX_EXEC_H
#define SX_EXEC_H

#include <stddef.h>

#include "syscall-shim/vfs/vfs.h"

/* Replaces p's image with the program at sp (already resolved). Returns 0, or a negative
 * errno with a reason in why; the old image is untouched on failure. */
long sx_exec(SxProc *p, const SxPath *sp, const char *execfn, int argc, char *const *argv,
             char *const *envp, char *why, size_t whylen);

/* Starts the first guest process: argv[0] is found on envp's PATH inside root (NULL: the
 * host's /), loaded, and run to the end. cmd names the subcommand in messages. Returns the
 * exit status (2 for a bad root, 126/127 for a program that cannot run). */
int sx_run(const char *cmd, const char *root, int strace, int argc, char **argv, char **envp);

#endif

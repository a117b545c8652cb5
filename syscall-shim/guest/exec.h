/* Loading a program into a guest process (the first one, and execve). */
#ifndef SX_EXEC_H
#define SX_EXEC_H

#include <stddef.h>

#include "syscall-shim/vfs/vfs.h"

/* Replaces p's image with the program at sp (already resolved). Returns 0, or a negative
 * errno with a reason in why; the old image is untouched on failure. */
long sx_exec(SxProc *p, const SxPath *sp, const char *execfn, int argc, char *const *argv,
             char *const *envp, char *why, size_t whylen);

#endif

/* Names and messages of Linux errno values, generated from the X-macro in errno.h; used by
 * --strace output and diagnostics. */
#include "syscall-shim/linux/errno.h"

#include <stddef.h>

const char *sx_errno_name(int e) {
  switch (e) {
#define NAME_CASE(name, value, text) case value: return #name;
    SX_ERRNOS(NAME_CASE)
#undef NAME_CASE
  default: return NULL;
  }
}

const char *sx_errno_text(int e) {
  switch (e) {
#define TEXT_CASE(name, value, text) case value: return text;
    SX_ERRNOS(TEXT_CASE)
#undef TEXT_CASE
  default: return NULL;
  }
}

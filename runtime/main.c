/* The nacre executable's entry point: picks the subcommand and hands over to its layer.
 * `nacre linux ...` goes to the syscall shim; anything else is the Lua front end (lua(1)-like). */
#include <stdio.h>
#include <string.h>

#include "runtime/runtime.h"

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "linux") == 0) {
    if (!sx_main) {
      fputs("nacre: this build has no Linux ABI layer\n", stderr);
      return 1;
    }
    return sx_main(argc - 1, argv + 1);
  }
  if (argc >= 2 && strcmp(argv[1], "build") == 0 && rt_build_main)
    return rt_build_main(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "disasm") == 0 && rt_disasm_main)
    return rt_disasm_main(argc - 1, argv + 1);
  if (!rt_lua_main) {
    fputs("nacre: this build has no Lua front end\n", stderr);
    return 1;
  }
  return rt_lua_main(argc, argv);
}

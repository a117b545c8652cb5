/* Entry points of the layers that the nacre executable dispatches to. */
#ifndef NACRE_RUNTIME_H
#define NACRE_RUNTIME_H

#include "nacre.h"

/* What `nacre -v` and `nacre --version` print (lua5.4 -v prints "Lua 5.4.4  Copyright ..."). */
#define RT_VERSION_LINE \
  "Nacre " NACRE_VERSION "  (" NACRE_LUA_VERSION " compatible; the Lua language is Copyright " \
  "(C) 1994-2022 Lua.org, PUC-Rio)"

/* `nacre [options] [script [args]]`: the lua(1)-compatible front end (runtime/lua_main.c). */
int rt_lua_main(int argc, char **argv);

/* `nacre build [-s] [-o app.pearl] main.lua` and `nacre disasm FILE`: argv[0] is the verb. */
int rt_build_main(int argc, char **argv);
int rt_disasm_main(int argc, char **argv);

/* `nacre _sandbox-child ...`: the process sandbox.run starts (runtime/sandbox_child.c). */
int rt_sandbox_child_main(int argc, char **argv);

/* `nacre linux [--root DIR] [--strace] [--] PROGRAM [ARGS]`: argv[0] is "linux". */
int sx_main(int argc, char **argv);
int sx_guest_main(int argc, char **argv);

#endif

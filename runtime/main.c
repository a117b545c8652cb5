/* The nacre executable's entry point: takes the sandbox flags every command accepts, starts the
 * process-wide limits, then hands over to the subcommand's layer: `nacre linux` goes to the
 * syscall shim (`nacre guest` too, as a full-system guest), `build`/`disasm` to the bytecode tools, anything else to the Lua front end. */
#include <stdio.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/sandbox.h"
#include "vm/gc.h"

static const char usage[] =
  "usage: nacre [options] [script [args]]      run a Lua 5.4 script or a .pearl bundle, like lua(1)\n"
  "       nacre build [-s] [-o app.pearl] [--module name=path.lua] main.lua\n"
  "                                           compile main.lua and its modules into one bundle\n"
  "       nacre build -p FILE...              check syntax only, like luac -p (- is stdin)\n"
  "       nacre disasm FILE                   list the bytecode of a .lua, .pearl or dumped chunk\n"
  "       nacre linux [--root DIR] [--strace] [--] PROGRAM [ARGS]\n"
  "                                           run an x86-64 Linux binary (sandbox flags apply)\n"
  "       nacre guest ROOTFS [--bind HOST:GUEST[:ro]]... [--hostname NAME] [-- CMD [ARGS]]\n"
  "                                           boot a root file system: PID 1, /proc, /dev, root\n"
  "\n"
  "Lua options (as lua(1)):\n"
  "  -e stat   execute string 'stat'          -i        enter interactive mode after the script\n"
  "  -l mod    require library 'mod' into global 'mod' (-l g=mod: into global 'g')\n"
  "  -v        show version information       -E        ignore environment variables\n"
  "  --version show version information and exit (also -h, --help: this text)\n"
  "  -W        turn warnings on               --        stop handling options\n"
  "  -         run stdin and stop handling options\n"
  "\n"
  "Sandbox (any command; flags go before the script or program):\n"
  "  --sandbox                 deny every host access not granted below\n"
  "  --allow-read[=PATH,...]   read files under PATH (a directory grants its subtree; no list: all)\n"
  "  --allow-write[=PATH,...]  create, change or remove files under PATH\n"
  "  --allow-net[=HOST[:PORT],...]  network access     --allow-env[=VAR,...]  environment variables\n"
  "  --allow-run               os.execute, io.popen    --allow-ffi  C modules (package.cpath), FFI\n"
  "  Any --allow-* implies --sandbox. Without them nacre is as trusted as lua(1).\n"
  "Limits (with or without --sandbox):\n"
  "  --max-memory=SIZE   collected heap, K/M/G suffixes   --fuel=N  VM back-edges and calls, plus\n"
  "  --timeout=DURATION  wall clock, ms/s/m suffixes                work charged by long C calls\n"
  "  --max-output=SIZE   bytes written to stdout+stderr   --max-files=N  files open at once\n"
  "  --max-procs=N       processes started and still running (scripts), or guest processes and\n"
  "                      threads (binaries)\n"
  "\n"
  "Exit status: 0 success; 1 error (script error, bad option); 3 memory, 4 fuel, 5 time, 6 output\n"
  "limit exceeded (message 'nacre: <kind> limit exceeded (<limit>)' on stderr). `nacre linux`\n"
  "returns the guest's status. See docs/sandbox.md.\n";

int main(int argc, char **argv) {
  char err[512];
  const char *verb;
  int status;
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage, stdout);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    puts(RT_VERSION_LINE);
    return 0;
  }
  if (rt_sandbox_take_flags(&rt_sandbox, &argc, argv, err, sizeof err) != 0) {
    fprintf(stderr, "%s\n", err);
    return RT_EXIT_USAGE;
  }
  rt_program_is_self = 1; /* sandbox.run's children run this executable */
  verb = argc >= 2 ? argv[1] : "";
  if (strcmp(verb, "linux") == 0 || strcmp(verb, "guest") == 0) {
    /* The shim meters a guest's time, output, files and memory itself, over all its
     * processes (syscall-shim/guest/limits.c), without the host timer, signal, stdio streams
     * or descriptor limit the guest could reach: the runtime keeps only the breach messages. */
    static RtSandbox messages;
    messages = rt_sandbox;
    messages.timeout_ms = 0;
    messages.max_output = 0;
    messages.max_files = 0;
    messages.max_memory = 0;
    rt_limits_start(&messages);
    return verb[0] == 'l' ? sx_main(argc - 1, argv + 1) : sx_guest_main(argc - 1, argv + 1);
  }
  /* Every other command runs Lua states: the collector starts here, while this is the only
   * thread and before a memory limit configures it. */
  gc_init_program();
  if (strcmp(verb, "_sandbox-child") == 0)
    return rt_sandbox_child_main(argc - 1, argv + 1);
  rt_limits_start(&rt_sandbox);
  if (strcmp(verb, "build") == 0) return rt_build_main(argc - 1, argv + 1);
  if (strcmp(verb, "disasm") == 0) return rt_disasm_main(argc - 1, argv + 1);
  status = rt_lua_main(argc, argv);
  /* The timer fired, but an interrupted call let the script finish before any check point:
   * the run still ends as a time breach. */
  if (rt_limits_timed_out()) rt_limits_breach(RT_LIMIT_TIME);
  return status;
}

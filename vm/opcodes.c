/* Opcode names and mode flags, generated from the VM_OPCODES and VM_QUICK_OPCODES lists in
 * opcodes.h; a quickened opcode gets its base opcode's flags. */
#include "vm/opcodes.h"

/* Every base opcode's flags packed into one constant, for the quickened entries to copy. */
enum {
#define VM_OP_FACTS(name, mode, mm, ot, it, t, a) \
  VM_FACTS_##name = (mode) | (mm) << 3 | (ot) << 4 | (it) << 5 | (t) << 6 | (a) << 7,
  VM_OPCODES(VM_OP_FACTS)
#undef VM_OP_FACTS
};
#define FACT(f, shift, bits) (((f) >> (shift)) & ((1 << (bits)) - 1))

const OpInfo vm_opinfo[NUM_ALLOPCODES] = {
#define VM_OP_INFO(name, mode, mm, ot, it, t, a) {#name, mode, mm, ot, it, t, a, OP_##name},
  VM_OPCODES(VM_OP_INFO)
#undef VM_OP_INFO
#define VM_OP_QINFO(name, base) \
  {#name, FACT(VM_FACTS_##base, 0, 3), FACT(VM_FACTS_##base, 3, 1), FACT(VM_FACTS_##base, 4, 1), \
   FACT(VM_FACTS_##base, 5, 1), FACT(VM_FACTS_##base, 6, 1), FACT(VM_FACTS_##base, 7, 1), OP_##base},
  VM_QUICK_OPCODES(VM_OP_QINFO)
#undef VM_OP_QINFO
};

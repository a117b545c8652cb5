/* Opcode names and mode flags, generated from the VM_OPCODES list in opcodes.h. */
#include "vm/opcodes.h"

const OpInfo vm_opinfo[NUM_OPCODES] = {
#define VM_OP_INFO(name, mode, mm, ot, it, t, a) {#name, mode, mm, ot, it, t, a},
  VM_OPCODES(VM_OP_INFO)
#undef VM_OP_INFO
};

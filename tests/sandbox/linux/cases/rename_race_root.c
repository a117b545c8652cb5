/* The O_CREAT|O_TRUNC rename race against --root: one process swaps a directory and a
 * symbolic link to a host directory outside the root (100,000 times), the other opens
 * dir/victim with O_TRUNC meanwhile (100,000 times). The host file outside must be untouched. */
// flags:
// root: yes
// args: $DIR/outside
// status: 0
// stdout: done
// intact: $DIR/outside/victim precious
#include "race.h"

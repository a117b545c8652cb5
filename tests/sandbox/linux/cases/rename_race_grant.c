/* The same race against --allow-write instead of --root: the link points from inside the
 * write grant to a directory outside it. The host file outside must be untouched. */
// flags: --sandbox --allow-read=/ --allow-write=$DIR/data/out
// chdir: $DIR/data/out
// args: $DIR/outside
// status: 0
// stdout: done
// intact: $DIR/outside/victim precious
#include "race.h"

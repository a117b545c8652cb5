-- Real libraries through ffi.load: zlib, sqlite3, libm.
local ffi = require "ffi"
--## zlib
ffi.cdef [[
unsigned long compressBound(unsigned long sourceLen);
int compress2(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen, int level);
int uncompress(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen);
const char *zlibVersion(void);
unsigned long crc32(unsigned long crc, const uint8_t *buf, unsigned int len);
]]
local z = ffi.load("libz.so.1")
local input = string.rep("nacre and luajit ", 100)
local bound = z.compressBound(#input)
local out = ffi.new("uint8_t[?]", bound)
local outlen = ffi.new("unsigned long[1]", bound)
print(z.compress2(out, outlen, input, #input, 9), tonumber(outlen[0]) < #input)
local back = ffi.new("uint8_t[?]", #input)
local backlen = ffi.new("unsigned long[1]", #input)
print(z.uncompress(back, backlen, out, outlen[0]), tonumber(backlen[0]))
print(ffi.string(back, backlen[0]) == input, ffi.string(z.zlibVersion()):match("^%d") ~= nil)
print(tonumber(z.crc32(0, "hello", 5)))
--## sqlite3
ffi.cdef [[
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_open(const char *filename, sqlite3 **db);
int sqlite3_close(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql, int (*callback)(void *, int, char **, char **), void *, char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int nbyte, sqlite3_stmt **stmt, const char **tail);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_column_int(sqlite3_stmt *, int col);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int col);
int sqlite3_bind_int(sqlite3_stmt *, int, int);
int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *));
int sqlite3_finalize(sqlite3_stmt *);
const char *sqlite3_errmsg(sqlite3 *);
void sqlite3_free(void *);
]]
local sq = ffi.load("libsqlite3.so.0")
local dbp = ffi.new("sqlite3 *[1]")
print(sq.sqlite3_open(":memory:", dbp))
local db = dbp[0]
local err = ffi.new("char *[1]")
print(sq.sqlite3_exec(db, "create table t(id integer, name text); insert into t values (1, 'one'), (2, 'two');", nil, nil, err))
local rows = {}
local cb = ffi.cast("int (*)(void *, int, char **, char **)", function(_, n, vals, names)
  rows[#rows + 1] = ffi.string(names[0]) .. "=" .. ffi.string(vals[0]) .. "," .. ffi.string(vals[1])
  return 0
end)
print(sq.sqlite3_exec(db, "select id, name from t order by id", cb, nil, err), table.concat(rows, ";"))
cb:free()
print(sq.sqlite3_exec(db, "select * from nosuch", nil, nil, err), ffi.string(err[0]))
sq.sqlite3_free(err[0])
local st = ffi.new("sqlite3_stmt *[1]")
print(sq.sqlite3_prepare_v2(db, "select name from t where id = ?", -1, st, nil))
sq.sqlite3_bind_int(st[0], 1, 2)
print(sq.sqlite3_step(st[0]), ffi.string(sq.sqlite3_column_text(st[0], 0)), sq.sqlite3_step(st[0]))
sq.sqlite3_finalize(st[0])
print(sq.sqlite3_close(db))
--## libm
ffi.cdef [[
double cos(double); double pow(double, double); double floor(double); float sqrtf(float);
double ldexp(double, int); double modf(double, double *); long lround(double);
]]
local m = ffi.load("libm.so.6")
local ip = ffi.new("double[1]")
print(string.format("%g %g %g %g %g", m.cos(0), m.pow(2, 10), m.floor(-2.5), m.sqrtf(16), m.ldexp(1, 5)))
print(string.format("%g %g", m.modf(3.75, ip), ip[0]), tonumber(m.lround(2.5)))
--## load-global
ffi.cdef "double erf(double);"
local g = ffi.load("libm.so.6", true)
print(string.format("%.6f", g.erf(1)))

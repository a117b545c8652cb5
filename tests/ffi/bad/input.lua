-- one chunk per line; each must raise a Lua error (under nacre), never crash
ffi.cdef "int x y;"
ffi.cdef "struct { int"
ffi.cdef "typedef int (*f)(int"
ffi.cdef "int a[-1];"
ffi.cdef "int a[1/0];"
ffi.cdef "struct s { int x : 99; };"
ffi.cdef "struct s2 { float f : 2; };"
ffi.cdef "unsigned float x;"
ffi.cdef "long long long x;"
ffi.cdef "struct r { int a; }; struct r { int a; };"
ffi.cdef "int f(void) __attribute__((aligned(3)));"
ffi.cdef(string.rep("(", 10000))
ffi.cdef("int " .. string.rep("*", 100000) .. "p")
ffi.cdef "'unterminated"
ffi.cdef "int x = ;"
ffi.cdef "_Complex double c;"
ffi.typeof "int ("
ffi.typeof "struct nope"
ffi.new "struct incomplete_thing"
ffi.new("int[?]")
ffi.new("int", "x")
ffi.new("int[2]", 1, 2, 3)
ffi.new("struct { int a; }", 1, 2)
ffi.new("void")
ffi.cast("int[3]", 0)
return ffi.C.no_such_declared_symbol
ffi.cdef "int nacre_no_such_function_anywhere(void);" return ffi.C.nacre_no_such_function_anywhere
ffi.cdef "size_t strlen(const char *);" ffi.C.strlen()
ffi.cdef "size_t strlen(const char *);" ffi.C.strlen(1, 2)
ffi.cdef "size_t strlen(const char *);" ffi.C.strlen({})
ffi.cdef "size_t strlen(const char *);" ffi.C.strlen(12)
ffi.cdef "int abs(int);" ffi.C.abs("x")
ffi.load "nacre-no-such-library"
ffi.string(nil)
ffi.string(ffi.cast("char *", 0))
ffi.copy(nil, "x")
ffi.fill(ffi.new("char[1]"), -1)
local p = ffi.new("struct { int a; }") return p.b
local p = ffi.new("struct { int a; }") p.b = 1
local p = ffi.new("int") return p.x
ffi.metatype("int", {})
local t = ffi.metatype("struct mtt { int a; }", {}) ffi.metatype("struct mtt", {})
return ffi.new("int[2]") + ffi.new("double[2]")
return ffi.cast("void *", 0) + 1
return ffi.typeof("int") < ffi.typeof("int")
return #ffi.new("int[3]")
return ffi.new("int64_t", 1) .. "x"
ffi.gc(ffi.new("int"), 5)
ffi.new("int")(1)
local cb = ffi.cast("int (*)(int, ...)", function() end)
ffi.sizeof({})
ffi.offsetof(5, "x")
ffi.C.strlen = 5

-- Differential checks of require/package (stdlib/package.c). Modules are written into the
-- check's temporary directory (the cwd), which "./?.lua" in package.path covers.
--## pkg_fields
print(type(package.path), type(package.cpath), type(package.loaded), type(package.preload))
print(type(package.searchers), #package.searchers, type(package.searchpath), type(package.loadlib))
print(package.config)
print(package.loaded._G == _G, package.loaded.string == string, package.loaded.package == package)
--## pkg_default_paths
print(package.path)
print(package.cpath)
--## pkg_require_lua_module
local f = io.open("mymod.lua", "w")
f:write("local name, file = ...\nprint('loading', name, file)\nreturn {value = 42}\n")
f:close()
local m, extra = require("mymod")
print(m.value, extra)
print(require("mymod") == m, package.loaded.mymod == m)
--## pkg_require_true_when_nil
local f = io.open("nilmod.lua", "w"); f:write("x_loaded = (x_loaded or 0) + 1\n"); f:close()
print(require("nilmod"), x_loaded)
print(require("nilmod"), x_loaded)
--## pkg_require_sets_loaded_itself
local f = io.open("selfmod.lua", "w"); f:write("package.loaded[...] = 'custom'\n"); f:close()
print(require("selfmod"))
--## pkg_require_not_found
package.path = "./?.lua;./?/init.lua"
package.cpath = "./?.so"
print(pcall(require, "no.such_mod"))
--## pkg_require_not_found_cli_message
package.path = "./?.lua"
package.cpath = ""
require("missing")
--## pkg_require_syntax_error
local f = io.open("badmod.lua", "w"); f:write("return = 1\n"); f:close()
print(pcall(require, "badmod"))
--## pkg_require_runtime_error
local f = io.open("errmod.lua", "w"); f:write("error('failing module')\n"); f:close()
print(pcall(require, "errmod"))
print(package.loaded.errmod)
--## pkg_require_dotted
os.execute("mkdir -p sub/pkg")
local f = io.open("sub/pkg/inner.lua", "w"); f:write("return ...\n"); f:close()
package.path = "./?.lua"
print(require("sub.pkg.inner"))
--## pkg_require_init_lua
os.execute("mkdir -p dirmod")
local f = io.open("dirmod/init.lua", "w"); f:write("return 'init of ' .. ...\n"); f:close()
print(require("dirmod"))
--## pkg_preload
package.preload.pre = function(...) print("preload args", ...) return "P" end
print(require("pre"))
print(require("pre"))
--## pkg_searchers_custom
table.insert(package.searchers, 2, function(name)
  if name == "virtual" then return function(n, extra) return "virtual:" .. n .. ":" .. extra end, "xtra" end
  return "\n\tno virtual module '" .. name .. "'"
end)
print(require("virtual"))
package.path = ""
package.cpath = ""
print(pcall(require, "absent"))
--## pkg_searchers_not_table
package.searchers = nil
print(pcall(require, "zzz"))
--## pkg_path_not_string
package.path = 42
print(pcall(require, "zzz"))
--## pkg_searchpath
local f = io.open("sp_mod.lua", "w"); f:write(""); f:close()
print(package.searchpath("sp_mod", "./?.lua"))
print(package.searchpath("nope", "./?.lua;./?.luac;/x/?/y"))
print(package.searchpath("a.b.c", "./?.lua"))
print(package.searchpath("a_b", "./?.lua", "_", "/"))
print(pcall(package.searchpath))
--## pkg_loadlib_missing
local f, err, where = package.loadlib("./no_such_lib.so", "luaopen_x")
print(f, type(err), where)
--## pkg_loadlib_bad_symbol
local f, err, where = package.loadlib("/usr/lib/x86_64-linux-gnu/lua/5.4/lpeg.so", "no_such_symbol")
print(f, type(err), where)
--## pkg_require_c_module_lpeg
local lpeg = require("lpeg")
print(type(lpeg.match), lpeg.match(lpeg.C(lpeg.R("az")^1), "hello world"))
--## pkg_require_c_module_cjson
local cjson = require("cjson")
print(cjson.encode({1, 2, 3}), cjson.decode('{"a":[1,2]}').a[2])
--## pkg_require_lfs
local lfs = require("lfs")
print(type(lfs.currentdir()), lfs.attributes(".", "mode"))
--## pkg_require_name_type
print(pcall(require))
print(pcall(require, {}))
--## pkg_loaded_cycle
local f = io.open("cyc_a.lua", "w"); f:write("package.loaded.cyc_a = 'partial'\nlocal b = require('cyc_b')\nreturn 'A+' .. b\n"); f:close()
local f = io.open("cyc_b.lua", "w"); f:write("return 'B saw ' .. tostring(require('cyc_a'))\n"); f:close()
print(require("cyc_a"))
--## pkg_require_installed_lua_module_re
local re = require("re")
print(re.match("hello world", "{%a+}"), re.gsub("a,b,c", ",", ";"))
local _, file = package.searchpath("re", package.path)
print(file == nil)
--## pkg_loaded_contents
local names = {}
for k in pairs(package.loaded) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))

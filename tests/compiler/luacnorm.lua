-- Normalises "luac5.4 -l -l -p FILE" output (read from stdin) to the form tests/compiler/
-- listing.c prints: one line per prototype header, instruction (no comments), constant,
-- local and upvalue; a compile error becomes "ERROR: message".
local hdr
for line in io.lines() do
  local a, b = line:match("^%a+ <[^>]-:(%d+),(%d+)>")
  if a then
    hdr = a .. "," .. b
  else
    local p, s, u, l, k, f = line:match(
      "^(%d+)%+? params?, (%d+) slots?, (%d+) upvalues?, (%d+) locals?, (%d+) constants?, (%d+) functions?")
    if p then
      print(("function <%s> %s params %s slots %s upv %s locals %s consts %s funcs"):format(hdr, p, s, u, l, k, f))
    else
      local sect, cnt = line:match("^(%a+) %((%d+)%) for")
      if sect then
        print(sect .. " (" .. cnt .. ")")
      else
        local i, name, x, y = line:match("^\t(%d+)\t([^\t]+)\t(%d+)\t(%d+)$")
        if i then
          print(i .. " " .. name .. " " .. x .. " " .. y)
        else
          local ci, ct, cv = line:match("^\t(%d+)\t(%u)\t(.*)$")
          if ci then
            print(ci .. " " .. ct .. " " .. cv)
          else
            local pc, ln, op, args = line:match("^\t(%d+)\t%[([%-%d]+)%]\t(%S+)%s*\t?([^;]*)")
            if pc then
              print((("%s [%s] %s %s"):format(pc, ln, op, args):gsub("%s+$", "")))
            end
          end
        end
      end
    end
  end
end

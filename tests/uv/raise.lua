-- A callback that raises ends the process with status 255, as in luv.
local uv = require "luv"
local t = uv.new_timer()
t:start(0, 0, function() error("boom in callback") end)
print("before")
uv.run()
print("not reached")

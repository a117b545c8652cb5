-- flags: --sandbox
-- status: 0
-- stdout: nil	nil	function
-- stdout: number	false
-- stdout: nil
print(debug.getinfo, debug.sethook, type(debug.traceback))
print(type(collectgarbage("count")), (pcall(collectgarbage, "collect")))
print(string.dump)

-- flags: --fuel=20000
-- status: 4
-- stderr: nacre: fuel limit exceeded (20000)
coroutine.wrap(function() while true do end end)()

local print = print
do local _ENV <const> = {x = 5}; print(x) end
do local _ENV <const> = "abc"; print(pcall(function() return len end)) end
do local _ENV <const> = nil; print(pcall(function() return y end)) end

-- plain tables and strings kept until the limit stops the script
local keep = {}
while true do keep[#keep + 1] = {("y"):rep(100) .. #keep} end

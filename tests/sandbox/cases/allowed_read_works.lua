-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: public
local f = assert(io.open("$DIR/allowed/ok.txt"))
io.write(f:read("a"))
f:close()

-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	/etc/passwd: permission denied by the sandbox (grant with --allow-read)	13
print(io.open("/etc/passwd"))

-- flags: --allow-read=$DIR/allowed
-- status: 0
-- stdout: nil	$DIR/allowed/../outside/secret.txt: permission denied by the sandbox (grant with --allow-read)	13
print(io.open("$DIR/allowed/../outside/secret.txt"))

-- flags: --allow-run
-- status: 0
-- stdout: hi
-- stdout: true	exit	0
print(os.execute("echo hi"))

-- flags: --sandbox
-- status: 0
-- stdout: nil	nil	nil
print(os.getenv("HOME"), os.getenv("PATH"), os.getenv("USER"))

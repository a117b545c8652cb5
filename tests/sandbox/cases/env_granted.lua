-- flags: --allow-env=NACRE_SANDBOX_TEST
-- status: 0
-- stdout: nil	nil
print(os.getenv("NACRE_SANDBOX_TEST"), os.getenv("HOME"))

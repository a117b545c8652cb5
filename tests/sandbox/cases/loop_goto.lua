-- flags: --fuel=5000
-- status: 4
-- stderr: nacre: fuel limit exceeded (5000)
::top:: goto top

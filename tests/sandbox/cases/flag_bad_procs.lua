-- flags: --max-procs=two
-- status: 1
-- stderr-has: nacre: --max-procs: invalid value 'two' (expected a count)
print("never runs")

-- flags: --timeout=-1
-- status: 1
-- stderr: nacre: --timeout: invalid value '-1' (expected a positive duration such as 500ms, 2s or 1m)
print("never runs")

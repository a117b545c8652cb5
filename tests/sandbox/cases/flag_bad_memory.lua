-- flags: --max-memory=lots
-- status: 1
-- stderr: nacre: --max-memory: invalid value 'lots' (expected a size such as 512K, 16M or 1G)
print("never runs")

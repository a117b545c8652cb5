-- flags: --fuel=1.5
-- status: 1
-- stderr-has: nacre: --fuel: invalid value '1.5'
print("never runs")

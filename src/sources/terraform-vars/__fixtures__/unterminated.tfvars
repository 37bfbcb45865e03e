a = 1
b = "no end
c = 3

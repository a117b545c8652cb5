x = 'a\
b'
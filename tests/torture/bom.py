# A file that starts with a UTF-8 byte order mark.
value = "bom"
print(value)

TILE = 128
_private = 1

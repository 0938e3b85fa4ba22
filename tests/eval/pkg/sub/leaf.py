import pkg
pkg.loaded.append(__name__)
ONE = 1

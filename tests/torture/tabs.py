# Tabs: indentation with tabs, tabs inside lines, tab plus spaces.
if True:
	x = 1
	if x:
		y = 2
		for i in range(2):
			pass
	else:
		y = 3
	z	=	[1,	2]	# tabs between tokens


def f(a,
		b):
	return a	+	b


class C:
	def m(self):
		if self:
		    return 1  # tab then four spaces
		return 2

s = "a	b"  # a literal tab inside a string
t = '''
	indented with a tab
'''

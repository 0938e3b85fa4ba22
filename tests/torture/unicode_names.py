# Unicode identifiers (normalised to NFKC as CPython does) and strings.
café = 1
naïve_ñ = 2
π = 3.14159
Δt = 0.01
ñandú = "ave"
变量 = "variable"
переменная = "variable"
μ = 1e-6
µ_micro_sign = 2
ﬁle = "ligature fi becomes fi"
ℌ = "black-letter H becomes H"
ｆｕｌｌ＿ｗｉｄｔｈ = 3
_ñ = 4
αβγ = [α for α in (1, 2)]


def funçion(paramètre, *ärgs, κ=1, **ẃ):
    return paramètre


class Klasse_Ü:
    attribütt = 1


emoji_string = "😀 🐍 🚀"
mixed = 'aé€😀b'
combining = "e\u0301 vs \u00e9"
rtl = "עברית العربية"
cjk = "漢字かなカナ한국어"
zero_width = "a\u200bb\u200dc"
fstring_unicode = f"{café}é{π:.2f}€{变量!r}"
bytes_escaped = "é".encode()
result = Klasse_Ü.attribütt + funçion(café) + ｆｕｌｌ＿ｗｉｄｔｈ

# match statements: every pattern kind, guards, soft keywords.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Point:
    __match_args__ = ('x', 'y')

    def __init__(self, x, y):
        self.x, self.y = x, y


def describe(subject):
    match subject:
        case 0:
            return "zero"
        case -1:
            return "minus one"
        case 1.5 | -2.5 | 3j | -4j | 1 + 2j | -1 - 2j | 0.0 - 1.0j:
            return "numbers"
        case "text" | b"bytes" | "implicit" "concat" | f"":
            return "strings"
        case None:
            return "none"
        case True | False:
            return "bools"
        case Color.RED | Color.GREEN:
            return "value patterns"
        case enum.Enum.name:
            return "dotted"
        case x if x > 100:
            return "capture with guard"
        case []:
            return "empty sequence"
        case ():
            return "empty tuple pattern"
        case [a]:
            return "one"
        case [a, b]:
            return "two"
        case (a, b, c):
            return "three"
        case a, b, c, d:
            return "open sequence"
        case [a, *rest]:
            return "star"
        case [*_]:
            return "star wildcard"
        case [first, *_, last]:
            return "star middle"
        case (1, 2, *others,):
            return "trailing comma"
        case {}:
            return "empty mapping"
        case {"key": value}:
            return "mapping"
        case {"a": 1, "b": [x, y], **rest}:
            return "mapping with rest"
        case {1: _, None: _, Color.RED: _, -1: _, "s": _, b"b": _, True: _}:
            return "mapping keys"
        case {**rest}:
            return "only rest"
        case Point():
            return "class no args"
        case Point(1, 2):
            return "class positional"
        case Point(x=0, y=0):
            return "class keywords"
        case Point(0, y=1):
            return "class mixed"
        case Point(x=Point(y=[1, *_]), y={"k": _}):
            return "class nested"
        case enum.Enum(value=v):
            return "dotted class"
        case str() | bytes():
            return "builtin classes"
        case int(n) as number if n:
            return "as"
        case [1, 2] as pair:
            return "sequence as"
        case (1 | 2 | 3) as small:
            return "grouped or"
        case (x):
            return "group pattern"
        case [(1 | 2), [3, (4 | 5) as inner]]:
            return "nested groups"
        case _:
            return "wildcard"


def soft_keywords(match, case, _):
    match = 1
    case = 2
    _ = 3
    match.attr if False else None
    match(case)
    match[case]
    print(match, case, _)
    match match:
        case case:
            pass
    match (1, 2):
        case (a, b):
            pass
    match 1, 2:
        case _:
            pass
    match *[1], 2:
        case _:
            pass
    match -1:
        case -1: pass
    match {"x": 1}:
        case {"x": 1}: pass
        case _: pass

# Class definitions: bases, keywords, decorators, bodies.
import abc
import dataclasses


class Empty:
    pass


class EmptyParens():
    pass


class WithBase(object):
    pass


class MultipleBases(Empty, WithBase):
    pass


class WithMetaclass(Empty, metaclass=abc.ABCMeta):
    pass


class WithKeywords(**{'metaclass': type}):
    pass


class StarredBases(*[object], flag=True, **{}):
    pass


@dataclasses.dataclass(frozen=True)
class Decorated:
    x: int
    y: float = 0.0
    z: "list[int]" = dataclasses.field(default_factory=list)

    def method(self, other: "Decorated") -> "Decorated":
        return self

    @property
    def prop(self):
        return self.x

    @prop.setter
    def prop(self, value):
        self.x = value

    @classmethod
    def make(cls, *args, **kwargs):
        return cls(*args, **kwargs)

    @staticmethod
    def static():
        return None

    async def amethod(self):
        await self

    class Nested:
        class MoreNested:
            attr = 1

    def __init_subclass__(cls, /, **kwargs):
        super().__init_subclass__(**kwargs)


class Docstring:
    """A class docstring."""
    attribute = 1; other = 2


class OneLiner: pass


class Generic(list[int], dict[str, "Generic"]):
    __slots__ = ('a', 'b')

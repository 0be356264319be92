"""Every public function checks its arguments against its own annotations.

:func:`checked` wraps a function so that a call with a wrong type, a ``NaN``
or an infinity, a string where a sequence belongs, or an enum's value string
where the member belongs raises :class:`~servicegov.errors.InvalidType` (a
``TypeError``) or :class:`~servicegov.errors.InvalidValue` (a ``ValueError``)
naming the argument, the value and what is allowed — before the function runs,
so that no ``AttributeError`` from deep inside ever reaches a caller.

The annotation is the rule, read once at the first call:

* ``int``: an integer, not a ``bool`` (any ``numbers.Integral``, so NumPy
  integers pass); ``float``: a finite real number (integers too, not a
  ``bool``); ``bool``: ``True`` or ``False``; ``str``: a string;
  ``datetime.date``: a date that is not a ``datetime``;
* an enum: exactly a member (its value string is told to pass the member);
  any other class: an instance of it; ``X | None``, unions and ``Literal``;
* ``Sequence[X]``, ``Collection[X]``, ``list``, ``tuple``: an ordered
  collection with a length that is not a string, bytes, a mapping or a set,
  each element checked (a NumPy array passes); ``AbstractSet``/``frozenset``:
  any such collection or a set; ``Mapping[K, V]``: a mapping, keys and values
  checked; ``Iterable[X]``: anything iterable but a string, bytes or a
  mapping; a one-shot iterator is passed on wrapped, each element checked as
  the function draws it;
* ``Callable``: a callable; ``Any``, ``object`` and type variables: anything.

Calls from inside the package pass data the library has checked already (at
the door of the public function the caller called) and skip the checks, so
they cost nothing on the hot paths; :func:`unchecked` gives the bare function.

Examples:
    >>> @checked
    ... def half(x: float) -> float:
    ...     return x / 2
    >>> half(3)
    1.5
    >>> half(float("nan"))
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidValue: 'x' must be a finite number (got nan)
    >>> half("3")
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidType: 'x' must be a finite number (got '3')
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import enum
import functools
import inspect
import numbers
import os
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Iterator
from typing import Any, TypeVar

from servicegov._numbers import is_real
from servicegov.errors import InvalidType, InvalidValue, ServicegovError

__all__ = ["NON_FINITE", "FloatOrNaN", "checked", "registered", "unchecked", "unresolved"]

F = TypeVar("F", bound=Callable[..., Any])

# A check returns None when the value passes, or the words of what is allowed
# and whether the fault is the value's type (InvalidType) or its value
# (InvalidValue).  Containers may return a replacement value (a wrapped
# iterator) through _Replace.
_Fault = tuple[str, bool, str, object]  # (path suffix, is a type fault, allowed, the bad value)
_Check = Callable[[object], "_Fault | _Replace | None"]


class _Replace:
    """A one-shot iterator to pass on wrapped, its elements checked as drawn."""

    __slots__ = ("each", "value")

    def __init__(self, value: Iterator[Any], each: _Check) -> None:
        self.value = value
        self.each = each


_Plan = tuple[list[tuple[str, _Check]], dict[str, _Check], "_Check | None", "_Check | None"]


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


NON_FINITE = "non-finite allowed"
"""Marks a float annotation that admits NaN and the infinities (``FloatOrNaN``)."""

FloatOrNaN = typing.Annotated[float, NON_FINITE]
"""A float annotation that admits NaN and the infinities, for arguments where
NaN means "undefined" (a Kendall's tau of a tie)."""

_REGISTRY: list[Callable[..., Any]] = []
_UNRESOLVED: dict[str, list[str]] = {}


def _anything(_v: object) -> None:
    return None


def _is_integer(v: object) -> bool:
    return type(v) is int or (isinstance(v, numbers.Integral) and not isinstance(v, bool))


def _int_check(v: object) -> _Fault | None:
    return None if _is_integer(v) else ("", True, "an integer", v)


def _float_check(v: object) -> _Fault | None:
    if is_real(v):
        return None
    # A real number that is not finite is a bad value; anything else, a bad type.
    wrong_type = isinstance(v, bool) or not isinstance(v, numbers.Real)
    return ("", wrong_type, "a finite number", v)


def _real_check(v: object) -> _Fault | None:
    if isinstance(v, numbers.Real) and not isinstance(v, bool):
        return None
    return ("", True, "a real number", v)


def _hashable_check(v: object) -> _Fault | None:
    # The ABC asks only for a __hash__ method; a frozen model holding a dict,
    # or a signalling NaN, has one that fails.
    try:
        hash(v)
    except (TypeError, ValueError):
        return ("", True, "a hashable value", v)
    return None


def _bool_check(v: object) -> _Fault | None:
    return None if isinstance(v, bool) else ("", True, "True or False", v)


def _str_check(v: object) -> _Fault | None:
    return None if isinstance(v, str) else ("", True, "a string", v)


def _date_check(v: object) -> _Fault | None:
    if type(v) is dt.date:
        return None
    return ("", True, "a datetime.date (not a datetime or a string)", v)


def _article(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _enum_check(cls: type[enum.Enum]) -> _Check:
    def check(v: object) -> _Fault | None:
        if type(v) is cls:
            return None
        if isinstance(v, str):
            for m in cls:
                if m.value == v:
                    return ("", True, f"{cls.__name__}.{m.name}, the member, not the string {v!r}", v)
        allowed = ", ".join(f"{cls.__name__}.{m.name}" for m in cls)
        return ("", True, f"{_article(cls.__name__)}: one of {allowed}", v)

    return check


def _class_check(cls: type) -> _Check:
    words = _article(cls.__name__)

    def check(v: object) -> _Fault | None:
        return None if isinstance(v, cls) else ("", True, words, v)

    return check


def _words(tp: Any) -> str:
    """The allowed words of a simple annotation, for unions' messages."""
    fault = _compile(tp)(_NEVER)
    return fault[2] if isinstance(fault, tuple) else repr(tp)


class _Never:
    """A value no annotation but Any accepts, to read a check's words."""


_NEVER = _Never()


def _union_check(members: tuple[Any, ...]) -> _Check:
    checks = [_compile(m) for m in members]
    if _anything in checks:
        return _anything
    allows_none = type(None) in members
    words = " or ".join(_words(m) for m in members if m is not type(None))
    if allows_none:
        words = f"{words} or None"

    def check(v: object) -> _Fault | _Replace | None:
        faults: list[_Fault] = []
        for c in checks:
            out = c(v)
            if out is None or isinstance(out, _Replace):
                return out
            faults.append(out)
        # A member whose type matched says more than the list of all members:
        # a container with a bad element, or a number that is not finite.
        for fault in faults:
            if fault[0] or not fault[1]:
                return fault
        return ("", True, words, v)

    return check


def _literal_check(values: tuple[Any, ...]) -> _Check:
    words = "one of " + ", ".join(repr(x) for x in values)

    def check(v: object) -> _Fault | None:
        for x in values:
            if type(v) is type(x) and v == x:
                return None
        return ("", not any(isinstance(v, type(x)) for x in values), words, v)

    return check


_TEXT = (str, bytes, bytearray)


def _elements(v: Any, each: _Check, fmt: Callable[[int], str]) -> _Fault | None:
    try:
        for i, x in enumerate(v):
            out = each(x)
            if isinstance(out, tuple):
                return (fmt(i) + out[0], out[1], out[2], out[3])
    except (TypeError, ValueError, AttributeError):  # a collection that cannot be read back
        return ("", True, "a collection whose elements can be read", v)
    return None


def _sequence_check(each: _Check, words: str) -> _Check:
    def check(v: object) -> _Fault | None:
        if (
            isinstance(v, (*_TEXT, cabc.Mapping, cabc.Set))
            or not hasattr(v, "__len__")
            or not hasattr(v, "__iter__")
        ):
            return ("", True, words, v)
        if each is _anything:
            return None
        return _elements(v, each, lambda i: f"[{i}]")

    return check


def _set_check(each: _Check, words: str) -> _Check:
    def check(v: object) -> _Fault | None:
        if isinstance(v, (*_TEXT, cabc.Mapping)) or not isinstance(v, cabc.Collection):
            return ("", True, words, v)
        if each is _anything:
            return None
        return _elements(v, each, lambda i: f"[{i}]")

    return check


def _mapping_check(keys: _Check, values: _Check, words: str) -> _Check:
    def check(v: object) -> _Fault | None:
        if not isinstance(v, cabc.Mapping):
            return ("", True, words, v)
        if keys is _anything and values is _anything:
            return None
        try:
            pairs = list(v.items())
        except (TypeError, ValueError, AttributeError):  # a mapping that cannot be read back
            return ("", True, words, v)
        for k, x in pairs:
            out = keys(k)
            if isinstance(out, tuple):
                return ("", out[1], f"a mapping whose keys are each {out[2]}", out[3])
            out = values(x)
            if isinstance(out, tuple):
                return (f"[{k!r}]" + out[0], out[1], out[2], out[3])
        return None

    return check


def _iterable_check(each: _Check, words: str) -> _Check:
    def check(v: object) -> _Fault | _Replace | None:
        if isinstance(v, (*_TEXT, cabc.Mapping)) or not isinstance(v, cabc.Iterable):
            return ("", True, words, v)
        if each is _anything:
            return None
        if isinstance(v, cabc.Iterator):
            return _Replace(v, each)
        return _elements(v, each, lambda i: f"[{i}]")

    return check


def _lazily(name: str, it: Iterator[Any], each: _Check) -> Iterator[Any]:
    for i, x in enumerate(it):
        out = each(x)
        if isinstance(out, tuple):
            _raise(f"{name}[{i}]{out[0]}", out[3], out[1], out[2])
        yield x


def _raise(field: str, value: object, type_fault: bool, allowed: str) -> typing.NoReturn:
    cls = InvalidType if type_fault else InvalidValue
    raise cls.for_field(field, value, allowed)


_SEQUENCES = {cabc.Sequence, list, tuple, cabc.MutableSequence}
_SETS = {cabc.Set, frozenset, set, cabc.MutableSet, typing.AbstractSet}
_MAPPINGS = {cabc.Mapping, dict, cabc.MutableMapping}
_ITERABLES = {cabc.Iterable, cabc.Collection, cabc.Iterator, cabc.Generator, cabc.Container}


def _compile(tp: Any) -> _Check:
    if tp is Any or tp is object or isinstance(tp, TypeVar) or tp is inspect.Parameter.empty:
        return _anything
    if tp is None or tp is type(None):
        return lambda v: None if v is None else ("", True, "None", v)
    if tp is int:
        return _int_check
    if tp is float:
        return _float_check
    if tp is bool:
        return _bool_check
    if tp is str:
        return _str_check
    if tp is dt.date:
        return _date_check
    if tp is cabc.Hashable:
        return _hashable_check
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return _union_check(args)
    if origin is typing.Literal:
        return _literal_check(args)
    if origin is typing.Annotated:
        if args[0] is float and NON_FINITE in tp.__metadata__:
            return _real_check
        return _compile(args[0])
    if origin in (type,):
        # A generic alias (list[Need]) names a type as well as a class does.
        return lambda v: (
            None if isinstance(v, type) or typing.get_origin(v) is not None else ("", True, "a class", v)
        )
    if origin is cabc.Callable or tp is cabc.Callable:
        return lambda v: None if callable(v) else ("", True, "a callable", v)
    if origin in _SEQUENCES or tp in _SEQUENCES:
        if origin is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
            each = _union_check(tuple(dict.fromkeys(a for a in args if a is not Ellipsis)))
        else:
            each = _compile(args[0]) if args else _anything
        return _sequence_check(each, "a sequence (a list or tuple, not a string, mapping or set)")
    if origin in _SETS or tp in _SETS:
        each = _compile(args[0]) if args else _anything
        return _set_check(each, "a collection (a set, list or tuple, not a string or mapping)")
    if origin in _MAPPINGS or tp in _MAPPINGS:
        keys = _compile(args[0]) if args else _anything
        values = _compile(args[1]) if len(args) > 1 else _anything
        return _mapping_check(keys, values, "a mapping")
    if origin in _ITERABLES or tp in _ITERABLES:
        each = _compile(args[0]) if args else _anything
        return _iterable_check(each, "an iterable (a list, tuple or generator, not a string or mapping)")
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum) and len(tp.__members__):
            return _enum_check(tp)
        if getattr(tp, "_is_protocol", False):
            if getattr(tp, "_is_runtime_protocol", False):
                return _class_check(tp)
            return _anything
        return _class_check(tp)
    if isinstance(tp, typing.NewType):
        return _compile(tp.__supertype__)
    if origin is not None and isinstance(origin, type):
        return _class_check(origin)
    return _anything


def _namespace(fn: Callable[..., Any]) -> dict[str, Any]:
    """Where *fn*'s annotations are read: its module, then every servicegov
    module's public names (for types its module imports only while type-checking)."""
    ns: dict[str, Any] = {}
    for name, mod in list(sys.modules.items()):
        if name.startswith("servicegov") and mod is not None:
            for public in getattr(mod, "__all__", ()):
                if hasattr(mod, public):
                    ns.setdefault(public, getattr(mod, public))
            ns.setdefault(name.rsplit(".", 1)[-1], mod)
    ns.update(vars(typing))
    ns.update({k: getattr(cabc, k) for k in cabc.__all__})
    ns["dt"] = dt
    ns["datetime"] = dt
    ns.update(fn.__globals__)
    return ns


def _plan(
    fn: Callable[..., Any],
) -> tuple[list[tuple[str, _Check]], dict[str, _Check], _Check | None, _Check | None]:
    sig = inspect.signature(fn)
    ns = _namespace(fn)
    positional: list[tuple[str, _Check]] = []
    by_name: dict[str, _Check] = {}
    star: _Check | None = None
    star_star: _Check | None = None
    missing: list[str] = []
    for p in sig.parameters.values():
        ann = p.annotation
        if isinstance(ann, str):
            try:
                ann = eval(ann, ns)
            except Exception:
                missing.append(p.name)
                ann = Any
        check = _compile(ann)
        if p.kind is p.VAR_POSITIONAL:
            star = check
        elif p.kind is p.VAR_KEYWORD:
            star_star = check
        else:
            if p.kind is not p.KEYWORD_ONLY:
                positional.append((p.name, check))
            by_name[p.name] = check
    if missing:
        _UNRESOLVED[f"{fn.__module__}.{fn.__qualname__}"] = missing
    return positional, by_name, star, star_star


def _checked_value(name: str, value: object, check: _Check) -> object:
    out = check(value)
    if out is None:
        return value
    if isinstance(out, _Replace):
        return _lazily(name, out.value, out.each)
    _raise(name + out[0], out[3], out[1], out[2])


def _checked_arguments(
    plan: _Plan, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    positional, by_name, star, star_star = plan
    if args:
        n = len(positional)
        new_args = list(args)
        for i, value in enumerate(args):
            if i < n:
                name, check = positional[i]
                if check is not _anything:
                    new_args[i] = _checked_value(name, value, check)
            elif star is not None and star is not _anything:
                new_args[i] = _checked_value(f"args[{i - n}]", value, star)
        args = tuple(new_args)
    if kwargs:
        kwargs = dict(kwargs)
        for name, value in kwargs.items():
            named = by_name.get(name, star_star)
            if named is not None and named is not _anything:
                kwargs[name] = _checked_value(name, value, named)
    return args, kwargs


def _root(field: str | None) -> str:
    """The argument a field's path starts from (``ratings`` of ``ratings[0]``)."""
    return re.split(r"[\[. ]", field or "", maxsplit=1)[0]


_OWN_WORDS_BUDGET = 20_000
"""How many calls a function may make, on refused arguments, before its own checks are over."""


class _OutOfBudget(BaseException):
    # A BaseException, so that no ``except Exception`` in the function swallows it.
    pass


def _own_words(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    fault: InvalidValue,
    parameters: Collection[str],
) -> typing.NoReturn:
    """Raise *fault*, in the function's own words if it has them for the same field.

    Only on the way to an error: a function that checks a value itself says
    more than its annotation can ("a positive integer", "a column index"), and
    servicegov's functions are pure, so running them on the refused arguments
    changes nothing.  A wrong type stays an :class:`InvalidType`.

    A function checks its arguments before it works, so the run is cut short
    after :data:`_OWN_WORDS_BUDGET` calls: a function that gets that far has
    no words of its own for the value, and a careless call to a long one (a
    whole simulated year) is refused at once instead of after the work.
    """
    calls = 0
    previous = sys.getprofile()

    def budget(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
            if calls > _OWN_WORDS_BUDGET:
                sys.setprofile(None)  # nothing more to count while the run unwinds
                raise _OutOfBudget

    sys.setprofile(budget)
    try:
        fn(*args, **kwargs)
    except _OutOfBudget:
        pass  # the function got past its checks: the annotation's fault is the answer
    except ServicegovError as own:
        # The same field, or the function's own name for what it was given
        # (``period`` for the text parse_period reads); never another argument.
        field = own.field if isinstance(own.field, str) else ""
        if field and (field == fault.field or _root(field) not in parameters):
            if isinstance(fault, InvalidType) and type(own) is InvalidValue:
                raise InvalidType(str(own), field=own.field, value=own.value, allowed=own.allowed) from None
            raise own from None
    except Exception:
        pass  # the annotation's fault is the answer
    finally:
        sys.setprofile(previous)
    raise fault from None


def checked(fn: F) -> F:
    """Check *fn*'s arguments against its annotations on every call (see the module)."""
    plan: list[Any] = []

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # The library's own calls pass data it has checked already: only a
        # call from outside the package pays for the checks.
        if sys._getframe(1).f_code.co_filename.startswith(_PACKAGE):
            return fn(*args, **kwargs)
        if not plan:
            plan.append(_plan(fn))
        try:
            new_args, new_kwargs = _checked_arguments(plan[0], args, kwargs)
        except InvalidValue as fault:
            _own_words(fn, args, kwargs, fault, plan[0][1])
        return fn(*new_args, **new_kwargs)

    _REGISTRY.append(wrapper)
    return typing.cast("F", wrapper)


def unchecked(fn: F) -> F:
    """The function :func:`checked` wrapped, for callers whose data is already checked."""
    return typing.cast("F", getattr(fn, "__wrapped__", fn))


def registered() -> tuple[Callable[..., Any], ...]:
    """Every function wrapped so far."""
    return tuple(_REGISTRY)


def unresolved() -> dict[str, list[str]]:
    """Resolve every registered function's annotations and return those that
    could not be read (qualified name -> parameter names), which go unchecked."""
    for fn in _REGISTRY:
        _plan(unchecked(fn))
    return dict(_UNRESOLVED)

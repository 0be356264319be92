"""Field validators shared by servicegov's attrs classes.

Each function here is a factory: it takes what the check needs (bounds, a
type, the words of what is allowed) and returns an attrs validator, a callable
``check(instance, attribute, value)`` that raises
:class:`~servicegov.errors.InvalidValue` with the house message
``'<field>' must be <allowed> (got <value>)``.  The field is named from the
attribute attrs passes, as attrs' own validators do; ``field=`` words it
instead (an element such as ``households[0]``, or a check called by hand
with no attribute).  attrs' own validators raise a bare ``TypeError`` and
word their messages for programmers, hence these.

There is one number check, :func:`real` (finite, with optional bounds, by
:func:`servicegov._numbers.is_real`, the one definition of a number), one
enum check, :func:`enum_member`, and one date check, :func:`plain_date`; the
``arg_*`` functions are the same checks for a function's arguments, where the
annotations alone cannot say enough (see :mod:`servicegov._arguments`).

The messages are part of the interface (tests match them), so a factory is
shared only where the check *and* its wording are the same for every caller;
checks that differ stay with their modules.

The factories do their work when called, at class definition; the returned
checks are small closures, because some of them run for every field of every
``Need`` of a district (hundreds of thousands of times).

Examples:
    >>> check = identifier(field="id")
    >>> check(None, None, "N1")
    >>> check(None, None, " N1")
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidValue: 'id' must be a non-empty id without surrounding spaces (got ' N1')
    >>> count(field="trim")(None, None, -1)
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidValue: 'trim' must be an integer of at least 0 (got -1)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from servicegov import divisions
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov.errors import InvalidType, InvalidValue

# The validators are typed ``Any``: the attrs plugin of mypy accepts them for a
# field of any type, as it does the module-local copies they replace.


def _name(field: str | None, attr: Any) -> str:
    # attrs passes the Attribute: its name is the field's, unless the caller
    # words the field itself (an element, "households[0]", or a check called
    # by hand with no attribute).
    return field if field is not None else str(attr.name)


def identifier(*, field: str | None = None) -> Any:
    """A non-empty string without leading or trailing whitespace."""

    def check(_inst: object, attr: Any, value: object) -> None:
        if not isinstance(value, str) or not value or value != value.strip():
            allowed = "a non-empty id without surrounding spaces"
            raise InvalidValue.for_field(_name(field, attr), value, allowed)

    return check


def text(*, field: str | None = None) -> Any:
    """A string with at least one non-space character."""

    def check(_inst: object, attr: Any, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue.for_field(_name(field, attr), value, "a non-empty string")

    return check


def enum_allowed(cls: type[LabelledEnum], value: object) -> str:
    """What a field of enum *cls* allows, worded for *value*: a member's own value
    string gets "the member, not the string", never a list that contains it."""
    if isinstance(value, str):
        for m in cls:
            if m.value == value:
                return f"{cls.__name__}.{m.name}, the member, not the string {value!r}"
    allowed = ", ".join(repr(m.value) for m in cls)
    return f"a {cls.__name__}: one of {allowed}"


def enum_member(cls: type[LabelledEnum], *, allowed: str | None = None, field: str | None = None) -> Any:
    """A member of the enum *cls* (exactly: not its value, not a member of a subclass).

    *allowed* words the message when the field has words of its own.

    Examples:
        >>> from servicegov.needs import NeedKind
        >>> enum_member(NeedKind, field="kind")(None, None, "livelihood")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'kind' must be NeedKind.LIVELIHOOD, the member, not the string
        'livelihood' (got 'livelihood')
    """

    def check(_inst: object, attr: Any, value: object) -> None:
        if type(value) is not cls:
            words = enum_allowed(cls, value) if allowed is None else allowed
            raise InvalidValue.for_field(_name(field, attr), value, words)

    return check


def arg_of(field: str, value: object, tp: type | tuple[type, ...], allowed: str) -> None:
    """Check a function's argument: an instance of *tp* (a bool is not a number)."""
    types = tp if isinstance(tp, tuple) else (tp,)
    if not isinstance(value, tp) or (isinstance(value, bool) and bool not in types):
        raise InvalidType.for_field(field, value, allowed)


def arg_date(field: str, value: object) -> dt.date:
    """Check a function's date argument: a ``datetime.date``, not a datetime or a string."""
    if type(value) is not dt.date:
        raise InvalidType.for_field(field, value, "a datetime.date (not a datetime or a string)")
    return value


def arg_enum(cls: type[LabelledEnum], field: str, value: object) -> None:
    """Check a function's enum argument, as :func:`enum_member` does a field."""
    if type(value) is not cls:
        raise InvalidType.for_field(field, value, enum_allowed(cls, value))


def arg_reals(field: str, values: object) -> list[float]:
    """Check a function's sequence of finite numbers (not a string, bools excluded)."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidValue.for_field(field, values, "a sequence of finite numbers")
    out: list[float] = []
    for i, v in enumerate(values):
        if not is_real(v):
            raise InvalidValue.for_field(f"{field}[{i}]", v, "a finite number")
        out.append(float(v))
    return out


def plain_date(allowed: str = "a datetime.date", *, field: str | None = None) -> Any:
    """A ``datetime.date`` that is not a ``datetime.datetime``.

    *allowed* words the expectation in the message.
    """

    def check(_inst: object, attr: Any, value: object) -> None:
        if type(value) is not dt.date:
            raise InvalidValue.for_field(_name(field, attr), value, allowed)

    return check


def of_type(tp: type, allowed: str, *, optional: bool = False, field: str | None = None) -> Any:
    """An instance of *tp* (or ``None`` too, if *optional*); *allowed* words the message."""
    if optional:

        def check_optional(_inst: object, attr: Any, value: object) -> None:
            if value is not None and not isinstance(value, tp):
                raise InvalidValue.for_field(_name(field, attr), value, allowed)

        return check_optional

    def check(_inst: object, attr: Any, value: object) -> None:
        if not isinstance(value, tp):
            raise InvalidValue.for_field(_name(field, attr), value, allowed)

    return check


def int_at_least(low: int, allowed: str | None = None, *, field: str | None = None) -> Any:
    """An ``int`` (not a ``bool``) of at least *low*.

    The message says ``an integer >= <low>`` unless *allowed* words it otherwise.
    """
    words = f"an integer >= {low}" if allowed is None else allowed

    def check(_inst: object, attr: Any, value: object) -> None:
        if type(value) is not int or value < low:
            raise InvalidValue.for_field(_name(field, attr), value, words)

    return check


def count(
    low: int = 0, high: int | None = None, *, allowed: str | None = None, field: str | None = None
) -> Any:
    """:func:`int_at_least`, worded ``an integer of at least <low>``; with *high*,
    also at most *high* — a bound for every count that drives an allocation, so a
    700-byte document cannot ask for 2**63 of anything.  *allowed* words the
    message when the field has words of its own.

    Examples:
        >>> count(2, 100_000, field="units")(None, None, 2**63)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'units' must be an integer from 2 to 100000 (got 9223372036854775808)
    """
    if high is None:
        return int_at_least(low, allowed or f"an integer of at least {low}", field=field)
    words = allowed or f"an integer from {low} to {high}"

    def check(_inst: object, attr: Any, value: object) -> None:
        if type(value) is not int or not low <= value <= high:
            raise InvalidValue.for_field(_name(field, attr), value, words)

    return check


def real(
    low: float | None = None,
    high: float | None = None,
    *,
    open_bounds: bool = False,
    allowed: str | None = None,
    field: str | None = None,
) -> Any:
    """A finite number (see :func:`~servicegov._numbers.is_real`) from *low* to *high*, either bound
    optional, and the bounds themselves excluded when *open_bounds*: the one
    number check of the models' fields.  *allowed* words the message when the
    field has words of its own ("a number of yuan >= 0").

    Examples:
        >>> real(0, allowed="a number of yuan >= 0", field="max_cost")(None, None, float("inf"))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'max_cost' must be a number of yuan >= 0 (got inf)
    """
    if allowed is not None:
        words = allowed
    elif low is not None and high is not None:
        between = f"strictly between {low} and {high}" if open_bounds else f"from {low} to {high}"
        words = f"a number {between}"
    elif low is not None:
        words = f"a number above {low}" if open_bounds else f"a number of at least {low}"
    elif high is not None:
        words = f"a number below {high}" if open_bounds else f"a number of at most {high}"
    else:
        words = "a finite number"

    def check(_inst: object, attr: Any, value: object) -> None:
        if not is_real(value):
            raise InvalidValue.for_field(_name(field, attr), value, words)
        if open_bounds:
            if (low is not None and value <= low) or (high is not None and value >= high):  # type: ignore[operator]
                raise InvalidValue.for_field(_name(field, attr), value, words)
        elif (low is not None and value < low) or (high is not None and value > high):  # type: ignore[operator]
            raise InvalidValue.for_field(_name(field, attr), value, words)

    return check


def division_code(*, field: str | None = None) -> Any:
    """A 12-digit division code of any level (see :func:`servicegov.divisions.validate_code`)."""

    def check(_inst: object, attr: Any, value: object) -> None:
        divisions.validate_code(value, field=_name(field, attr))

    return check

"""The errors servicegov raises.

Every error derives from :class:`ServicegovError`, and each concrete error also
derives from the matching built-in exception, so ``except ValueError`` code keeps
working.  Messages follow one formula: ``'<field>' must be <expectation> (got
<value>)``, and the field, the value and what is allowed are kept as attributes.

A value that looks like personal data (an ID-card number, a mobile number, a
Chinese name; see :mod:`servicegov._privacy`) is never repeated: the message
names its kind and shows it masked, and the ``value`` attribute holds the
masked form.

Examples:
    >>> from servicegov.errors import InvalidValue, ServicegovError
    >>> err = InvalidValue.for_field("urgency", 9, "an integer from 1 to 5")
    >>> str(err)
    "'urgency' must be an integer from 1 to 5 (got 9)"
    >>> isinstance(err, ServicegovError) and isinstance(err, ValueError)
    True
    >>> err.field, err.value
    ('urgency', 9)
    >>> err = InvalidValue.for_field("households[0]", "13812345678", "a pseudonymous id")
    >>> print(err)
    'households[0]' must be a pseudonymous id (got <a mobile number, masked 138****5678>)
    >>> err.value
    '138****5678'
"""

from __future__ import annotations

from typing import Any

from servicegov import _privacy

__all__ = [
    "ConfigurationError",
    "DuplicateId",
    "IllegalTransition",
    "InvalidType",
    "InvalidValue",
    "MissingExtra",
    "NoRuleInEffect",
    "RuleViolation",
    "ServicegovError",
    "StructureError",
    "UnknownReference",
]


_DIGITS = 11
"""The fewest digits a mobile number or an ID-card number has."""


def __dir__() -> list[str]:
    return __all__


class ServicegovError(Exception):
    """The root of every error servicegov raises.

    A message never holds an ID-card or a mobile number in full, even one
    built by hand around an id a platform took from a form: such numbers are
    masked wherever they stand in it.

    Attributes:
        field: the name or path of the offending field, or ``None``.
        value: the offending value, or ``None``; masked where it looks like
            personal data (so are such values inside a tuple, list, set or dict).
        allowed: what would have been accepted, in words, or ``None``.

    Examples:
        >>> try:
        ...     raise ServicegovError("something went wrong")
        ... except ServicegovError as e:
        ...     print(e)
        something went wrong
        >>> print(ServicegovError("claimant 13812345678 is over capacity"))
        claimant 138****5678 is over capacity
    """

    field: str | None
    value: Any
    allowed: str | None

    def __init__(
        self,
        msg: str,
        *,
        field: str | None = None,
        value: Any = None,
        allowed: str | None = None,
    ) -> None:
        # A message built by hand may quote an id, and an id may be a number
        # someone typed in: ID-card and mobile numbers are masked wherever they stand.
        if sum(c.isdigit() for c in msg) >= _DIGITS:
            msg = _privacy.masked(msg, names=False)
        super().__init__(msg)
        self.field = field
        # Personal data is never kept on an error: it may be logged or shown to anyone.
        self.value = _privacy.redacted(value)
        self.allowed = allowed

    @classmethod
    def for_field(cls, field: str, value: Any, allowed: str) -> ServicegovError:
        """Build the error with the house message ``'<field>' must be <allowed> (got <value>)``.

        A value that looks personal is shown as its kind and its masked form,
        and personal data in the field's path is masked too.

        Examples:
            >>> print(UnknownReference.for_field("category", "X9", "a code of the catalogue"))
            'category' must be a code of the catalogue (got 'X9')
            >>> print(InvalidValue.for_field("households[0]", "张三", "a pseudonymous id"))
            'households[0]' must be a pseudonymous id (got <a personal name, masked 张*>)
        """
        field = _privacy.masked(field)
        msg = f"'{field}' must be {allowed} (got {_privacy.shown(value)})"
        return cls(msg, field=field, value=value, allowed=allowed)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidValue(ServicegovError, ValueError):
    """A value is out of range, malformed or inconsistent with another field.

    Examples:
        >>> raise InvalidValue.for_field("code", "4201", "a 12-digit division code")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'code' must be a 12-digit division code (got '4201')
    """


class InvalidType(InvalidValue, TypeError):
    """A value of the wrong type: a string where a number, a date or a sequence
    belongs, ``None`` where a model belongs, an enum's value string where the
    member belongs.

    It is an :class:`InvalidValue` too, so code that catches that keeps working,
    and a ``TypeError``, the built-in Python raises for a wrong type.

    Examples:
        >>> from servicegov.screening import screen
        >>> screen(None)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidType: 'need' must be a Need (got None)
        >>> issubclass(InvalidType, TypeError) and issubclass(InvalidType, InvalidValue)
        True
    """


class DuplicateId(ServicegovError, ValueError):
    """Two records share an id where ids must be unique.

    Examples:
        >>> print(DuplicateId.for_field("needs[3].id", "N1", "unique"))
        'needs[3].id' must be unique (got 'N1')
    """


class UnknownReference(ServicegovError, KeyError):
    """A field names something that does not exist (a category, a unit, a branch).

    Examples:
        >>> isinstance(UnknownReference("x"), KeyError)
        True
    """


class IllegalTransition(ServicegovError, ValueError):
    """An event cannot be applied in the current state of a record.

    Examples:
        >>> print(IllegalTransition("event 'resolved' is not allowed in state 'collected'"))
        event 'resolved' is not allowed in state 'collected'
    """


class RuleViolation(ServicegovError, ValueError):
    """A domain rule is broken: a claimant over capacity, a reviewer reviewing themselves.

    Examples:
        >>> print(RuleViolation("reviewer 'm1' may not review themselves", field="reviewer"))
        reviewer 'm1' may not review themselves
    """


class NoRuleInEffect(ServicegovError, LookupError):
    """No version of an effective-dated rule has started on the date asked for.

    Examples:
        >>> isinstance(NoRuleInEffect("no rule"), LookupError)
        True
    """


class ConfigurationError(ServicegovError, ValueError):
    """A policy, scheme or preset is inconsistent (a cycle, an unknown category).

    Examples:
        >>> isinstance(ConfigurationError("cycle"), ValueError)
        True
    """


class StructureError(ServicegovError, ValueError):
    """Data could not be structured into a model; the message names the path.

    Attributes:
        problems: one line per problem, each ``"<description> @ $.path"``.

    Examples:
        >>> e = StructureError(["bad kind @ $.kind"])
        >>> print(e)
        invalid data: bad kind @ $.kind
        >>> e.problems
        ('bad kind @ $.kind',)
    """

    problems: tuple[str, ...]

    def __init__(self, problems: list[str] | tuple[str, ...], *, field: str | None = None) -> None:
        # A problem may quote the data it was given: mask what looks personal.
        self.problems = tuple(_privacy.masked(p) for p in problems)
        super().__init__("invalid data: " + "; ".join(self.problems), field=field)


class MissingExtra(ServicegovError, ImportError):
    """An optional dependency is needed but not installed.

    Examples:
        >>> print(MissingExtra.for_extra("optimal", "scipy"))
        this feature needs the 'optimal' extra: pip install 'servicegov[optimal]' (scipy is missing)
    """

    @classmethod
    def for_extra(cls, extra: str, package: str) -> MissingExtra:
        """Build the error for a missing *package* that the *extra* installs."""
        msg = (
            f"this feature needs the '{extra}' extra: pip install 'servicegov[{extra}]' "
            f"({package} is missing)"
        )
        return cls(msg, field=extra, value=package)

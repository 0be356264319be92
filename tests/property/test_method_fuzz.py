"""Fuzzing the public methods: a careless call on a model is refused with a ``ServicegovError``.

The companion of ``test_argument_fuzz.py`` for methods: for every public
method of every public class (``Organisation.unit``, ``Catalogue.with_items``,
``ScreeningRules.check``, ``WorkCalendar.add_workdays`` …), an instance is
drawn from the class's registered strategy and each argument from its
annotation or, for any of them, a junk value.  The call must return or raise
a ``ServicegovError`` — never an ``AttributeError`` or a bare ``TypeError``
from inside, and never a silent answer to a ``NaN`` (a grade for a total of
``NaN``).
"""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, ResolutionFailed

from servicegov.errors import InvalidType, ServicegovError

from .test_argument_fuzz import JUNK
from .test_argument_fuzz import MODULES as FUNCTION_MODULES

# The modules with public classes; org has no public functions.
MODULES = (*FUNCTION_MODULES, "org")

# Protocols have no instances of their own; the error constructors take any
# value by design (they are how a value is reported, whatever it is); a state
# machine's rules are called by Hypothesis with the values its bundles hold.
NOT_FUZZED = {"ServiceModel", "Platform", "ServicegovError", "PlatformMachine"}


def _public_methods() -> list[tuple[type, str, bool]]:
    out: list[tuple[type, str, bool]] = []
    seen: set[tuple[type, str]] = set()
    for name in MODULES:
        module = importlib.import_module(f"servicegov.{name}")
        for public in module.__all__:
            cls = getattr(module, public)
            if not inspect.isclass(cls) or not cls.__module__.startswith("servicegov"):
                continue
            for klass in cls.__mro__:
                if not klass.__module__.startswith("servicegov") or klass.__name__ in NOT_FUZZED:
                    continue
                for attr, value in vars(klass).items():
                    if attr.startswith("_") or (cls, attr) in seen:
                        continue
                    bound = isinstance(value, classmethod | staticmethod)
                    fn = value.__func__ if bound else value
                    if not inspect.isfunction(fn) or len(_parameters(fn)) == 0:
                        continue
                    seen.add((cls, attr))
                    out.append((cls, attr, bound))
    return out


def _parameters(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _function(cls: type, attr: str) -> Callable[..., Any]:
    value = inspect.getattr_static(cls, attr)
    fn = value.__func__ if isinstance(value, classmethod | staticmethod) else value
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    return typing.cast("Callable[..., Any]", fn)


METHODS = [m for m in _public_methods() if m[0].__name__ not in NOT_FUZZED]


def _strategy(tp: object) -> st.SearchStrategy[Any]:
    junk = st.sampled_from(JUNK)
    if tp is None or "~" in repr(tp):
        return junk
    try:
        good: st.SearchStrategy[Any] = st.from_type(tp)  # type: ignore[arg-type]
        good.validate()
    except (InvalidArgument, ResolutionFailed, TypeError):
        return junk
    return st.one_of(good, junk)


def test_the_public_methods_are_found() -> None:
    found = {f"{cls.__name__}.{attr}" for cls, attr, _ in METHODS}
    # A few that must be among them, one per kind of method (lookup, copy, rule, class method).
    assert {
        "Organisation.unit",
        "Catalogue.with_items",
        "ScreeningRules.check",
        "WorkCalendar.add_workdays",
        "KeywordTable.from_mapping",
        "Bands.grade",
    } <= found


@pytest.mark.parametrize(("cls", "attr", "bound"), METHODS, ids=[f"{c.__name__}.{a}" for c, a, _ in METHODS])
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_careless_call_of_a_method_is_refused_with_a_servicegov_error(
    cls: type, attr: str, bound: bool, data: st.DataObject
) -> None:
    owner: Any = cls if bound else data.draw(st.from_type(cls), label="instance")
    fn = _function(cls, attr)
    try:
        hints = typing.get_type_hints(fn)
    except NameError:
        hints = {}
    kwargs: dict[str, Any] = {}
    args: list[Any] = []
    for p in _parameters(fn):
        if p.name == "field":
            # The name a caller gives its own field in the error (Organisation.unit's
            # field="claimant"): the caller's words, not data.
            continue
        if p.default is not p.empty and not data.draw(st.booleans(), label=f"give {p.name}"):
            continue
        value = data.draw(_strategy(hints.get(p.name)), label=p.name)
        if p.kind is p.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[p.name] = value
    error: ServicegovError | None = None
    try:
        getattr(owner, attr)(*args, **kwargs)
    except ServicegovError as e:
        error = e
    if error is not None:
        assert str(error)
    if isinstance(error, InvalidType):
        assert isinstance(error, TypeError)
        assert error.field

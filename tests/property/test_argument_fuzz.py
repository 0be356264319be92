"""Fuzzing the public functions: a careless call is refused with a ``ServicegovError``.

For every public function of every public module, Hypothesis draws arguments
from the annotations (``st.from_type``, with every model's registered strategy)
and, for any of them, a junk value instead: ``None``, an ``object()``, NaN, an
infinity, a huge integer, a string where a date or a sequence belongs, bytes,
an empty list or dict, ``True``.  The call must return, or raise a
``ServicegovError`` (never an ``AttributeError``, a bare ``TypeError`` or
``KeyError`` from inside), and the error must be an instance of the built-in
its kind promises.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import math
import typing
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, ResolutionFailed

from servicegov import _arguments
from servicegov.assessment import Grade
from servicegov.errors import InvalidType, ServicegovError
from servicegov.needs import NeedKind
from servicegov.org import Tier

MODULES = (
    "agreement",
    "assessment",
    "assignment",
    "calendar",
    "claiming",
    "claims",
    "divisions",
    "labels",
    "ledger",
    "lifecycle",
    "needs",
    "pipeline",
    "projects",
    "routing",
    "scoring",
    "screening",
    "serialization",
    "simulation",
    "surveys",
    "testing",
    "weighting",
)

JUNK: tuple[object, ...] = (
    None,
    object(),
    math.nan,
    math.inf,
    -math.inf,
    10**30,
    -1,
    True,
    1.5,
    "x",
    "2025-01-01",
    b"x",
    [],
    {},
    (1,),
)

# Sizes that drive real work, not junk: a whole preset district or a million
# replications is a long call by request, so these parameters get junk only.
JUNK_ONLY = {
    ("simulation", "generate", "preset"),
    ("simulation", "service_list", "preset"),
    ("simulation", "calibrate", "preset"),
    ("simulation", "monte_carlo", "experiment"),
    ("simulation", "monte_carlo", "replications"),
    ("simulation", "replication_seeds", "n"),
}

# A stage's result carries the earlier stages' output: a value drawn field by
# field is not one any stage returns, so these take junk or a real result only.
STAGE_RESULTS = {"Intake", "FollowUp", "Claiming", "Judging"}


def _public_functions() -> list[tuple[str, str, Callable[..., Any]]]:
    out: list[tuple[str, str, Callable[..., Any]]] = []
    for name in MODULES:
        module = importlib.import_module(f"servicegov.{name}")
        for public in module.__all__:
            value = getattr(module, public)
            if inspect.isfunction(value):
                out.append((name, public, value))
    return out


FUNCTIONS = _public_functions()


def _hints(fn: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(_arguments.unchecked(fn))
    except NameError:
        return {}


def _strategy(module: str, fn: Callable[..., Any], p: inspect.Parameter, hints: dict[str, Any]) -> Any:
    junk = st.sampled_from(JUNK)
    tp = hints.get(p.name)
    if tp is None or (module, fn.__name__, p.name) in JUNK_ONLY:
        return junk
    if "~" in repr(tp):
        # A type variable admits any type, and drawing "any type" draws
        # every registered model: junk says as much about the checks.
        return junk
    if getattr(tp, "__name__", "") in STAGE_RESULTS:
        return junk
    if inspect.isclass(tp) and issubclass(tp, enum.Enum) and not len(tp):
        # Any enum at all (labels): a few of servicegov's members will do.
        return st.one_of(st.sampled_from([NeedKind.LIVELIHOOD, Grade.EXCELLENT, Tier.TOWN]), junk)
    try:
        good = st.from_type(tp)
        good.validate()  # from_type is lazy: an annotation it cannot draw (Any, a protocol) fails here
    except (InvalidArgument, ResolutionFailed, TypeError):
        return junk
    return st.one_of(good, junk)


@pytest.mark.parametrize(("module", "name", "fn"), FUNCTIONS, ids=[f"{m}.{n}" for m, n, _ in FUNCTIONS])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_a_careless_call_is_refused_with_a_servicegov_error(
    module: str, name: str, fn: Callable[..., Any], data: st.DataObject
) -> None:
    hints = _hints(fn)
    kwargs: dict[str, Any] = {}
    args: list[Any] = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.default is not p.empty and not data.draw(st.booleans(), label=f"give {p.name}"):
            continue
        value = data.draw(_strategy(module, fn, p, hints), label=p.name)
        if p.kind is p.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[p.name] = value
    error: ServicegovError | None = None
    try:
        fn(*args, **kwargs)
    except ServicegovError as e:
        error = e
    if error is not None:
        assert str(error)
    if isinstance(error, InvalidType):
        assert isinstance(error, TypeError)
        assert isinstance(error, ValueError)
        assert error.field


def test_every_public_function_checks_its_arguments() -> None:
    # The public object must be the checking wrapper itself: a wrapper of the
    # package's own around it (the pipeline's garbage-collector pause) would be
    # the checks' caller, which looks internal, and the checks would be skipped.
    registered = set(_arguments.registered())

    unchecked = [f"{m}.{n}" for m, n, fn in FUNCTIONS if fn not in registered]

    assert unchecked == []


def test_every_annotation_of_a_checked_function_is_read() -> None:
    # An annotation that cannot be read goes unchecked: none may.
    assert _arguments.unresolved() == {}

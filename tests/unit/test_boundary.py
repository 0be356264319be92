"""Public functions check their arguments: a wrong type or NaN is a ServicegovError naming it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from servicegov import simulation
from servicegov.assessment import rank
from servicegov.assignment import blocking_pairs
from servicegov.errors import InvalidValue, ServicegovError
from servicegov.needs import Need, NeedKind, Scope
from servicegov.routing import escalate, route
from servicegov.scoring import Satisfaction, satisfaction_rate, trimmed_mean
from servicegov.screening import screen
from servicegov.weighting import critic, entropy

SMALL = simulation.generate("small", seed=0)
NEED = SMALL.needs[0]
DAY = dt.date(2025, 3, 10)
ROUTE = route(NEED, SMALL.organisation, as_of=DAY, calendar=SMALL.calendar)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: screen(None, as_of=DAY), "need"),  # type: ignore[arg-type]
        (lambda: screen(NEED, as_of="2025-04-01"), "as_of"),  # type: ignore[arg-type]
        (lambda: screen(NEED, as_of=dt.datetime(2025, 4, 1)), "as_of"),
        (lambda: screen(NEED, "rules", as_of=DAY), "rules"),  # type: ignore[arg-type]
        (lambda: route(NEED, SMALL.organisation, as_of=DAY, start_tier="town"), "start_tier"),  # type: ignore[arg-type]
        (lambda: route(NEED, SMALL.organisation, as_of=DAY, priority=float("nan")), "priority"),
        (lambda: route("N1", SMALL.organisation, as_of=DAY), "need"),  # type: ignore[arg-type]
        (lambda: route(NEED, SMALL.organisation, as_of=DAY, load=[1]), "load"),  # type: ignore[arg-type]
        (lambda: escalate(ROUTE, NEED, SMALL.organisation, as_of="2025-04-01"), "as_of"),  # type: ignore[arg-type]
        (lambda: escalate(ROUTE, NEED, SMALL.organisation, as_of=DAY, why="deadline-passed"), "why"),  # type: ignore[arg-type]
        (lambda: trimmed_mean(["a"]), r"values\[0\]"),  # type: ignore[list-item]
        (lambda: trimmed_mean([80, float("nan")]), r"values\[1\]"),
        (lambda: trimmed_mean("80"), "values"),  # type: ignore[arg-type]
        (lambda: satisfaction_rate(["satisfied"]), r"ratings\[0\]"),  # type: ignore[list-item]
        (lambda: satisfaction_rate("satisfied"), "ratings"),  # type: ignore[arg-type]
        (lambda: rank({"a": float("nan"), "b": 1.0}), r"totals\['a'\]"),
        (lambda: rank([("a", 1.0)]), "totals"),  # type: ignore[arg-type]
        (lambda: blocking_pairs({"n1": "a", "n2": "a"}, {"n1": ["a"], "n2": ["a"]}, {"a": ["n1", "n2"]},
                                {"a": 1}), "matching"),
        (lambda: simulation.generate(["small"]), "preset"),  # type: ignore[arg-type]
    ],
)
def test_a_bad_argument_is_a_servicegov_error_naming_it(call: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidValue, match=f"'{field}'") as info:
        call()
    assert isinstance(info.value, ServicegovError)
    assert isinstance(info.value, ValueError)


def test_an_enum_value_string_is_told_to_pass_the_member() -> None:
    with pytest.raises(InvalidValue) as info:
        Need(id="N1", village=NEED.village, kind="livelihood", category="health",  # type: ignore[arg-type]
             scope=Scope.INDIVIDUAL, households=("h",), collected=DAY)
    message = str(info.value)
    assert "NeedKind.LIVELIHOOD" in message
    assert "one of" not in message
    with pytest.raises(InvalidValue, match="one of 'development', 'livelihood', 'emotional'"):
        Need(id="N1", village=NEED.village, kind="wish", category="health",  # type: ignore[arg-type]
             scope=Scope.INDIVIDUAL, households=("h",), collected=DAY)
    assert NeedKind.LIVELIHOOD.value == "livelihood"


def test_a_satisfied_string_no_longer_counts_as_a_dissatisfied_rating() -> None:
    assert 1.0 == satisfaction_rate([Satisfaction.SATISFIED])


def test_weights_of_huge_entries_do_not_overflow() -> None:
    assert (0.0, 1.0) == entropy([[1e308, 1], [1e308, 2]])
    huge = entropy([[1e308, 1], [1e307, 2]])
    assert huge == pytest.approx(entropy([[10.0, 1], [1.0, 2]]))
    assert sum(critic([[1e308, 1], [1e307, 2], [5e307, 3]])) == pytest.approx(1.0)

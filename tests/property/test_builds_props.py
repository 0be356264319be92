"""``st.builds(Model)`` with nothing else given, for every public model.

The policy under test: for every attrs class in a public ``__all__``,
``hypothesis.strategies.builds(Model)`` generates only instances that the
model's own checks accept (results that check nothing, such as
``AssessmentResult``, take what Hypothesis gives, ``inf`` included), or the
model is listed, with the reason, in the table of
docs/testing-with-hypothesis.md ("What `st.builds` cannot infer").  The table
is read here, so it cannot go stale: a listed model must really fail, and a
model that fails must be listed.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from servicegov.errors import ServicegovError
from tests.unit.strategies_cases import PUBLIC_MODULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing-with-hypothesis.md"
_ROW = re.compile(r"^\| `([\w.]+)` \|", re.MULTILINE)


def _public_models() -> dict[str, type]:
    """Every public model under the name the docs use: ``<module>.<Class>``."""
    out: dict[str, type] = {}
    for modname in PUBLIC_MODULES:
        module = importlib.import_module(modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                out[f"{modname.removeprefix('servicegov.')}.{name}"] = obj
    return out


def _listed() -> set[str]:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("### What `st.builds` cannot infer")
    end = text.index("\n#", start + 1)
    return set(_ROW.findall(text[start:end]))


MODELS = _public_models()
CANNOT = _listed()
CAN = sorted(set(MODELS) - CANNOT)

_SETTINGS = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def test_the_table_names_only_public_models() -> None:
    assert set() == CANNOT - set(MODELS)
    assert {"scoring.Review", "calendar.Period"} <= CANNOT
    assert {"needs.Category", "lifecycle.Collected", "org.Member"} <= set(CAN)


@pytest.mark.parametrize("name", CAN)
def test_builds_alone_generates_valid_models(name: str) -> None:
    model = MODELS[name]

    @_SETTINGS
    @given(st.builds(model))
    def check(value: object) -> None:
        assert type(value) is model
        attrs.validate(value)  # type: ignore[arg-type]

    check()


@pytest.mark.parametrize("name", sorted(CANNOT))
def test_a_model_the_docs_list_really_needs_more_than_builds(name: str) -> None:
    model = MODELS[name]

    # No shrinking: finding one refusal is the point, and shrinking it is slow.
    @settings(_SETTINGS, max_examples=1000, phases=[Phase.generate], report_multiple_bugs=False)
    @given(st.builds(model))
    def check(value: object) -> None:
        pass

    with pytest.raises(ServicegovError):
        check()


def test_a_given_argument_is_enough_for_a_cross_field_rule() -> None:
    from servicegov.scoring import Review, Satisfaction

    @_SETTINGS
    @given(st.builds(Review, satisfaction=st.sampled_from(Satisfaction)))
    def check(review: Review) -> None:
        assert review.reviewer.strip() == review.reviewer != ""

    check()

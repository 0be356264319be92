"""Fitting a preset to the seeds' figures, and saying how close it came."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from servicegov._arguments import checked
from servicegov._convert import to_tuple
from servicegov.errors import InvalidValue
from servicegov.pipeline import intake
from servicegov.screening import Verdict
from servicegov.simulation._presets import PRESETS, Preset, generate

__all__ = ["FIGURES", "Calibration", "calibrate", "service_list"]

FIGURES: Mapping[str, str] = {
    "service_list": "items accepted onto the service list (服务清单) after consolidation and screening",
}
"""The figures :func:`calibrate` fits, with what each counts.

Seed 001 reports 102,311 service-list items from 259,650 needs in Xinzhou.

Examples:
    >>> sorted(FIGURES)
    ['service_list']
"""


@checked
def service_list(preset: Preset | str, *, seed: int = 0) -> int:
    """How many items a generated district puts on its service list (服务清单).

    Examples:
        >>> service_list("small")
        2479
    """
    taken = intake(generate(preset, seed=seed))
    return sum(1 for s in taken.screenings.values() if s.verdict is Verdict.ACCEPTED)


@attrs.frozen(kw_only=True)
class Calibration:
    """A preset fitted to target figures, with the parameters it changed and the residuals.

    Attributes:
        preset: the fitted preset.
        parameters: ``(name, value)`` of each parameter fitted.
        residuals: ``(figure, target, achieved, relative error)`` for each target,
            measured on the fitted preset at full scale.
    """

    preset: Preset
    parameters: tuple[tuple[str, float], ...] = attrs.field(converter=to_tuple)
    residuals: tuple[tuple[str, float, float, float], ...] = attrs.field(converter=to_tuple)

    @property
    def worst(self) -> float:
        """The largest relative error, in absolute value."""
        return max((abs(r) for *_, r in self.residuals), default=0.0)


def _scaled(p: Preset, villages: int) -> Preset:
    """A smaller copy with the same needs per village, towns and departments scaled alike."""
    if villages >= p.villages:
        return p
    share = villages / p.villages
    return attrs.evolve(
        p, villages=villages, towns=max(1, round(p.towns * share)), needs=round(p.needs * share),
        departments=max(1, round(p.departments * share)), projects=round(p.projects * share),
    )


@checked
def calibrate(
    preset: Preset | str,
    targets: Mapping[str, float],
    *,
    seed: int = 0,
    fit_villages: int = 30,
    tolerance: float = 0.002,
) -> Calibration:
    """Fit a preset's documented parameters to target figures and report the residuals.

    ``service_list`` is fitted through ``common_share``, the share of requests
    for a common good (共性需求): requests for the same good in one village are
    merged into one service-list item, so it sets how far 259,650 needs shrink.
    The fit bisects on a copy of the preset scaled down to *fit_villages*
    villages with the same needs per village (merging happens within a village,
    so the share carries over), then measures the residual at full scale.

    Args:
        preset: a preset or its name.
        targets: figure name (one of :data:`FIGURES`) → the target count at full scale.
        seed: the seed of the generated districts.
        fit_villages: the size of the scaled copy the bisection runs on.
        tolerance: stop when the scaled copy's share is this close to the target's.

    Raises:
        InvalidValue: for an unknown figure, a target that is not a positive
            number, or one no value of the parameter can reach.

    Examples:
        >>> c = calibrate("small", {"service_list": 1600}, fit_villages=10)
        >>> dict(c.parameters)["common_share"] > 0.25, c.worst < 0.03
        (True, True)
    """
    if isinstance(preset, str):
        if preset not in PRESETS:
            allowed = ", ".join(map(repr, PRESETS))
            raise InvalidValue.for_field("preset", preset, f"one of {allowed}, or a Preset")
        preset = PRESETS[preset]
    elif not isinstance(preset, Preset):
        raise InvalidValue.for_field("preset", preset, "a Preset or a preset's name")
    if not isinstance(targets, Mapping) or not targets:  # type: ignore[redundant-expr]
        raise InvalidValue.for_field("targets", targets, "a non-empty mapping {figure: count}")
    for name, value in targets.items():
        if name not in FIGURES:
            raise InvalidValue.for_field("targets", name, f"figures among {sorted(FIGURES)}")
        number = isinstance(value, int | float) and not isinstance(value, bool)  # type: ignore[redundant-expr]
        if not number or not math.isfinite(value) or not 0 < value <= preset.needs:
            raise InvalidValue.for_field(f"targets[{name!r}]", value, f"a number from 1 to {preset.needs}")
    if type(seed) is not int:
        raise InvalidValue.for_field("seed", seed, "an integer")
    if type(fit_villages) is not int or fit_villages < 1:
        raise InvalidValue.for_field("fit_villages", fit_villages, "an integer >= 1")
    share = targets["service_list"] / preset.needs
    small = _scaled(preset, fit_villages)

    def accepted(common: float) -> float:
        return service_list(attrs.evolve(small, common_share=common), seed=seed) / small.needs

    low, high = 0.0, 0.95
    if not accepted(high) <= share <= accepted(low):
        raise InvalidValue.for_field(
            "targets['service_list']", targets["service_list"],
            "a count that some share of common needs from 0 to 0.95 can give",
        )
    common = preset.common_share
    for _ in range(30):
        common = (low + high) / 2
        got = accepted(common)
        if abs(got - share) <= tolerance:
            break
        # More common requests merge into fewer items.
        low, high = (common, high) if got > share else (low, common)
    fitted = attrs.evolve(preset, common_share=round(common, 4))
    achieved = service_list(fitted, seed=seed)
    target = float(targets["service_list"])
    return Calibration(
        preset=fitted,
        parameters=(("common_share", fitted.common_share),),
        residuals=(("service_list", target, float(achieved), (achieved - target) / target),),
    )

"""How much of a panel should be drawn at random?  An experiment for 阳光测评.

The seeds ask that evaluation forms be handed out increasingly at random
(提高测评表随机发放比重, "阳光测评", seed 002), so that units cannot game their
residents' rating by handing the forms to friends.  :class:`RandomShare`
varies the random share *p* of each unit's residents' panel
(:func:`servicegov.surveys.draw_panel`) and reports, for every *p*, how close
the ranking is to the truth and how many places the gaming units climb.

Like the experiments of :class:`~servicegov.simulation.RankingStability` and
its siblings, it is a frozen, picklable callable of one integer seed, so it
runs under :func:`servicegov.simulation.monte_carlo` in-process or on any
executor with identical results.

Examples:
    >>> from servicegov.simulation import World, monte_carlo
    >>> e = RandomShare(world=World(units=10), shares=(0.0, 1.0), roster=30)
    >>> result = monte_carlo(e, 20, seed=1)
    >>> [round(sum(r.gain[i] for r in result.runs) / 20, 2) for i in range(2)]
    [1.08, 0.57]
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

import attrs

from servicegov._numbers import is_real
from servicegov.assessment import Assessment
from servicegov.errors import InvalidValue
from servicegov.simulation._experiments import (
    World,
    _assess,
    _check_targets,
    _gain,
    _instance,
    _real,
    _ring_targets,
    _to_targets,
)
from servicegov.simulation._metrics import kendall_tau
from servicegov.simulation._montecarlo import _nan_key
from servicegov.simulation._raters import Leniency
from servicegov.surveys import draw_panel

__all__ = [
    "RandomShare",
    "RandomShareResult",
]


def __dir__() -> list[str]:
    return __all__


DEFAULT_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
"""The random shares :class:`RandomShare` tries by default: none, a quarter, half, three quarters, all."""


def _nan_keys(values: tuple[float, ...]) -> tuple[object, ...]:
    """Compare ``nan`` equal to ``nan`` in a tuple of statistics."""
    return tuple(_nan_key(v) for v in values)


def _to_floats(value: Iterable[float]) -> Any:
    # A string (or a number) stays as given, for the validator to refuse by name.
    supplied: object = value
    if isinstance(supplied, str) or not isinstance(supplied, Iterable):
        return supplied
    return tuple(float(p) if is_real(p) else p for p in supplied)


def _check_shares(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    allowed = "a non-empty tuple of numbers from 0 to 1"
    if not isinstance(value, tuple) or not value:
        raise InvalidValue.for_field("shares", value, allowed)
    for i, p in enumerate(value):
        if not is_real(p) or not 0 <= p <= 1:
            raise InvalidValue.for_field(f"shares[{i}]", p, "a number from 0 to 1")


@attrs.frozen(kw_only=True)
class RandomShareResult:
    """Rankings at each random share of the residents' panels.

    Attributes:
        shares: the random shares tried, in the experiment's order.
        tau: for each share, Kendall's τ-b between the true and the assessed
            totals; ``nan`` (``null`` in JSON) when either gives every unit the
            same total.
        gain: for each share, the mean places the gaming units climbed above
            their true rank (negative when they fell).
    """

    shares: tuple[float, ...]
    tau: tuple[float, ...] = attrs.field(eq=_nan_keys)
    gain: tuple[float, ...]


def _configure(converter: Any) -> None:
    # τ is undefined when a side ties every unit: null in JSON, element by element.
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    from servicegov._strict import objects_only

    def unstructure(values: tuple[float, ...]) -> list[float | None]:
        return [None if math.isnan(v) else v for v in values]

    def structure(values: Any, _cl: Any) -> tuple[float, ...]:
        if not isinstance(values, list | tuple):
            raise ValueError(f"expected a list of numbers or nulls (got {values!r})")
        return tuple(math.nan if v is None else converter.structure(v, float) for v in values)

    cl = RandomShareResult
    converter.register_unstructure_hook(
        cl, make_dict_unstructure_fn(cl, converter, tau=override(unstruct_hook=unstructure))
    )
    converter.register_structure_hook(
        cl, objects_only(make_dict_structure_fn(cl, converter, tau=override(struct_hook=structure)))
    )


def _check_roster(inst: RandomShare, _attr: attrs.Attribute[Any], value: object) -> None:
    n = inst.world.residents
    if type(value) is not int or value < n:
        raise InvalidValue.for_field("roster", value, f"an integer of at least the panel size ({n})")


def _totals(a: Assessment) -> dict[str, float]:
    return {r.reviewee: r.total for r in a.results}


@attrs.frozen(kw_only=True)
class RandomShare:
    """Does handing more forms out at random (阳光测评) resist gaming?

    Every unit serves a population of *roster* residents and names
    ``world.residents`` of them as its evaluators.  The gaming units (*targets*)
    name friends, who rate them *inflation* points higher than they would;
    the other units name residents at random, who rate them honestly.  For
    each random share *p* in *shares*, each unit's residents' panel is
    :func:`servicegov.surveys.draw_panel`: ``round(p × world.residents)``
    seats drawn at random from the whole population, the rest the first of
    the unit's own list.  A friend drawn at random is still a friend, so at
    ``p = 1`` a gaming unit keeps the friends a random draw happens to seat.

    Within a replication, every *p* uses the same evaluators' lists, the
    same draw seed (so a larger *p* keeps the residents a smaller one drew)
    and the same random stream for the ratings, so that the panels are the
    only difference between the shares.  Each share's ranking is compared
    with the truth: Kendall's τ and the mean places the gaming units climbed.

    Attributes:
        world: the units, the scheme and the raters.
        shares: the random shares to try, each from 0 to 1.
        roster: the residents each unit serves, at least ``world.residents``.
        inflation: how many points a gaming unit's friends add to its rating.
        targets: the gaming units, or how many, spread over the true ranking
            (see :meth:`gaming_units`).

    Examples:
        >>> e = RandomShare(world=World(units=10), roster=30)
        >>> sorted(e.gaming_units())
        ['u02', 'u03', 'u05']
        >>> r = e(3)
        >>> r.shares
        (0.0, 0.25, 0.5, 0.75, 1.0)
        >>> [round(t, 2) for t in r.tau], [round(g, 2) for g in r.gain]
        ([0.82, 0.82, 0.78, 0.96, 0.96], [1.33, 1.33, 1.33, 0.33, -0.33])
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    shares: tuple[float, ...] = attrs.field(
        default=DEFAULT_SHARES, converter=_to_floats, validator=_check_shares
    )
    roster: int = attrs.field(default=60, validator=_check_roster)
    inflation: float = attrs.field(default=15.0, validator=_real("inflation", 0))
    targets: int | tuple[str, ...] = attrs.field(default=3, converter=_to_targets, validator=_check_targets)

    def gaming_units(self) -> frozenset[str]:
        """The units that game: *targets*, or that many at even steps down the true ranking."""
        return _ring_targets(self.world, self.targets)

    def __call__(self, seed: int) -> RandomShareResult:
        rng = random.Random(seed)
        w = self.world
        units = w.unit_ids
        size = w.residents
        width = len(str(self.roster))
        rosters = {u: [f"{u}-h{j:0{width}d}" for j in range(1, self.roster + 1)] for u in units}
        named = {u: rng.sample(rosters[u], size) for u in units}
        draw_seed = rng.randrange(2**32)
        gaming = self.gaming_units()
        friends = tuple(
            Leniency(bias=self.inflation, raters=named[u]) for u in sorted(gaming) if self.inflation
        )
        scheme = w.scheme()
        true = _assess(scheme, w.truth(), w.bands)
        state = rng.getstate()
        tau: list[float] = []
        gain: list[float] = []
        for p in self.shares:
            panels = {
                u: draw_panel(named[u], rosters[u], size=size, random_share=p, seed=draw_seed).members
                for u in units
            }
            rng.setstate(state)
            seen = _assess(scheme, w.values(w.rate(rng, panels=panels, residents=friends)), w.bands)
            tau.append(kendall_tau(_totals(true), _totals(seen)))
            gain.append(_gain(true, seen, gaming))
        # A tuple of its own, not the experiment's: runs pickle alike wherever they ran.
        shares = tuple(float(p) for p in self.shares)
        return RandomShareResult(shares=shares, tau=tuple(tau), gain=tuple(gain))

"""Strategies for :mod:`servicegov.routing`: policies, and the routes that
:func:`~servicegov.routing.route` gives.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from servicegov import routing
from servicegov.calendar import CHINA_2025
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue
from servicegov.org import ProviderKind, Tier
from servicegov.strategies._common import (
    _COST,
    _DATE,
    _ID,
    _YES,
    _check_catalogue,
    _check_size,
    _floats,
    _texts,
)
from servicegov.strategies.calendar import work_calendars
from servicegov.strategies.needs import _needs
from servicegov.strategies.org import organisations

__all__ = [
    "competences",
    "cost_ceilings",
    "deadline_rules",
    "hops",
    "routed_results",
    "routes",
    "routing_policies",
    "unroutable_results",
]


def __dir__() -> list[str]:
    return __all__


def competences(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.Competence]:
    """Competence entries: units of a kind at a tier solve some categories of
    *catalogue* (default: the 16), or every category when the set is empty.

    Shrinks towards grid-tier Party organisations competent for every category.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(competences())
        ... def check(competence):
        ...     assert competence.categories <= set(DEFAULT_CATALOGUE.codes)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        routing.Competence,
        tier=st.sampled_from(Tier),
        kind=st.sampled_from(ProviderKind),
        categories=st.frozensets(st.sampled_from(cat.codes), max_size=4),
    )


def cost_ceilings() -> st.SearchStrategy[routing.CostCeiling]:
    """Cost ceilings: a tier and the most it funds for one need, in yuan (at least 0).

    Shrinks towards a grid ceiling of 0 yuan.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(cost_ceilings())
        ... def check(ceiling):
        ...     assert ceiling.max_cost >= 0
        >>> check()
    """
    return st.builds(routing.CostCeiling, tier=st.sampled_from(Tier), max_cost=_COST)


_WORKDAYS = st.integers(0, 30)


_HOURS = st.none() | st.integers(0, 96)


@st.composite
def _deadline_rules(draw: st.DrawFn, cat: Catalogue, general: bool) -> routing.DeadlineRule:
    category = draw(st.none() | st.sampled_from(cat.codes))
    # With general=False the rule is never (tier, no category, priority 0), the
    # key of the general rule every generated policy has for each tier.
    low = 0.0 if general or category is not None else 0.5
    return routing.DeadlineRule(
        tier=draw(st.sampled_from(Tier)),
        workdays=draw(_WORKDAYS),
        category=category,
        min_priority=draw(_floats(low, 10.0)),
        hours=draw(_HOURS),
    )


def deadline_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.DeadlineRule]:
    """Deadline rules: a tier's time limit in working days (or hours, for
    emergencies), for every category or one of *catalogue* (default: the 16),
    from a priority up.

    Shrinks towards a general grid rule of 0 working days from priority 0.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(deadline_rules())
        ... def check(rule):
        ...     assert rule.workdays >= 0 and (rule.hours is None or rule.hours >= 0)
        >>> check()
    """
    return _deadline_rules(_check_catalogue(catalogue), True)


@st.composite
def _routing_policies(draw: st.DrawFn, cat: Catalogue) -> routing.RoutingPolicy:
    general = [routing.DeadlineRule(tier=t, workdays=draw(_WORKDAYS), hours=draw(_HOURS)) for t in Tier]
    specific = draw(
        st.lists(
            _deadline_rules(cat, False), max_size=4, unique_by=lambda d: (d.tier, d.category, d.min_priority)
        )
    )
    return routing.RoutingPolicy(
        competence=draw(st.lists(competences(catalogue=cat), max_size=8)),
        cost_ceilings=draw(st.lists(cost_ceilings(), max_size=len(Tier), unique_by=lambda c: c.tier)),
        deadlines=draw(st.permutations(general + specific)),
        mode=draw(st.sampled_from(routing.Mode)),
        use_backstop=draw(_YES),
        respect_capacity=draw(_YES),
        escalate_overdue=draw(_YES),
        start_tier=draw(st.sampled_from(Tier)),
    )


def routing_policies(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.RoutingPolicy]:
    """Routing policies: the default policy of *catalogue* (default: the 16), or
    generated competence, at most one cost ceiling per tier, and deadline rules
    with a general rule for every tier (so every tier has a time limit) and at
    most one rule per tier, category and priority; every category named is in
    *catalogue*.

    Shrinks towards :func:`~servicegov.routing.default_policy` of *catalogue*.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routing_policies())
        ... def check(policy):
        ...     assert policy.check(DEFAULT_CATALOGUE) is policy
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.just(routing.default_policy(cat)) | _routing_policies(cat)


@st.composite
def _hops(draw: st.DrawFn) -> routing.Hop:
    low, high = sorted(draw(st.lists(st.sampled_from(Tier), min_size=2, max_size=2, unique=True)))
    return routing.Hop(
        from_unit=draw(_ID),
        from_tier=low,
        to_unit=draw(_ID),
        to_tier=high,
        why=draw(st.sampled_from(routing.EscalationReason)),
        on=draw(_DATE),
    )


def hops() -> st.SearchStrategy[routing.Hop]:
    """Escalations from a unit at one tier to a unit at a higher tier, with a reason and a date.

    Shrinks towards a grid-to-Party-group hop for want of a competent unit.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(hops())
        ... def check(hop):
        ...     assert hop.from_tier < hop.to_tier
        >>> check()
    """
    return _hops()


@st.composite
def _routed_results(draw: st.DrawFn) -> routing.RoutedTo:
    since = draw(_DATE)
    return routing.RoutedTo(
        unit=draw(_ID),
        tier=draw(st.sampled_from(Tier)),
        due=since + dt.timedelta(days=draw(st.integers(0, 60))),
        channel=draw(st.sampled_from(routing.Channel)),
        since=since,
    )


def routed_results() -> st.SearchStrategy[routing.RoutedTo]:
    """Routing results in which a unit holds a need, due on or after the day it got it.

    Shrinks towards a grid unit that got the need on 2000-01-01, due the same day.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routed_results())
        ... def check(routed):
        ...     assert routed.since <= routed.due
        >>> check()
    """
    return _routed_results()


def unroutable_results() -> st.SearchStrategy[routing.Unroutable]:
    """Routing results in which no unit can take a need, with a detail text.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(unroutable_results())
        ... def check(result):
        ...     assert result.reason is routing.UnroutableReason.NO_UNIT
        >>> check()
    """
    return st.builds(routing.Unroutable, reason=st.sampled_from(routing.UnroutableReason), detail=_texts())


@st.composite
def _routes(draw: st.DrawFn, max_escalations: int) -> routing.Route:
    organisation = draw(organisations(min_villages=1, max_villages=2, members=False))
    villages = st.sampled_from(organisation.villages)
    need = draw(_needs(villages, st.sampled_from(DEFAULT_CATALOGUE.categories), _ID))
    policy = draw(routing_policies())
    calendar = draw(st.just(CHINA_2025) | work_calendars(max_size=4))
    load = draw(
        st.dictionaries(st.sampled_from([u.id for u in organisation.units]), st.integers(0, 3), max_size=3)
    )
    as_of = draw(_DATE)
    priority = draw(st.none() | _floats(0.0, 10.0))
    result = routing.route(
        need, organisation, policy, as_of=as_of, calendar=calendar, priority=priority, load=load
    )
    for _ in range(draw(st.integers(0, max_escalations))):
        if not isinstance(result.result, routing.RoutedTo):
            break
        as_of = result.result.due + dt.timedelta(days=1)
        result = routing.escalate(
            result, need, organisation, policy, as_of=as_of, calendar=calendar, priority=priority, load=load
        )
    return result


def routes(*, max_escalations: int = 2) -> st.SearchStrategy[routing.Route]:
    """Routes produced by :func:`~servicegov.routing.route` for a need of a generated
    organisation under :func:`routing_policies`, with a working calendar and some
    units already loaded, then escalated up to *max_escalations* times with
    :func:`~servicegov.routing.escalate` when a unit holds it.  Every hop, due date
    and channel is therefore one routing really gives; a policy without a
    backstop makes some needs :class:`~servicegov.routing.Unroutable`.

    Shrinks towards the default policy routing the simplest need of a
    one-village organisation, with no escalation.

    Raises:
        InvalidArgument: when *max_escalations* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routes())
        ... def check(route):
        ...     assert route.routed == isinstance(route.result, routing.RoutedTo)
        >>> check()
    """
    _check_size("max_escalations", max_escalations, "max_escalations", None)
    return _routes(max_escalations)

"""Properties of `servicegov.routing`: every need is placed and each hop climbs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicegov.needs import DEFAULT_CATALOGUE, Group, Scope
from servicegov.routing import DEFAULT_POLICY, Channel, RoutedTo, route

from ..unit.routing_cases import DAY, ORG, PLAIN, _need


@given(
    cost=st.floats(min_value=0, max_value=5e6, allow_nan=False),
    category=st.sampled_from(DEFAULT_CATALOGUE.codes),
    scope=st.sampled_from(Scope),
    hardship=st.booleans(),
    load=st.dictionaries(
        st.sampled_from(["V-VC", "V-VT", "V-PG", "V-G", "T-agri", "DEPT"]), st.integers(0, 12)
    ),
)
def test_every_need_is_placed_and_each_hop_climbs(
    cost: float, category: str, scope: Scope, hardship: bool, load: dict[str, int]
) -> None:
    hh = ("a", "b") if scope is Scope.COMMON else ("a",)
    groups = {Group.SPECIAL_HARDSHIP} if hardship else {Group.GENERAL}
    need = _need(cost=cost, category=category, scope=scope, households=hh, groups=groups)
    r = route(need, ORG, as_of=DAY, calendar=PLAIN, load=load)

    assert isinstance(r.result, RoutedTo)
    assert r.result.due >= DAY
    tiers = [h.from_tier.rank for h in r.hops] + [r.result.tier.rank]
    assert sorted(tiers) == tiers
    unit = ORG.unit(r.result.unit)
    assert unit.tier == r.result.tier
    if r.result.channel is not Channel.BACKSTOP:
        assert load.get(unit.id, 0) < unit.capacity
        assert DEFAULT_POLICY.competent(unit, category)
    ceiling = DEFAULT_POLICY.ceiling(r.result.tier)
    assert ceiling is None or cost <= ceiling
    assert r == route(need, ORG, as_of=DAY, calendar=PLAIN, load=load)

"""Preset districts at the seeds' scale: Xinzhou (seed 001) and Zhifu (seed 003)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest

from servicegov import divisions
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.org import ProviderKind, Tier
from servicegov.simulation import PRESETS, generate


@pytest.fixture(scope="module")
def small() -> District:
    return generate("small", seed=0)


@pytest.fixture(scope="module")
def zhifu() -> District:
    return generate("zhifu", seed=0)


@pytest.fixture(scope="module")
def xinzhou() -> District:
    # About 3 s: generated once for every test of this module that asks for it.
    return generate("xinzhou", seed=0)


def departments(d: District) -> list[str]:
    return [
        u.id
        for u in d.organisation.iter_tier(Tier.DISTRICT)
        if u.kind is ProviderKind.GOVERNMENT_DEPARTMENT and u.linked_villages
    ]


def check_consistent(d: District) -> None:
    villages = set(d.organisation.villages)
    ids = [n.id for n in d.needs]
    assert len(ids) == len(set(ids))
    assert all(n.village in villages for n in d.needs)
    assert all(n.category in d.catalogue for n in d.needs)
    assert all(divisions.contains(d.division, v) for v in villages)


class TestSmall:
    def test_small_is_one_town_of_ten_villages_and_4000_needs(self, small: District) -> None:
        towns = {divisions.parent(v) for v in small.organisation.villages}

        assert ("small", 0, 4000) == (small.preset, small.seed, len(small.needs))
        assert 10 == len(small.organisation.villages)
        assert 1 == len(towns)
        assert 16 == len(small.catalogue.categories)
        assert 4 == len(departments(small))
        assert divisions.XINZHOU == small.division
        check_consistent(small)

    def test_needs_are_spread_evenly_over_the_villages(self, small: District) -> None:
        assert {400} == set(Counter(n.village for n in small.needs).values())

    def test_the_same_seed_gives_the_same_district(self, small: District) -> None:
        assert small == generate("small", seed=0)

    def test_different_seeds_give_different_districts(self, small: District) -> None:
        other = generate("small", seed=1)

        assert small.needs != other.needs
        assert len(small.needs) == len(other.needs)

    def test_small_is_the_default_preset(self, small: District) -> None:
        assert small == generate()

    def test_every_kind_of_need_and_both_scopes_occur(self, small: District) -> None:
        assert 3 == len({n.kind for n in small.needs})
        assert 2 == len({n.scope for n in small.needs})
        assert any(n.recurrence == "FREQ=WEEKLY;BYDAY=FR" for n in small.needs)
        assert any(not n.policy_allows for n in small.needs)


class TestZhifu:
    """Zhifu: 10 categories, 4,500+ convenience projects, dual-managed members."""

    def test_zhifu_has_ten_categories_and_4500_projects(self, zhifu: District) -> None:
        assert 10 == len(zhifu.catalogue.categories)
        assert 4500 == len(zhifu.catalogue.items)
        assert 450 == len(zhifu.catalogue.items_in(zhifu.catalogue.codes[0]))
        assert "370602000000" == zhifu.division

    def test_zhifu_has_100_communities_and_20000_needs(self, zhifu: District) -> None:
        assert 100 == len(zhifu.organisation.villages)
        assert 20_000 == len(zhifu.needs)
        check_consistent(zhifu)

    def test_many_zhifu_members_are_dual_managed(self, zhifu: District) -> None:
        members = zhifu.organisation.members
        dual = [m for m in members if m.dual_managed]

        assert 0.4 < len(dual) / len(members) < 0.7
        assert all(zhifu.organisation.has_unit(r.branch) for m in dual for r in m.registrations)

    def test_projects_are_offered_in_the_communities(self, zhifu: District) -> None:
        villages = set(zhifu.organisation.villages)

        assert all(i.division in villages for i in zhifu.catalogue.items)


@pytest.mark.slow
def test_xinzhou_has_the_seeds_figures(xinzhou: District) -> None:
    """259,650 needs from 651 villages in 15 towns; 16 categories; 80 linked departments."""
    org = xinzhou.organisation
    towns = {divisions.parent(v) for v in org.villages}
    depts = departments(xinzhou)
    links = Counter(v for d in depts for v in org.unit(d).linked_villages)

    assert 259_650 == len(xinzhou.needs)
    assert 651 == len(org.villages)
    assert 651 == len({n.village for n in xinzhou.needs})
    assert 15 == len(towns)
    assert 16 == len(xinzhou.catalogue.categories)
    assert 80 == len(depts)
    assert all(org.unit(d).linked_villages for d in depts)
    assert set(org.villages) == set(links)
    assert {1} == set(links.values())
    check_consistent(xinzhou)


class TestBadArguments:
    def test_an_unknown_preset_lists_the_known_ones(self) -> None:
        with pytest.raises(InvalidValue, match="'preset' must be one of 'small', 'xinzhou', 'zhifu'"):
            generate("nowhere")

    @pytest.mark.parametrize("seed", ["1", 1.0, None, True])
    def test_the_seed_must_be_an_integer(self, seed: object) -> None:
        with pytest.raises(InvalidValue, match="'seed' must be an integer"):
            generate("small", seed=seed)  # type: ignore[arg-type]

    def test_the_presets_are_small_xinzhou_and_zhifu(self) -> None:
        assert {"small", "xinzhou", "zhifu"} <= set(PRESETS)


class TestPresetBounds:
    """Every count of a preset drives an allocation, so each is bounded and checked."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [("towns", 0), ("villages", 2**63), ("needs", -1), ("departments", 0), ("town_departments", 7),
         ("common_share", float("nan")), ("dual_share", 1.5), ("kind_shares", (0.0, 0.0, 0.0)),
         ("collected_to", dt.date(2024, 1, 1)), ("division", "42"), ("name", " ")],
    )
    def test_a_preset_out_of_bounds_is_refused_naming_the_field(self, field: str, value: object) -> None:
        with pytest.raises(InvalidValue, match=f"'{field}'"):
            attrs.evolve(PRESETS["small"], **{field: value})  # type: ignore[arg-type]

    def test_fewer_villages_than_towns_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="'villages' must be at least one per town"):
            attrs.evolve(PRESETS["small"], towns=5, villages=4)

    def test_a_world_cannot_ask_for_unbounded_units(self) -> None:
        from servicegov.simulation import World

        with pytest.raises(InvalidValue, match="'units' must be an integer from 2 to 100000"):
            World(units=2**63)

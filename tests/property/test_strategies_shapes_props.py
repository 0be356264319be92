"""Properties of `servicegov.strategies`: realistic districts, histories and ballots keep their shape."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import strategies
from servicegov.assessment import RATERS, rater_of, unit_of_analysis
from servicegov.district import District
from servicegov.lifecycle import State, replay
from servicegov.needs import Group
from servicegov.org import Organisation, Tier
from servicegov.scoring import Review

from ..unit.strategies_cases import ORG, SMALL


class TestRealisticDistricts:
    """A generated district has the size and shape asked for, and is valid as a whole."""

    @settings(max_examples=15, deadline=None)
    @given(
        st.integers(1, 4)
        .flatmap(lambda v: st.tuples(st.just(v), st.integers(v, 5), st.integers(0, 20), st.integers(1, 2)))
        .flatmap(
            lambda t: st.tuples(
                st.just(t),
                strategies.realistic_districts(
                    min_villages=t[0], max_villages=t[1], min_needs=t[2], max_needs=t[2] + 5, max_towns=t[3]
                ),
            )
        )
    )
    def test_sizes_are_kept(self, args: tuple[tuple[int, int, int, int], District]) -> None:
        (low, high, needs, towns), district = args
        villages = district.organisation.villages
        town_units = [u for u in district.organisation.units if u.tier is Tier.TOWN and u.parent == "D"]

        assert low <= len(villages) <= high
        assert 1 <= len(town_units) <= min(towns, len(villages))
        assert needs <= len(district.needs) <= needs + 5
        assert {n.village for n in district.needs} <= set(villages)
        assert all(n.category in district.catalogue for n in district.needs)

    @settings(max_examples=15, deadline=None)
    @given(st.floats(0, 1), st.data())
    def test_the_hardship_share_is_exact(self, share: float, data: st.DataObject) -> None:
        district = data.draw(
            strategies.realistic_districts(**SMALL, min_hardship_share=share, max_hardship_share=share)
        )
        hardship = [n for n in district.needs if n.groups & strategies.HARDSHIP]

        assert round(share * len(district.needs)) == len(hardship)
        assert all(Group.GENERAL not in n.groups for n in hardship)
        assert (None, None) == (district.preset, district.seed)

    @settings(max_examples=10, deadline=None)
    @given(strategies.realistic_districts(**SMALL, min_common_share=0.0, max_common_share=0.0))
    def test_an_unchanged_district_is_what_the_generator_gives(self, district: District) -> None:
        if district.preset is not None:
            assert district.seed is not None
        assert all(n.scope.value == "individual" for n in district.needs)


class TestHistories:
    """A generated history replays, in order, to a state it was asked to end in."""

    @settings(max_examples=30, deadline=None)
    @given(strategies.histories(min_size=3, max_size=10))
    def test_a_history_replays(self, history: tuple[Any, ...]) -> None:
        record = replay(history)

        assert history == record.history
        assert len(history) <= 10
        # Shorter only where nothing legal follows: a rejected need, or one closed before routing.
        stuck = record.state is State.REJECTED or (
            record.state is State.CLOSED and record.current_unit is None
        )
        assert len(history) >= 3 or stuck
        assert [e.on for e in history] == sorted(e.on for e in history)
        assert len({e.need_id for e in history}) == 1

    @settings(max_examples=20, deadline=None)
    @given(strategies.histories(min_size=6, max_size=9, ends_in={State.RESOLVED, State.CLOSED}))
    def test_a_history_ends_in_one_of_the_states_and_is_as_long_as_asked(
        self, history: tuple[Any, ...]
    ) -> None:
        record = replay(history)

        assert record.state in {State.RESOLVED, State.CLOSED}
        assert len(history) <= 9
        # Shorter only where nothing legal leads back to an asked state in time.
        assert len(history) >= 6 or record.state is State.CLOSED

    @settings(max_examples=10, deadline=None)
    @given(strategies.histories(need_ids=st.just("N-7"), max_size=4))
    def test_the_need_id_comes_from_the_strategy_given(self, history: tuple[Any, ...]) -> None:
        assert {"N-7"} == {e.need_id for e in history}


def _allowed(ballot: Review, org: Organisation) -> bool:
    found = unit_of_analysis(ballot.reviewee, org)
    return found is not None and rater_of(ballot.reviewer, ballot.channel, org) in RATERS[found[0]]


class TestBallotsWhoRatesWhom:
    """With an organisation, every ballot comes from a class of rater allowed to rate its reviewee."""

    @settings(max_examples=40, deadline=None)
    @given(strategies.reviews(organisation=ORG))
    def test_every_ballot_is_allowed(self, ballot: Review) -> None:
        assert _allowed(ballot, ORG)
        assert ballot.reviewer != ballot.reviewee

    @settings(max_examples=10, deadline=None)
    @given(
        strategies.realistic_districts(**SMALL).flatmap(
            lambda d: st.tuples(
                st.just(d.organisation), st.lists(strategies.reviews(organisation=d.organisation), max_size=5)
            )
        )
    )
    def test_ballots_compose_with_a_generated_district(self, args: tuple[Organisation, list[Review]]) -> None:
        org, ballots = args

        assert all(_allowed(b, org) for b in ballots)

    @settings(max_examples=20, deadline=None)
    @given(strategies.reviews(organisation=ORG, min_score=90, max_score=95))
    def test_scores_stay_in_the_range_given(self, ballot: Review) -> None:
        assert ballot.score is None or 90 <= ballot.score <= 95

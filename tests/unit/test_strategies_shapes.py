"""The strategies for what researchers and platforms feed in: realistic districts
of a chosen size and shape, lifecycle histories valid by construction, and ballots
that respect who rates whom."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import strategies
from servicegov.assessment import unit_of_analysis
from servicegov.district import District
from servicegov.lifecycle import State, replay
from servicegov.org import Organisation, Tier, Unit
from servicegov.scoring import Review, ReviewChannel

from .strategies_cases import ORG, SMALL


class TestRealisticDistricts:
    """A generated district has the size and shape asked for, and is valid as a whole."""

    @pytest.mark.parametrize(
        "tiers",
        [
            {Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE},
            {Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE, Tier.PARTY_GROUP},
            set(Tier),
        ],
        ids=len,
    )
    def test_the_organisation_has_the_tiers_asked_for(self, tiers: set[Tier]) -> None:
        @settings(max_examples=5, deadline=None)
        @given(strategies.realistic_districts(**SMALL, tiers=tiers))
        def check(district: District) -> None:
            assert tiers == {u.tier for u in district.organisation.units}

        check()

    def test_a_default_district_is_made_in_well_under_a_second(self) -> None:
        made: list[District] = []

        @settings(max_examples=20, deadline=None, database=None)
        @given(strategies.realistic_districts())
        def check(district: District) -> None:
            made.append(district)

        start = time.perf_counter()
        check()
        per_district = (time.perf_counter() - start) / len(made)

        assert per_district < 0.5, f"{per_district:.3f} s a district"

    @pytest.mark.parametrize(
        ("message", "make"),
        [
            ("min_villages=0 must be at least 1", lambda: strategies.realistic_districts(min_villages=0)),
            (
                "max_needs=1 must be at least min_needs=2",
                lambda: strategies.realistic_districts(min_needs=2, max_needs=1),
            ),
            (
                "min_towns=3 must be at most max_villages=2",
                lambda: strategies.realistic_districts(min_towns=3, max_towns=3, max_villages=2),
            ),
            (
                "max_common_share=1.5 must be a number from 0 to 1",
                lambda: strategies.realistic_districts(max_common_share=1.5),
            ),
            ("given together", lambda: strategies.realistic_districts(min_hardship_share=0.1)),
            (
                "max_hardship_share=0.1 must be at least",
                lambda: strategies.realistic_districts(min_hardship_share=0.2, max_hardship_share=0.1),
            ),
            (
                "grids only under party groups",
                lambda: strategies.realistic_districts(
                    tiers={Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE, Tier.GRID}
                ),
            ),
            ("tiers='village'", lambda: strategies.realistic_districts(tiers="village")),  # type: ignore[arg-type]
        ],
    )
    def test_bad_arguments_are_refused_at_once(self, message: str, make: Any) -> None:
        with pytest.raises(InvalidArgument, match=message.replace("(", r"\(")):
            make()


class TestHistories:
    """A generated history replays, in order, to a state it was asked to end in."""

    @pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
    def test_every_state_can_be_asked_for(self, state: State) -> None:
        @settings(max_examples=5, deadline=None)
        @given(strategies.histories(max_size=12, ends_in={state}))
        def check(history: tuple[Any, ...]) -> None:
            assert state is replay(history).state

        check()

    @pytest.mark.parametrize(
        ("message", "make"),
        [
            ("max_size=3 is too small", lambda: strategies.histories(max_size=3, ends_in={State.RESOLVED})),
            ("min_size=0 must be at least 1", lambda: strategies.histories(min_size=0)),
            ("ends_in=set()", lambda: strategies.histories(ends_in=set())),
            ("ends_in='resolved'", lambda: strategies.histories(ends_in="resolved")),  # type: ignore[arg-type]
            ("hold only", lambda: strategies.histories(ends_in=["resolved"])),  # type: ignore[list-item]
            ("need_ids=", lambda: strategies.histories(need_ids="N1")),  # type: ignore[arg-type]
        ],
    )
    def test_bad_arguments_are_refused_at_once(self, message: str, make: Any) -> None:
        with pytest.raises(InvalidArgument, match=message):
            make()


class TestBallotsWhoRatesWhom:
    """With an organisation, every ballot comes from a class of rater allowed to rate its reviewee."""

    def test_both_channels_and_every_target_are_reached(self) -> None:
        seen: set[tuple[ReviewChannel, str]] = set()

        @settings(max_examples=200, deadline=None, database=None)
        @given(strategies.reviews(organisation=ORG))
        def collect(ballot: Review) -> None:
            found = unit_of_analysis(ballot.reviewee, ORG)
            assert found is not None
            seen.add((ballot.channel, found[0].value))

        collect()

        assert {ReviewChannel.RESIDENTS, ReviewChannel.ORGANISATIONAL} == {c for c, _ in seen}
        assert len({t for _, t in seen}) >= 4

    def test_bad_arguments_are_refused_at_once(self) -> None:
        lonely = Organisation(
            units=[Unit(id="D", name="区委", division="420117000000", tier=Tier.DISTRICT)], backstop="D"
        )

        with pytest.raises(InvalidArgument, match="reviewees must not be given with organisation"):
            strategies.reviews(organisation=ORG, reviewees=st.just("V1"))
        with pytest.raises(InvalidArgument, match="organisation='x'"):
            strategies.reviews(organisation="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="assesses no unit or member"):
            strategies.reviews(organisation=lonely)

"""The platform testing kit: the reference platform passes, and three planted bugs are caught.

Each planted bug is a one-line change to :class:`servicegov.testing.InMemoryPlatform`
that a real platform could make; the machine must fail on each, with a shrunk
counterexample, under the same small settings the reference platform passes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from servicegov.claims import Claim
from servicegov.errors import ServicegovError
from servicegov.lifecycle import Event
from servicegov.org import Organisation
from servicegov.scoring import Review
from servicegov.testing import InMemoryPlatform, Platform, PlatformMachine

# Small enough for a few seconds on a busy 2-core machine, large enough to reach claims.
# Derandomized, so that each run tries the same examples: a random run misses the
# overbooking now and then (it needs two routed needs and one cadre claiming both).
SETTINGS = settings(
    max_examples=60,
    stateful_step_count=20,
    deadline=None,
    database=None,
    derandomize=True,
    report_multiple_bugs=False,
    phases=[Phase.generate, Phase.shrink],  # no explain phase: it traces every line, slowly
    suppress_health_check=[HealthCheck.too_slow],
)


# -- three platforms with a planted bug --------------------------------------------------


class DropsAnEvent(InMemoryPlatform):
    """Silently drops every third event appended."""

    def __init__(self, organisation: Organisation) -> None:
        super().__init__(organisation)
        self.appended = 0

    def append(self, event: Event) -> None:
        self.appended += 1
        if self.appended % 3:
            super().append(event)


class OverbooksClaims(InMemoryPlatform):
    """Accepts every claim, past the claimant's capacity."""

    def record_claim(self, claim: Claim) -> bool:
        self._claims[claim.id] = claim
        return True


class AcceptsSelfReviews(InMemoryPlatform):
    """Accepts a ballot whose reviewer is its reviewee."""

    def record_review(self, review: Review) -> bool:
        if review.reviewer == review.reviewee:
            self._reviews.append(review)
            return True
        return super().record_review(review)


# -- the machines ---------------------------------------------------------------------------


class ReferenceMachine(PlatformMachine):
    def make_platform(self) -> Platform:
        return InMemoryPlatform(self.district().organisation)


class DropsAnEventMachine(PlatformMachine):
    def make_platform(self) -> Platform:
        return DropsAnEvent(self.district().organisation)


class OverbooksClaimsMachine(PlatformMachine):
    def make_platform(self) -> Platform:
        return OverbooksClaims(self.district().organisation)


class AcceptsSelfReviewsMachine(PlatformMachine):
    def make_platform(self) -> Platform:
        return AcceptsSelfReviews(self.district().organisation)


def test_the_reference_platform_keeps_every_promise() -> None:
    run_state_machine_as_test(ReferenceMachine, settings=SETTINGS)  # type: ignore[no-untyped-call, unused-ignore]


@pytest.mark.parametrize(
    ("machine", "says"),
    [
        # The reference's own check refuses the event after a dropped one, or the machine sees the gap.
        (DropsAnEventMachine, r"the platform stored|is not allowed in state"),
        (OverbooksClaimsMachine, r"breaks rule 'capacity'"),
        (AcceptsSelfReviewsMachine, r"may not review themselves"),
    ],
    ids=["drops-an-event", "overbooks-claims", "accepts-self-reviews"],
)
def test_a_planted_bug_fails_the_machine(machine: type[PlatformMachine], says: str) -> None:
    with pytest.raises((AssertionError, ServicegovError)) as info:
        run_state_machine_as_test(machine, settings=SETTINGS)  # type: ignore[no-untyped-call, unused-ignore]

    assert re.search(says, str(info.value)), str(info.value)
    # Hypothesis adds the shrunk steps that reproduce the failure to the error.
    steps = "\n".join(getattr(info.value, "__notes__", ()))
    assert f"state = {machine.__name__}()" in steps, steps
    assert "state.open_the_platform(" in steps


def test_the_machine_needs_a_platform() -> None:
    with pytest.raises(NotImplementedError, match="override make_platform"):
        run_state_machine_as_test(PlatformMachine, settings=settings(max_examples=1, database=None))  # type: ignore[no-untyped-call, unused-ignore]


def test_the_reference_platform_refuses_what_the_rules_refuse() -> None:
    from servicegov.claims import ClaimantKind, ClaimKind
    from servicegov.scoring import ReviewChannel
    from servicegov.testing import example_district

    p = InMemoryPlatform(example_district().organisation)
    day = dt.date(2025, 3, 3)

    def claim(i: int, need: str, who: str = "m1") -> Claim:
        return Claim(id=f"c{i}", claimant=who, claimant_kind=ClaimantKind.MEMBER, need_id=need,
                     kind=ClaimKind.VOLUNTARY, claimed_on=day, due_on=day)

    assert p.record_claim(claim(1, "N1"))
    assert not p.record_claim(claim(2, "N2"))  # m1's capacity is 1
    assert not p.record_claim(claim(3, "N1", who="m2"))  # N1 is claimed
    assert p.record_claim(claim(4, "N2", who="m2"))
    assert ["c1", "c4"] == [c.id for c in p.claims()]
    ballot = Review(reviewer="m2", reviewee="m2", channel=ReviewChannel.RESIDENTS, on=day, score=80)
    assert not p.record_review(ballot)
    assert () == p.reviews()

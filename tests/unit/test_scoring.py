"""One set, two reviews: the scoring rule, ballots, scores, separation of duties and agreement.

Examples pin the documented defaults; the properties in tests/property/test_scoring_props.py
check the invariants.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from servicegov import serialization
from servicegov.errors import InvalidValue, NoRuleInEffect, RuleViolation
from servicegov.scoring import (
    DEFAULT_RULE,
    BallotProblem,
    Commitment,
    CommitmentItem,
    Review,
    ReviewChannel,
    ScoringRule,
    channel_agreement,
    check_reviews,
    revise,
    satisfaction_rate,
    score,
    trimmed_mean,
)

from .scoring_cases import (
    AREA,
    DAY,
    END,
    ORG,
    RES,
    B,
    D,
    S,
    ballot,
    commitment,
)

# --------------------------------------------------------------------------- commitments


def test_a_revision_is_a_new_version_keeping_the_old_one() -> None:
    c1 = commitment()
    c2 = revise(c1, on=dt.date(2025, 4, 1), items=[CommitmentItem(ref="N3", due=END)])
    assert 2 == c2.version
    assert c1 is c2.previous
    assert (c1, c2) == c2.history
    assert ("N1", "N2") == tuple(i.ref for i in c1.items)
    assert serialization.structure(serialization.unstructure(c2), Commitment) == c2


def test_a_revision_cannot_be_backdated() -> None:
    with pytest.raises(InvalidValue, match="fixed_on"):
        revise(commitment(), on=dt.date(2025, 1, 9), items=[CommitmentItem(ref="N3", due=END)])


def test_a_version_must_follow_its_previous() -> None:
    c1 = commitment()
    with pytest.raises(InvalidValue, match="previous"):
        attrs.evolve(c1, version=3, previous=c1)
    with pytest.raises(InvalidValue, match="previous"):
        attrs.evolve(c1, version=2)


def test_commitment_items_must_be_unique_and_present() -> None:
    with pytest.raises(InvalidValue, match="items"):
        commitment(items=[], standing=False)
    with pytest.raises(InvalidValue, match=r"items\[1\]\.ref"):
        commitment(items=[CommitmentItem(ref="N1", due=END), CommitmentItem(ref="N1", due=END)])


def test_a_review_has_exactly_one_kind_of_rating() -> None:
    with pytest.raises(InvalidValue, match="'score'"):
        Review(reviewer="r", reviewee="m1", channel=ORG, on=DAY)
    with pytest.raises(InvalidValue, match="'score'"):
        Review(reviewer="r", reviewee="m1", channel=ORG, on=DAY, score=1, satisfaction=S)
    with pytest.raises(InvalidValue, match="'score'"):
        Review(reviewer="r", reviewee="m1", channel=ORG, on=DAY, score=float("nan"))


# --------------------------------------------------------------------------- the rule


def test_default_rule_values() -> None:
    r = DEFAULT_RULE
    assert (0.4, 0.6, 0.0) == (r.weight(ORG), r.weight(RES), r.weight(ReviewChannel.COMMUNITY))
    assert (0.4, 0.5, 5, 1, 3, (0.0, 100.0), 3, 0.0) == (
        r.completion_weight,
        r.basic_weight,
        r.trim_above,
        r.trim,
        r.quorum,
        r.scale,
        r.straight_line_min,
        r.veto_cap,
    )


def test_residents_weight_at_least_the_organisations_by_default() -> None:
    day = dt.date(2025, 1, 1)
    ScoringRule(effective_from=day, channel_weights={ORG: 0.5, RES: 0.5})
    with pytest.raises(InvalidValue, match="residents_first"):
        ScoringRule(effective_from=day, channel_weights={ORG: 0.5 + 1e-6, RES: 0.5 - 1e-6})
    rule = ScoringRule(effective_from=day, channel_weights={ORG: 0.7, RES: 0.3}, residents_first=False)
    assert 0.7 == rule.weight(ORG)


@pytest.mark.parametrize(
    "weights",
    [{ORG: 0.4, RES: 0.5}, {ORG: -0.1, RES: 1.1}, {}, {"org": 0.4, RES: 0.6}],
)
def test_channel_weights_are_validated(weights: dict[object, float]) -> None:
    with pytest.raises(InvalidValue, match="channel_weights"):
        ScoringRule(effective_from=DAY, channel_weights=weights)


def test_trim_at_most_half_of_the_threshold() -> None:
    ScoringRule(effective_from=DAY, trim_above=4, trim=2)
    with pytest.raises(InvalidValue, match="'trim'"):
        ScoringRule(effective_from=DAY, trim_above=3, trim=2)


def test_rule_versions_are_looked_up_by_date() -> None:
    old = ScoringRule(effective_from=dt.date(2024, 1, 1), basic_weight=1.0)
    new = ScoringRule(effective_from=dt.date(2025, 7, 1), basic_weight=0.0)
    ballots = [ballot(f"r{i}", RES, value=B, on=dt.date(2025, 6, 1)) for i in range(3)]
    c = commitment()
    early = score(c, ballots, [old, new], as_of=dt.date(2025, 6, 30), fulfilment={})
    late = score(c, ballots, [old, new], as_of=END, fulfilment={})
    assert 1.0 == early.channel(RES).satisfaction_rate
    assert 0.0 == late.channel(RES).satisfaction_rate
    with pytest.raises(NoRuleInEffect):
        score(c, ballots, [old, new], as_of=dt.date(2023, 12, 31), fulfilment={})


# --------------------------------------------------------------------------- statistics


def test_trimmed_mean_trims_only_above_the_threshold() -> None:
    assert 74.0 == trimmed_mean([50, 80, 80, 80, 80], above=5)  # exactly N: no trim
    assert 80.0 == trimmed_mean([50, 80, 80, 80, 80, 80], above=5)  # N + 1: trim
    assert 80.0 == trimmed_mean([50, 80, 80, 80, 80, 110], above=5)
    assert 85.0 == trimmed_mean([0, 10, 80, 90, 100, 100], above=5, trim=2)
    assert 65.0 == trimmed_mean([0, 10, 80, 100, 100, 100], above=5, trim=0)
    with pytest.raises(InvalidValue):
        trimmed_mean([])


def test_satisfaction_rate_counts_basic_at_its_weight() -> None:
    ratings = [S, S, B, D]
    assert 0.625 == satisfaction_rate(ratings)
    assert 0.75 == satisfaction_rate(ratings, basic_weight=1)
    assert 0.5 == satisfaction_rate(ratings, basic_weight=0)
    with pytest.raises(InvalidValue, match="basic_weight"):
        satisfaction_rate(ratings, basic_weight=1.5)
    with pytest.raises(InvalidValue, match="ratings"):
        satisfaction_rate([])


# --------------------------------------------------------------------------- score


def test_score_combines_completion_and_channels() -> None:
    ballots = [ballot(f"r{i}", RES, value=v) for i, v in enumerate([S, S, B, D])]
    ballots += [ballot(f"o{i}", ORG, value=v) for i, v in enumerate([70, 80, 90])]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 2, "N2": 1})
    assert 0.625 == s.completion  # (1 + 1/4) / 2
    res, org = s.channel(RES), s.channel(ORG)
    assert (4, 0, 0.625, None, 62.5, True) == (
        res.valid,
        res.invalid,
        res.satisfaction_rate,
        res.mean,
        res.value,
        res.quorum_met,
    )
    assert (3, 80.0, 80.0) == (org.valid, org.mean, org.value)
    # 40 × 0.625 + 0.6 × (0.6 × 62.5 + 0.4 × 80)
    assert 66.7 == s.total
    assert () == s.invalid


def test_fulfilment_beyond_target_counts_as_done_and_unknown_items_raise() -> None:
    ballots = [ballot(f"o{i}") for i in range(3)]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 5, "N2": 4})
    assert 1.0 == s.completion
    with pytest.raises(InvalidValue, match="fulfilment"):
        score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N9": 1})
    with pytest.raises(InvalidValue, match="fulfilment"):
        score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": -1})


def test_a_channel_counts_from_exactly_the_quorum() -> None:
    two = [ballot("o1", value=60), ballot("o2", value=60)]
    s = score(commitment(), two, DEFAULT_RULE, as_of=END, fulfilment={})
    assert (False, None, None) == (s.channel(ORG).quorum_met, s.channel(ORG).value, s.total)
    s = score(commitment(), [*two, ballot("o3", value=60)], DEFAULT_RULE, as_of=END, fulfilment={})
    assert (True, 60.0) == (s.channel(ORG).quorum_met, s.channel(ORG).value)
    # The residents' channel lacks quorum: not assessable, unless the rule renormalises.
    assert s.total is None
    lenient = attrs.evolve(DEFAULT_RULE, renormalise=True)
    assert 36.0 == score(commitment(), [*two, ballot("o3", value=60)], lenient, as_of=END,
                         fulfilment={}).total


def test_participation_rate_from_the_invited() -> None:
    ballots = [ballot(f"o{i}") for i in range(3)] + [ballot("o9", value=120)]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={}, invited={ORG: 8})
    assert (8, 0.5, 3, 1) == (
        s.channel(ORG).invited,
        s.channel(ORG).participation,
        s.channel(ORG).valid,
        s.channel(ORG).invalid,
    )
    assert s.channel(RES).participation is None


def test_invalid_ballots_are_kept_with_reasons() -> None:
    ballots = [
        ballot("o1", value=100.5),
        ballot("o2", value=-0.5),
        ballot("o3", value=100),
        ballot("o4", value=0),
        ballot("o5", value=80, on=dt.date(2026, 1, 1)),
        ballot("o6", value=80, item="N9"),
        ballot("o7", value=80),
        ballot("o7", value=90),
    ]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={})
    reasons = [(b.reviewer, b.reason) for b in s.invalid]
    assert [
        ("o1", BallotProblem.OUT_OF_RANGE),
        ("o2", BallotProblem.OUT_OF_RANGE),
        ("o5", BallotProblem.OUT_OF_PERIOD),
        ("o6", BallotProblem.UNKNOWN_ITEM),
        ("o7", BallotProblem.DUPLICATE),
    ] == reasons
    assert (3, 5, 60.0) == (s.channel(ORG).valid, s.channel(ORG).invalid, s.channel(ORG).mean)


def test_the_same_score_for_everyone_is_a_straight_line_ballot() -> None:
    others = [ballot("o1", reviewee=p, value=90) for p in ("m2", "m3")]
    mine = [ballot("o1", value=90), ballot("o2", value=70), ballot("o3", value=80), ballot("o4", value=60)]
    s = score(commitment(), [*mine, *others], DEFAULT_RULE, as_of=END, fulfilment={})
    assert [("o1", BallotProblem.STRAIGHT_LINE)] == [(b.reviewer, b.reason) for b in s.invalid]
    assert 70.0 == s.channel(ORG).mean
    # Two reviewees are below the default minimum of three.
    s = score(commitment(), [*mine, others[0]], DEFAULT_RULE, as_of=END, fulfilment={})
    assert () == s.invalid
    # A differing score breaks the line.
    s = score(
        commitment(),
        [*mine, others[0], ballot("o1", reviewee="m3", value=91)],
        DEFAULT_RULE,
        as_of=END,
        fulfilment={},
    )
    assert () == s.invalid
    off = attrs.evolve(DEFAULT_RULE, straight_line_min=None)
    assert () == score(commitment(), [*mine, *others], off, as_of=END, fulfilment={}).invalid


def test_a_veto_caps_the_total() -> None:
    ballots = [ballot(f"o{i}", value=90) for i in range(3)]
    s = score(
        commitment(),
        ballots,
        attrs.evolve(DEFAULT_RULE, renormalise=True),
        as_of=END,
        fulfilment={"N1": 2, "N2": 4},
        vetoes=["safety accident"],
    )
    assert (0.0, ("safety accident",)) == (s.total, s.vetoes)
    capped = attrs.evolve(DEFAULT_RULE, veto_cap=59.0, renormalise=True)
    assert (
        59.0
        == score(commitment(), ballots, capped, as_of=END, fulfilment={"N1": 2, "N2": 4}, vetoes=["x"]).total
    )
    assert 94.0 == score(commitment(), ballots, capped, as_of=END, fulfilment={"N1": 2, "N2": 4}).total


def test_trimming_applies_in_the_channel_above_the_threshold() -> None:
    five = [ballot(f"o{i}", value=v) for i, v in enumerate([40, 80, 80, 80, 100])]
    assert 76.0 == score(commitment(), five, DEFAULT_RULE, as_of=END, fulfilment={}).channel(ORG).mean
    six = [*five, ballot("o9", value=80)]
    assert 80.0 == score(commitment(), six, DEFAULT_RULE, as_of=END, fulfilment={}).channel(ORG).mean


def test_mixed_ballots_average_by_count() -> None:
    ballots = [
        ballot("r1", RES, value=S),
        ballot("r2", RES, value=D),
        ballot("r3", RES, value=70),
        ballot("r4", RES, value=80),
    ]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={})
    assert 62.5 == s.channel(RES).value  # (50 × 2 + 75 × 2) / 4


# --------------------------------------------------------------------------- separation of duties


def test_nobody_reviews_themselves() -> None:
    with pytest.raises(RuleViolation, match=r"reviewer 'm1' may not review themselves.*no-self-review"):
        score(commitment(), [ballot("m1")], DEFAULT_RULE, as_of=END, fulfilment={})


def test_nobody_reviews_a_commitment_they_share() -> None:
    c = commitment(sharers={"m2"})
    with pytest.raises(RuleViolation, match=r"'m2'.*no-review-of-own-claim"):
        score(c, [ballot("m2")], DEFAULT_RULE, as_of=END, fulfilment={})
    theirs = commitment("m3", items=[CommitmentItem(ref="N2", due=END)])
    with pytest.raises(RuleViolation, match=r"'m3'.*shares \['N2'\]"):
        score(commitment(), [ballot("m3")], DEFAULT_RULE, as_of=END, fulfilment={}, commitments=[theirs])


def test_residents_reviewers_live_in_the_served_area() -> None:
    c = commitment(area="420117101000")
    ballots = [ballot(f"r{i}", RES, value=S) for i in range(3)]
    home = {"r0": AREA, "r1": AREA, "r2": "420117102001"}
    with pytest.raises(RuleViolation, match=r"'r2' lives in 420117102001.*residents-live-in-area"):
        score(c, ballots, DEFAULT_RULE, as_of=END, fulfilment={}, residence=home)
    with pytest.raises(RuleViolation, match="'r0' has no known residence"):
        score(c, ballots, DEFAULT_RULE, as_of=END, fulfilment={})
    home["r2"] = AREA
    assert 3 == score(c, ballots, DEFAULT_RULE, as_of=END, fulfilment={}, residence=home).channel(RES).valid
    # The organisational channel is not bound to the area.
    check_reviews([ballot("o1")], commitments=[c])


# --------------------------------------------------------------------------- agreement


def test_agreement_of_the_two_channels() -> None:
    scores = []
    for i, (o, r) in enumerate([(90, 95), (70, 80), (50, 40), (90, 70)]):
        c = commitment(f"m{i}")
        ballots = [ballot(f"o{j}", reviewee=c.claimant, value=o + j) for j in range(3)]
        ballots += [ballot(f"r{j}", RES, reviewee=c.claimant, value=r - j) for j in range(3)]
        scores.append(score(c, ballots, DEFAULT_RULE, as_of=END, fulfilment={}))
    # bands (org, res): (2, 2), (1, 1), (0, 0), (2, 1)
    # p_o = 3/4, p_e = (1·1 + 1·2 + 2·1)/16, kappa = (12 - 5) / (16 - 5)
    assert 7 / 11 == pytest.approx(channel_agreement(scores, weights=None), abs=1e-12)
    # linear: Σ w·O = 1, Σ w·E = 14 / 4, kappa = 1 - 4/14
    assert 5 / 7 == pytest.approx(channel_agreement(scores), abs=1e-12)
    assert 1.0 == channel_agreement(scores[:3])
    with pytest.raises(InvalidValue):
        channel_agreement([])


# --------------------------------------------------------------------------- strategies and the wire


def test_scores_round_trip() -> None:
    ballots = [ballot(f"o{i}", value=v) for i, v in enumerate([70, 80, 90, 120])]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 1}, vetoes=["x"])
    assert s == serialization.structure(serialization.unstructure(s), type(s))

"""Every rejection of `servicegov.scoring` names its field, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import strategies as st

from servicegov import scoring
from servicegov.errors import ConfigurationError, NoRuleInEffect, RuleViolation
from servicegov.scoring import (
    DEFAULT_RULE,
    BallotProblem,
    ChannelScore,
    Commitment,
    Review,
    ReviewChannel,
    ScoringRule,
    Statement,
    StatementKind,
    channel_agreement,
    check_reviews,
    join,
    opening_window,
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
    YEAR,
    B,
    D,
    S,
    ballot,
    commitment,
    item,
    rejects,
    rule,
)

# --------------------------------------------------------------------------- every rejection names its field



def test_a_version_names_the_version_it_follows() -> None:
    c1 = commitment()
    rejects(r"'previous' must be the version before 2 \(got None\)", attrs.evolve, c1, version=2)
    err = rejects(
        r"'previous' must be version 1 of commitment 'C-m1' \(got <a Commitment>\)",
        attrs.evolve, c1, version=2, previous=attrs.evolve(c1, id="C-other"),
    )
    assert ("previous", "C-other") == (err.field, err.value.id)
    rejects(r"'previous' must be version 2 of commitment 'C-m1' \(got <a Commitment>\)",
            attrs.evolve, c1, version=3, previous=c1)
    rejects(r"'previous' must be version 1 of commitment 'C-m1' \(got 'C-m1'\)",
            attrs.evolve, c1, version=2, previous="C-m1")
    err = rejects(
        r"'fixed_on' must be on or after the previous version's \(2025-01-10\) "
        r"\(got datetime.date\(2025, 1, 9\)\)",
        attrs.evolve, c1, version=2, previous=c1, fixed_on=dt.date(2025, 1, 9),
    )
    assert (dt.date(2025, 1, 9), "on or after the previous version's (2025-01-10)") == (err.value,
                                                                                        err.allowed)
    # The same day as the previous version is allowed, and after the window only a revision may be fixed.
    same_day = attrs.evolve(c1, version=2, previous=c1)
    assert (c1, c1.fixed_on) == (same_day.previous, same_day.fixed_on)
    late = attrs.evolve(c1, version=2, previous=c1, fixed_on=dt.date(2025, 8, 1))
    assert late.late


def test_commitment_items_are_checked_one_by_one() -> None:
    first = item("N1", END)
    err = rejects(r"'items\[1\]' must be a CommitmentItem \(got 'N2'\)", commitment, items=[first, "N2"])
    assert ("items[1]", "N2") == (err.field, err.value)
    rejects(r"'items\[2\]\.ref' must be unique within the commitment \(got 'N1'\)",
            commitment, items=[first, item("N2", END), item("N1", DAY)])
    assert ("N1", "N2") == tuple(i.ref for i in commitment(items=[first, item("N2", END)]).items)


def test_the_served_area_is_a_division_code() -> None:
    err = rejects(r"'area' must be a 12-digit division code \(got '4201'\)", commitment, area="4201")
    assert "area" == err.field
    assert AREA == commitment(area=AREA).area
    assert commitment().area is None


def test_the_window_and_join_name_what_they_refuse() -> None:
    rejects(r"'window_ends' must be a date within the period, 2025-01-01 to 2025-12-31 "
            r"\(got datetime.datetime\(2025, 1, 31, 0, 0\)\)", commitment, window_ends=dt.datetime(2025,
                                                                                                   1, 31))
    rejects(r"'on' must be a date within the period, 2025-01-01 to 2025-12-31 "
            r"\(got datetime.datetime\(2025, 3, 1, 0, 0\)\)", join, commitment(), [], on=dt.datetime(2025,
                                                                                                     3, 1))
    rejects(r"'standing' must be True to join items: without the standing promise, revise \(got False\)",
            join, commitment(standing=False), [], on=DAY)
    rejects(r"'items\[0\]' must be a CommitmentItem \(got 'N7'\)", join, commitment(), ["N7"], on=DAY)
    # The first and last days of the period are within it.
    for day in (YEAR.start, YEAR.end):
        assert day == join(commitment(), [item("N7", END)], on=day).items[-1].joined


def test_opening_window_names_what_it_refuses() -> None:
    rejects(r"'period' must be a Period \(got '2025'\)", opening_window, "2025")
    for months in (0, -1, True, 1.0):
        rejects(rf"'months' must be an integer of at least 1 \(got {months!r}\)", opening_window, YEAR,
                months=months)
    assert dt.date(2025, 2, 28) == opening_window(YEAR, months=2)
    # A window longer than the period ends with it.
    assert YEAR.end == opening_window(YEAR, months=13)


def test_a_revision_on_the_day_of_the_previous_version_or_the_periods_last_day_is_allowed() -> None:
    c1 = commitment()
    assert c1.fixed_on == revise(c1, on=c1.fixed_on, items=c1.items).fixed_on
    assert END == revise(c1, on=END, items=[*c1.items, item("N3", END)]).fixed_on
    rejects(r"'fixed_on' must be on or after the previous version's \(2025-01-10\) "
            r"\(got datetime.date\(2025, 1, 9\)\)", revise, c1, on=dt.date(2025, 1, 9), items=c1.items)
    rejects(r"'on' must be a datetime.date \(got '2025-03-01'\)", revise, c1, on="2025-03-01", items=c1.items)


def test_a_revision_checks_every_item_that_fell_due_whatever_the_order() -> None:
    # N4 fell due; N1 (listed first) did not: a revision dropping N4 is refused.
    c = commitment(items=[item("N1", END), item("N4", dt.date(2025, 6, 30), target=4)])
    rejects(r"'items' must be to keep 'N4': dropping an item after it fell due on 2025-06-30 is refused "
            r"\(got \('N1',\)\)", revise, c, on=dt.date(2025, 7, 1), items=[item("N1", END)])
    # Kept with the same target and due date, it is allowed.
    assert 2 == revise(c, on=dt.date(2025, 7, 1), items=c.items).version


def test_statement_refs_are_ids() -> None:
    base: dict[str, object] = {"claimant": "m1", "period": YEAR, "kind": StatementKind.OPENING,
                               "on": dt.date(2025, 2, 1), "text": "x"}
    for refs, shown in (([5], "5"), (["N1", ""], "''"), (["N1 "], "'N1 '")):
        err = rejects(rf"'refs\[{len(refs) - 1}\]' must be a non-empty id without surrounding spaces "
                      rf"\(got {shown}\)", Statement, **base, refs=refs)
        assert refs[-1] == err.value
    err = rejects(r"'on' must be a date within the period, 2025-01-01 to 2025-12-31 "
                  r"\(got datetime.date\(2026, 1, 1\)\)", Statement, **{**base, "on": dt.date(2026, 1, 1)})
    assert ("on", dt.date(2026, 1, 1)) == (err.field, err.value)


def test_a_review_names_what_it_refuses() -> None:
    kw: dict[str, object] = {"reviewer": "r", "reviewee": "m1", "channel": RES, "on": DAY}
    err = rejects(r"'satisfaction' must be a Satisfaction or None \(got 'satisfied'\)", Review, **kw,
                  satisfaction="satisfied")
    assert ("satisfaction", "satisfied") == (err.field, err.value)
    rejects(r"'score' must be given when 'satisfaction' is not, and not both \(got None\)", Review, **kw)
    rejects(r"'score' must be given when 'satisfaction' is not, and not both \(got 80\)", Review, **kw,
            score=80, satisfaction=S)
    for bad, shown in ((float("inf"), "inf"), ("80", "'80'"), (float("nan"), "nan")):
        rejects(rf"'score' must be a finite number \(got {shown}\)", Review, **kw, score=bad)
    assert S == Review(**kw, satisfaction=S).satisfaction  # type: ignore[arg-type]
    assert 0 == Review(**kw, score=0).score  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the rule's checks


CHANNELS = st.sampled_from(list(ReviewChannel))


def test_channel_weights_name_what_they_refuse() -> None:
    rejects(r"'channel_weights' must be one weight per channel \(got \{\}\)", rule, channel_weights={})
    rejects(r"'channel_weights' must be one weight per channel \(got \{'residents': 0.5\}\)", rule,
            channel_weights=[(RES, 0.5), (RES, 0.5)])
    rejects(r"'channel_weights' must be keyed by ReviewChannel \(got \{'org': 0.4, 'residents': 0.6\}\)",
            rule, channel_weights={"org": 0.4, RES: 0.6})
    err = rejects(r"'channel_weights\[organisational\]' must be a non-negative number \(got -0.1\)", rule,
                  channel_weights={ORG: -0.1, RES: 1.1})
    assert ("channel_weights[organisational]", -0.1) == (err.field, err.value)
    rejects(r"'channel_weights\[residents\]' must be a non-negative number \(got nan\)", rule,
            channel_weights={RES: float("nan")})
    rejects(r"'channel_weights' must be weights summing to 1 "
            r"\(got \{'organisational': 0.4, 'residents': 0.5\}\)",
            rule, channel_weights={ORG: 0.4, RES: 0.5})
    rejects(r"'channel_weights' must be weights giving residents at least the organisational weight "
            r"\(residents_first\) \(got \{'organisational': 1.0\}\)", rule, channel_weights={ORG: 1.0})
    # Within rounding of 1, a zero weight, and channels other than these two are fine.
    assert 0.0 == rule(channel_weights={ORG: 0.0, RES: 1.0}).weight(ORG)
    assert 1.0 == rule(channel_weights={ReviewChannel.COMMUNITY: 1.0}).weight(ReviewChannel.COMMUNITY)
    assert 1.0 == rule(channel_weights={RES: 1.0}).weight(RES)
    assert 0.6 + 1e-10 == rule(channel_weights={ORG: 0.4, RES: 0.6 + 1e-10}).weight(RES)
    rejects(r"'channel_weights' must be weights summing to 1 .*", rule, channel_weights={ORG: 0.4,
                                                                                         RES: 0.6 + 1e-8})
    rejects(r"'channel_weights' must be weights summing to 1 .*", rule, channel_weights={ORG: 0.4,
                                                                                         RES: 0.6 - 1e-8})


def test_the_rules_counts_and_scale_name_what_they_refuse() -> None:
    err = rejects(r"'trim' must be at most half of 'trim_above' \(3\) \(got 2\)", rule, trim_above=3, trim=2)
    assert ("trim", 2) == (err.field, err.value)
    assert 0 == rule(trim_above=0, trim=0).trim
    for scale in ([0.0, 100.0], (0.0, 50.0, 100.0), (100.0, 0.0), (50.0, 50.0), (0.0, float("nan")),
                  (0.0, "100"), (0.0,)):
        shown = re.escape(repr(scale))
        err = rejects(rf"'scale' must be a pair \(low, high\) with low < high \(got {shown}\)",
                      rule, scale=scale)
        assert "scale" == err.field
    assert (-1.0, 0.0) == rule(scale=(-1.0, 0.0)).scale
    for m in (1, 0, 2.0, True, "3"):
        rejects(rf"'straight_line_min' must be None or an integer of at least 2 \(got {m!r}\)", rule,
                straight_line_min=m)
    assert (2, None) == (rule(straight_line_min=2).straight_line_min,
                         rule(straight_line_min=None).straight_line_min)
    rejects(r"'renormalise' must be True or False \(got 0\)", rule, renormalise=0)
    assert rule(renormalise=True).renormalise


# --------------------------------------------------------------------------- statistics


def test_trimmed_mean_of_values_whose_sum_overflows() -> None:
    assert 1.35e308 == pytest.approx(trimmed_mean([1.7e308, 1.0e308]), rel=1e-12)
    assert 1.7e308 == trimmed_mean([1.7e308, 1.7e308, 1.7e308])
    assert -1.35e308 == pytest.approx(trimmed_mean([-1.7e308, -1.0e308]), rel=1e-12)


def test_trimmed_mean_names_what_it_refuses() -> None:
    rejects(r"'values' must be at least one score \(got \[\]\)", trimmed_mean, [])
    for trim, above in ((-1, 5), (3, 5), (1.0, 5), (1, 1)):
        rejects(rf"'trim' must be a count from 0 to half of 'above' \({above}\) \(got {trim!r}\)",
                trimmed_mean,
                [1.0], above=above, trim=trim)
    assert 2.0 == trimmed_mean([1.0, 2.0, 3.0], above=2, trim=1)
    assert 2.0 == trimmed_mean([1.0, 3.0], above=0, trim=0)


def test_satisfaction_rate_names_what_it_refuses() -> None:
    for w in (-0.1, 1.5, float("nan")):
        err = rejects(rf"'basic_weight' must be a number from 0 to 1 \(got {w!r}\)", satisfaction_rate, [S],
                      basic_weight=w)
        assert "basic_weight" == err.field
    rejects(r"'ratings' must be a sequence of Satisfaction ratings \(got 'abc'\)", satisfaction_rate, "abc")
    rejects(r"'ratings' must be at least one rating \(got \[\]\)", satisfaction_rate, [])
    rejects(r"'ratings\[1\]' must be Satisfaction.SATISFIED, the member, not the string 'satisfied' "
            r"\(got 'satisfied'\)", satisfaction_rate, [S, "satisfied"])
    assert 1.0 == satisfaction_rate([S, B], basic_weight=1)
    assert 0.0 == satisfaction_rate([D, B], basic_weight=0)


# --------------------------------------------------------------------------- separation of duties, in detail


def violation(message: str, reviews: list[Review], **kw: object) -> RuleViolation:
    with pytest.raises(RuleViolation, match=f"^{message}$") as info:
        check_reviews(reviews, **kw)  # type: ignore[arg-type]
    return info.value


def test_a_violation_names_the_ballot_and_the_reviewer() -> None:
    err = violation(r"reviewer 'm1' may not review themselves \(rule no-self-review, reviews\[1\]\)",
                    [ballot("o1"), ballot("m1")], commitments=[])
    assert ("reviews[1].reviewer", "m1") == (err.field, err.value)
    err = violation(r"reviewer 'm2' may not review commitment 'C-m1' of 'm1': they made or shares it "
                    r"\(rule no-review-of-own-claim, reviews\[0\]\)",
                    [ballot("m2")], commitments=[commitment(sharers={"m2"})])
    assert ("reviews[0].reviewer", "m2") == (err.field, err.value)
    # A sharer of another commitment that holds the same need shares the claim too.
    theirs = commitment("m5", items=[item("N1", END)], sharers={"o2"})
    err = violation(r"reviewer 'o2' may not review commitment 'C-m1' of 'm1': they shares \['N1'\] "
                    r"\(rule no-review-of-own-claim, reviews\[1\]\)",
                    [ballot("o1"), ballot("o2")], commitments=[commitment(), theirs])
    assert ("reviews[1].reviewer", "o2") == (err.field, err.value)
    # Commitments of other reviewees do not bind this one.
    check_reviews([ballot("o1", reviewee="m9")], commitments=[commitment(), theirs])


def test_holding_a_need_before_or_after_the_reviewee_is_no_shared_claim() -> None:
    mine = commitment()  # N1 held from 1 January to 30 June, N2 to 30 September
    def other(joined: dt.date | None, due: dt.date) -> Commitment:
        return commitment("o1", items=[item("N2", due, joined=joined)])
    # Joined on the reviewee's due date: the days meet, so the claim is shared.
    violation(r"reviewer 'o1' may not review .* they shares \['N2'\] .*", [ballot("o1")],
              commitments=[mine, other(dt.date(2025, 9, 30), END)])
    check_reviews([ballot("o1")], commitments=[mine, other(dt.date(2025, 10, 1), END)])
    # Passed on before the reviewee took it up.
    late = commitment(items=[item("N2", END, joined=dt.date(2025, 7, 1))])
    violation(r"reviewer 'o1' may not review .* they shares \['N2'\] .*", [ballot("o1")],
              commitments=[late, other(None, dt.date(2025, 7, 1))])
    check_reviews([ballot("o1")], commitments=[late, other(None, dt.date(2025, 6, 30))])


def test_the_served_area_binds_residents_reviewers_by_containment() -> None:
    town = commitment(area="420117101000")
    home = {f"r{i}": AREA for i in range(3)}
    check_reviews([ballot(f"r{i}", RES) for i in range(3)], commitments=[town], residence=home)
    err = violation(r"reviewer 'r1' lives in 420117102001, outside the served area 420117101000 "
                    r"of commitment "
                    r"'C-m1' \(rule residents-live-in-area, reviews\[1\]\)",
                    [ballot("r0", RES), ballot("r1", RES)], commitments=[town],
                    residence={**home, "r1": "420117102001"})
    assert ("reviews[1].reviewer", "r1") == (err.field, err.value)
    violation(r"reviewer 'r0' has no known residence, outside the served area 420117101000 of commitment "
              r"'C-m1' \(rule residents-live-in-area, reviews\[0\]\)", [ballot("r0",
                                                                               RES)], commitments=[town])
    # Without an area, or in another channel, where reviewers live is not asked.
    check_reviews([ballot("r0", RES)], commitments=[commitment()])
    check_reviews([ballot("r0", ReviewChannel.COMMUNITY)], commitments=[town])


# --------------------------------------------------------------------------- score, in detail


def test_completion_names_what_it_refuses() -> None:
    c = commitment()
    err = rejects(r"'fulfilment' must be a committed item: one of \['N1', 'N2'\] \(got 'N9'\)",
                  score, c, [], DEFAULT_RULE, as_of=END, fulfilment={"N9": 1})
    assert ("fulfilment", "N9") == (err.field, err.value)
    err = rejects(r"'fulfilment\['N1'\]' must be a non-negative number \(got -1\)",
                  score, c, [], DEFAULT_RULE, as_of=END, fulfilment={"N1": -1})
    assert ("fulfilment['N1']", -1) == (err.field, err.value)
    # N1's target is 2, N2's 4: shares pro rata, capped at 1, missing counts 0.
    assert 0.0 == score(c, [], DEFAULT_RULE, as_of=END, fulfilment={"N1": 0}).completion
    assert 0.25 == score(c, [], DEFAULT_RULE, as_of=END, fulfilment={"N1": 1}).completion
    assert 0.5 == score(c, [], DEFAULT_RULE, as_of=END, fulfilment={"N1": 3}).completion
    assert 0.625 == score(c, [], DEFAULT_RULE, as_of=END, fulfilment={"N2": 5, "N1": 0.5}).completion


def test_a_score_names_its_reviewee_commitment_version_and_rule() -> None:
    c2 = revise(commitment(), on=dt.date(2025, 3, 1), items=commitment().items)
    rules = [ScoringRule(effective_from=dt.date(2024, 1, 1)), ScoringRule(effective_from=dt.date(2025, 2, 1))]
    s = score(c2, (b for b in [ballot("o1")]), rules, as_of=END, fulfilment={})
    assert ("m1", "C-m1", 2, dt.date(2025, 2, 1), True) == (
        s.reviewee, s.commitment, s.version, s.rule_from, s.late_revision)
    assert 1 == s.channel(ORG).valid  # ballots given as a one-shot iterator are all read
    assert ("a", "b") == score(c2, [], rules, as_of=END, fulfilment={}, vetoes=["b", "a"]).vetoes


def test_each_set_aside_ballot_keeps_its_reason_in_words() -> None:
    ballots = [
        ballot("o1", value=120),
        ballot("o1", value=80),  # a second ballot, even after one set aside
        ballot("o2", value=80, on=dt.date(2026, 1, 1), item="N9"),  # late comes before unknown item
        ballot("o3", value=80, item="N9"),
        ballot("o4", value=80, item="N1"),
        ballot("o4", value=80, item="N2"),  # another item: not a second ballot
        ballot("o4", RES, value=S),  # another channel: not a second ballot
        ballot("boss", value=-1, on=dt.date(2026, 1, 1)),  # a rater not allowed, whatever else
    ]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={},
              raters=lambda b: "a superior" if b.reviewer == "boss" else None)
    assert [
        ("o1", BallotProblem.OUT_OF_RANGE, "120 outside 0.0 to 100.0"),
        ("o1", BallotProblem.DUPLICATE, "a second ballot from the same reviewer"),
        ("o2", BallotProblem.OUT_OF_PERIOD, "cast 2026-01-01 after 2025-12-31"),
        ("o3", BallotProblem.UNKNOWN_ITEM, "item 'N9'"),
        ("boss", BallotProblem.RATER_NOT_ALLOWED, "a superior"),
    ] == [(b.reviewer, b.reason, b.detail) for b in s.invalid]
    assert all(("m1", ORG) == (b.reviewee, b.channel) for b in s.invalid)
    assert (2, 5, 1, 0) == (s.channel(ORG).valid, s.channel(ORG).invalid, s.channel(RES).valid,
                            s.channel(RES).invalid)
    # Cast on the assessment date is in time.
    assert 1 == score(commitment(), [ballot("o1", on=END)], DEFAULT_RULE, as_of=END,
                      fulfilment={}).channel(ORG).valid


def test_only_overall_scores_make_a_straight_line() -> None:
    mine = [ballot("o1", value=90), ballot("o2", value=70), ballot("o3", value=80)]
    per_item = [ballot("o1", reviewee=p, value=90, item="N1") for p in ("m2", "m3")]
    s = score(commitment(), [*mine, *per_item], DEFAULT_RULE, as_of=END, fulfilment={})
    assert () == s.invalid
    ratings = [ballot("r1", RES, reviewee=p, value=S) for p in ("m1", "m2", "m3")]
    s = score(commitment(), [*mine, *ratings], DEFAULT_RULE, as_of=END, fulfilment={})
    assert () == s.invalid
    # Two reviewees make a line when the rule asks for two; the line is drawn per channel.
    two = attrs.evolve(DEFAULT_RULE, straight_line_min=2)
    line = [ballot("o1", reviewee="m2", value=90)]
    s = score(commitment(), [*mine, *line], two, as_of=END, fulfilment={})
    assert [("o1", BallotProblem.STRAIGHT_LINE, "90 for every reviewee")] == [
        (b.reviewer, b.reason, b.detail) for b in s.invalid]
    elsewhere = [ballot("o1", RES, reviewee="m2", value=90)]
    assert () == score(commitment(), [*mine, *elsewhere], two, as_of=END, fulfilment={}).invalid


def test_channels_are_listed_in_order_with_weight_or_ballots() -> None:
    ballots = [ballot(f"c{i}", ReviewChannel.COMMUNITY, value=10) for i in range(3)]
    ballots += [ballot("h1", ReviewChannel.HOME_UNIT, value=120)]
    ballots += [ballot(f"o{i}", value=90) for i in range(3)] + [ballot(f"r{i}", RES,
                                                                       value=S) for i in range(3)]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={}, invited={RES: 6, ORG: 0})
    assert [ORG, RES, ReviewChannel.HOME_UNIT, ReviewChannel.COMMUNITY] == [c.channel for c in s.channels]
    home = s.channel(ReviewChannel.HOME_UNIT)
    assert (0.0, 0, 1, None, None, False) == (home.weight, home.valid, home.invalid, home.mean, home.value,
                                             home.quorum_met)
    community = s.channel(ReviewChannel.COMMUNITY)
    assert (0.0, 10.0, True) == (community.weight, community.value, community.quorum_met)
    # An unweighted channel does not enter the total: 0.6 × (0.4 × 90 + 0.6 × 100).
    assert 57.6 == s.total
    assert (6, 0.5) == (s.channel(RES).invited, s.channel(RES).participation)
    assert (0, None) == (s.channel(ORG).invited, s.channel(ORG).participation)
    assert ChannelScore(channel=ReviewChannel.ORGANISATION_DEPARTMENT, weight=0.0, valid=0, invalid=0) == (
        s.channel(ReviewChannel.ORGANISATION_DEPARTMENT))
    assert s.channel(ReviewChannel.ORGANISATION_DEPARTMENT).channel is ReviewChannel.ORGANISATION_DEPARTMENT


def test_the_total_on_another_scale() -> None:
    """Values are kept on the rule's scale and brought to 100 points for the total."""
    five = attrs.evolve(DEFAULT_RULE, scale=(1.0, 5.0), renormalise=True)
    ballots = [ballot(f"r{i}", RES, value=v) for i, v in enumerate([S, S, D])]
    s = score(commitment(), ballots, five, as_of=END, fulfilment={"N1": 2, "N2": 4})
    assert 1.0 + 4.0 * 2 / 3 == pytest.approx(s.channel(RES).value, rel=1e-12)
    # 40 × 1 + 0.6 × 100 × (value − 1) / 4
    assert 80.0 == s.total
    ballots = [ballot(f"o{i}", value=v) for i, v in enumerate([2, 3, 4])]
    ballots += [ballot("o9", value=0.5), ballot("o8", value=5.5)]
    s = score(commitment(), ballots, five, as_of=END, fulfilment={})
    assert (3.0, 2) == (s.channel(ORG).value, s.channel(ORG).invalid)
    assert 30.0 == s.total  # 0.6 × 100 × (3 − 1) / 4


def test_a_veto_caps_only_a_higher_total_and_leaves_no_total_alone() -> None:
    ballots = [ballot(f"o{i}", value=50) for i in range(3)]
    lenient = attrs.evolve(DEFAULT_RULE, renormalise=True, veto_cap=60.0)
    assert 30.0 == score(commitment(), ballots, lenient, as_of=END, fulfilment={}, vetoes=["x"]).total
    assert score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={}, vetoes=["x"]).total is None


# --------------------------------------------------------------------------- agreement, in detail


def two_channel(o: float | None, r: float | None, other: ReviewChannel = RES) -> scoring.Score:
    channels = [ChannelScore(channel=ORG, weight=0.4, valid=3, invalid=0, value=o),
                ChannelScore(channel=other, weight=0.6, valid=3, invalid=0, value=r)]
    return scoring.Score(reviewee="x", commitment="c", version=1, rule_from=DAY, completion=1,
                         channels=channels)


def test_a_value_on_a_cut_is_in_the_band_above() -> None:
    # bands: 60 → 1 and 85 → 2 with the default cuts; just below each cut the band below.
    same = [two_channel(60, 60), two_channel(85, 85), two_channel(59.9, 59.9)]
    assert 1.0 == channel_agreement(same, weights=None)
    shifted = [two_channel(60, 59.9), two_channel(85, 84.9), two_channel(59.9, 59.8)]
    assert 1.0 > channel_agreement(shifted, weights=None)


def test_agreement_over_more_bands_keeps_the_empty_ones() -> None:
    # Four bands (cuts 25, 50, 75); band 2 is empty.  Linear weights on bands 0 to 3:
    # pairs (0, 0), (1, 3), (3, 1), (3, 3): Σ w·O = 2 · 2 = 4, rows (1, 1, 0, 2) and columns alike,
    # Σ w·E × n = Σ r_x c_y |x − y| = 2·1·1 + 2·1·2·3 ... computed below by hand.
    scores = [two_channel(10, 10), two_channel(30, 80), two_channel(80, 30), two_channel(90, 90)]
    rows = {0: 1, 1: 1, 3: 2}
    expected_disagreement = sum(rx * cy * abs(x - y) for x, rx in rows.items() for y, cy in rows.items())
    kappa = 1 - 4 * 4 / expected_disagreement
    assert kappa == pytest.approx(channel_agreement(scores, cuts=(50.0, 75.0, 25.0)), abs=1e-12)
    quadratic = sum(rx * cy * (x - y) ** 2 for x, rx in rows.items() for y, cy in rows.items())
    assert 1 - 2 * 4 * 4 / quadratic == pytest.approx(
        channel_agreement(scores, cuts=(25.0, 50.0, 75.0), weights="quadratic"), abs=1e-12)


def test_agreement_names_what_it_refuses() -> None:
    scores = [two_channel(90, 95), two_channel(70, None), two_channel(None, 80)]
    assert 1.0 == channel_agreement(scores)  # only the first has both
    err = rejects(r"'scores' must be at least one reviewee rated by both \(got 'none with both channels'\)",
                  channel_agreement, scores[1:])
    assert "scores" == err.field
    rejects(r"'scores' must be at least one reviewee rated by both .*", channel_agreement, scores,
            second=ReviewChannel.COMMUNITY)
    assert 1.0 == channel_agreement([two_channel(90, 95, ReviewChannel.COMMUNITY)],
                                    second=ReviewChannel.COMMUNITY)
    err = rejects(r"'weights' must be one of None, 'linear', 'quadratic' \(got 'cubic'\)", channel_agreement,
                  scores, weights="cubic")
    assert ("weights", "cubic") == (err.field, err.value)


def test_a_period_that_is_not_one_is_reported_by_its_own_check() -> None:
    # The default window is only worked out from a real period: the period's check speaks first.
    refused = r"'period' must be <class 'servicegov\.calendar\.Period'> \(got '2025'"
    with pytest.raises(TypeError, match=refused):
        commitment(period="2025")


def test_the_total_is_rounded_to_nine_decimals() -> None:
    """Equal work gives equal totals whatever the order of summation: totals keep nine decimals."""
    c = commitment(items=[item("N1", END), item("N2", END), item("N3", END)])
    ballots = [ballot(f"o{i}", value=80) for i in range(3)]
    lenient = attrs.evolve(DEFAULT_RULE, renormalise=True)
    s = score(c, ballots, lenient, as_of=END, fulfilment={"N1": 1})
    assert 61.333333333 == s.total  # 40 / 3 + 0.6 × 80
    # Renormalising over no channel at all still gives no total.
    assert score(c, [], lenient, as_of=END, fulfilment={"N1": 1}).total is None


def test_score_names_a_bad_rule_or_fulfilment() -> None:
    c = commitment()
    first = ScoringRule(effective_from=dt.date(2025, 1, 1))
    none_yet = r"^no scoring rule in effect on 2024-12-31 \(the first starts on 2025-01-01\)$"
    with pytest.raises(NoRuleInEffect, match=none_yet):
        score(c, [], [first], as_of=dt.date(2024, 12, 31), fulfilment={})
    with pytest.raises(ConfigurationError, match=r"^'rule' must be at least one version \(got \(\)\)$"):
        score(c, [], [], as_of=END, fulfilment={})
    with pytest.raises(ConfigurationError, match=r"^'rule\[\]\.effective_from' must be distinct dates"):
        score(c, [], [first, first], as_of=END, fulfilment={})
    rejects(r"'fulfilment\['N1'\]' must be a non-negative number \(got nan\)", score, c, [], first,
            as_of=END, fulfilment={"N1": float("nan")})
    rejects(r"'fulfilment\['N1'\]' must be a non-negative number \(got '1'\)", score, c, [], first,
            as_of=END, fulfilment={"N1": "1"})


def test_the_offending_value_is_kept_on_the_error() -> None:
    joined = item("N9", dt.date(2025, 6, 1), joined=dt.date(2025, 5, 2))
    err = rejects(r"'items\[0\]\.joined' must be None when there is no standing promise to join under "
                  r"\(got datetime.date\(2025, 5, 2\)\)", commitment, items=[joined], standing=False)
    assert ("items[0].joined", dt.date(2025, 5, 2)) == (err.field, err.value)
    outside = attrs.evolve(joined, joined=dt.date(2026, 1, 2))
    err = rejects(r"'items\[0\]\.joined' must be a date within the period, 2025-01-01 to 2025-12-31 "
                  r"\(got datetime.date\(2026, 1, 2\)\)", commitment, items=[outside])
    assert ("items[0].joined", dt.date(2026, 1, 2)) == (err.field, err.value)
    err = rejects(r"'fixed_on' must be a datetime.date \(got datetime.datetime\(2025, 1, 10, 0, 0\)\)",
                  commitment, fixed_on=dt.datetime(2025, 1, 10))
    assert ("fixed_on", dt.datetime(2025, 1, 10)) == (err.field, err.value)
    err = rejects(r"'fixed_on' must be a date within the period, 2025-01-01 to 2025-12-31: "
                  r"a commitment fixed outside its period is refused \(got datetime.date\(2026, 1, 5\)\)",
                  commitment, fixed_on=dt.date(2026, 1, 5))
    assert ("fixed_on", dt.date(2026, 1, 5)) == (err.field, err.value)
    err = rejects(r"'items\[1\]\.ref' must be unique among the items joining \(got 'N7'\)", join,
                  commitment(), [item("N7", END), item("N7", END)], on=DAY)
    assert ("items[1].ref", "N7") == (err.field, err.value)


def test_trimmed_mean_defaults_trim_one_at_each_end_above_five() -> None:
    assert 55.0 == trimmed_mean([0, 10, 60, 70, 80, 100])  # six values: 0 and 100 dropped
    assert 44.0 == trimmed_mean([0, 10, 60, 70, 80])  # five: none dropped
    rejects(r"'values\[1\]' must be a finite number \(got 'a'\)", trimmed_mean, [1.0, "a"])
    rejects(r"'values\[1\]' must be a finite number \(got nan\)", trimmed_mean, [1.0, float("nan")])
    rejects(r"'ratings\[1\]' must be a Satisfaction: one of 'satisfied', 'basically-satisfied', "
            r"'dissatisfied' \(got 5\)", satisfaction_rate, [S, 5])


def test_a_channel_trims_as_its_rule_says() -> None:
    scores = [0, 10, 50, 60, 70, 90, 100]
    ballots = [ballot(f"o{i}", value=v) for i, v in enumerate(scores)]
    wide = attrs.evolve(DEFAULT_RULE, trim_above=6, trim=2)
    assert 60.0 == score(commitment(), ballots, wide, as_of=END, fulfilment={}).channel(ORG).mean
    early = attrs.evolve(DEFAULT_RULE, trim_above=3, trim=1)
    ballots = [ballot(f"o{i}", value=v) for i, v in enumerate([0, 60, 70, 80])]
    assert 65.0 == score(commitment(), ballots, early, as_of=END, fulfilment={}).channel(ORG).mean

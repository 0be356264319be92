"""Properties of `servicegov.screening`: priority, total and deterministic screening, consolidation."""

from __future__ import annotations

from collections import Counter

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import strategies
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Group, Need, Scope
from servicegov.screening import (
    DEFAULT_RULES,
    Reason,
    ScreeningRules,
    Verdict,
    classify_text,
    consolidate,
    priority,
    screen,
)

from ..unit.screening_cases import V1, V2


class TestPriority:
    @given(strategies.needs(), strategies.screening_rules())
    def test_priority_is_the_weighted_mean_plus_boost_to_six_decimals(
        self, n: Need, rules: ScreeningRules
    ) -> None:
        wu, wn, wa = rules.weights
        mean = (wu * n.urgency + wn * n.necessity + wa * n.aspiration) / (wu + wn + wa)
        emphasised = {e.kind: e.groups for e in rules.emphasis}.get(n.kind, frozenset())
        boost = rules.emphasis_boost if n.groups & emphasised else 0.0
        actual = priority(n, rules)

        assert round(actual, 6) == actual
        assert actual == pytest.approx(mean + boost, abs=5.1e-7)

    @given(strategies.needs(), st.sampled_from(["urgency", "necessity", "aspiration"]))
    def test_priority_rises_with_each_score(self, n: Need, field: str) -> None:
        value = getattr(n, field)
        if value < 5:
            higher = attrs.evolve(n, **{field: value + 1})
            step = dict(zip(("urgency", "necessity", "aspiration"), DEFAULT_RULES.weights, strict=True))[
                field
            ]

            assert priority(higher) == pytest.approx(priority(n) + step)

    @given(
        strategies.needs(),
        strategies.screening_rules(),
        st.sampled_from(["urgency", "necessity", "aspiration"]),
    )
    def test_priority_never_falls_when_a_score_rises_under_any_rules(
        self, n: Need, rules: ScreeningRules, field: str
    ) -> None:
        value = getattr(n, field)
        if value < 5:
            assert priority(n, rules) <= priority(attrs.evolve(n, **{field: value + 1}), rules)

    @given(strategies.needs(), strategies.screening_rules())
    def test_an_emphasised_group_raises_priority_by_the_boost(self, n: Need, rules: ScreeningRules) -> None:
        emphasised = {e.kind: e.groups for e in rules.emphasis}.get(n.kind, frozenset())
        plain = attrs.evolve(n, groups=(n.groups - emphasised) or {Group.GENERAL})
        if Group.GENERAL in emphasised or not emphasised:
            return
        lifted = attrs.evolve(plain, groups=plain.groups | {min(emphasised, key=lambda g: g.value)})

        assert priority(lifted, rules) == pytest.approx(
            priority(plain, rules) + rules.emphasis_boost, abs=2e-6
        )

    @given(strategies.needs())
    def test_priority_lies_between_one_and_five_plus_the_boost(self, n: Need) -> None:
        assert 1.0 <= priority(n) <= 6.0


class TestScreeningIsTotalAndDeterministic:
    @given(strategies.needs(), strategies.screening_rules(), st.booleans())
    def test_every_need_gets_exactly_one_verdict_the_same_each_time(
        self, n: Need, rules: ScreeningRules, duplicate: bool
    ) -> None:
        dup = "N0" if duplicate else None
        first = screen(n, rules, as_of=rules.effective_from, duplicate_of=dup)

        assert first == screen(n, rules, as_of=rules.effective_from, duplicate_of=dup)
        assert n.id == first.need_id
        assert len(set(first.reasons)) == len(first.reasons)
        assert priority(n, rules) == first.priority

    @given(strategies.needs(), strategies.screening_rules(), st.booleans())
    def test_rejected_iff_a_rejecting_reason_deliberation_iff_only_referring_ones(
        self, n: Need, rules: ScreeningRules, duplicate: bool
    ) -> None:
        s = screen(n, rules, as_of=rules.effective_from, duplicate_of="N0" if duplicate else None)
        rejecting = [r for r in s.reasons if r.rejects]

        assert (Verdict.REJECTED is s.verdict) == bool(rejecting)
        assert (Verdict.DELIBERATION is s.verdict) == (bool(s.reasons) and not rejecting)
        assert (Verdict.ACCEPTED is s.verdict) == (not s.reasons)
        assert (Reason.DUPLICATE in s.reasons) == duplicate

    @given(strategies.needs(), strategies.screening_rules())
    def test_each_reason_is_found_exactly_when_its_rule_is_broken(
        self, n: Need, rules: ScreeningRules
    ) -> None:
        reasons = set(screen(n, rules, as_of=rules.effective_from).reasons)
        common = n.scope is Scope.COMMON
        ceiling = rules.max_cost_common if common else rules.max_cost_individual
        soft = rules.deliberation_cost_common if common else rules.deliberation_cost_individual
        required = {e.category: e.groups for e in rules.eligibility}.get(n.category)

        assert (Reason.UNREALISTIC in reasons) == (not n.policy_allows)
        assert (Reason.INELIGIBLE in reasons) == (required is not None and not n.groups & required)
        assert (Reason.EXCESSIVE in reasons) == (n.cost > ceiling)
        assert (Reason.COSTLY in reasons) == (soft < n.cost <= ceiling)
        assert (Reason.INCOMPLETE in reasons) == (not common and len(n.households) > 1)
        assert (Reason.FEW_BENEFICIARIES in reasons) == (
            common and len(n.households) < rules.min_common_households
        )


class TestClassifyText:
    @given(st.text(alphabet="路灯子女打电话培训就业义诊垃圾看望 ", max_size=20))
    def test_candidates_are_sorted_and_scored_by_the_keywords_they_quote(self, note: str) -> None:
        found = classify_text(note)
        order = {c: i for i, c in enumerate(DEFAULT_CATALOGUE.codes)}

        assert sorted(found, key=lambda c: (-c.score, order[c.category])) == list(found)
        for c in found:
            assert c.score == sum(len(w) for w in c.matched)
            assert all(w in note for w in c.matched)


def _key(n: Need) -> tuple[str, str, str | None]:
    return (n.village, n.category, n.good)


@st.composite
def repositories(draw: st.DrawFn) -> list[Need]:
    """Requests from two villages in two categories, some registered twice."""
    catalogue = Catalogue(
        categories=(DEFAULT_CATALOGUE.category("infrastructure"), DEFAULT_CATALOGUE.category("health"))
    )
    made = draw(
        st.lists(
            st.sampled_from([V1, V2]).flatmap(lambda v: strategies.needs(village=v, catalogue=catalogue)),
            max_size=12,
        )
    )
    out: list[Need] = []
    for i, n in enumerate(made):
        if out and draw(st.integers(0, 3)) == 0:
            n = attrs.evolve(
                draw(st.sampled_from(out)), collected=n.collected, channel=n.channel, note=n.note
            )
        out.append(attrs.evolve(n, id=f"N{i}"))
    return out


class TestConsolidation:
    @given(repositories())
    def test_a_merged_need_takes_the_maximum_of_its_requests(self, needs: list[Need]) -> None:
        by_id = {n.id: n for n in needs}

        for m in consolidate(needs).needs:
            if m.merged_from:
                group = [by_id[i] for i in m.ids]
                assert (
                    max(n.urgency for n in group),
                    max(n.necessity for n in group),
                    max(n.aspiration for n in group),
                    max(n.cost for n in group),
                    all(n.policy_allows for n in group),
                    frozenset().union(*(n.groups for n in group)),
                ) == (m.urgency, m.necessity, m.aspiration, m.cost, m.policy_allows, m.groups)

    @given(repositories())
    def test_no_id_is_lost_or_listed_twice(self, needs: list[Need]) -> None:
        c = consolidate(needs)
        out_ids = [n.id for n in c.needs]
        merged = [m for m, _ in c.merged]

        assert sorted(n.id for n in needs) == sorted(out_ids + merged)
        assert {into for _, into in c.merged} <= set(out_ids)
        assert sorted(merged) == sorted(i for n in c.needs for i in n.merged_from)
        assert len(needs) == len(c.needs) + len(c.merged)

    @given(repositories())
    def test_duplicates_are_listed_with_an_earlier_identical_original(self, needs: list[Need]) -> None:
        c = consolidate(needs)
        by_id = {n.id: n for n in needs}
        out_ids = {n.id for n in c.needs}

        for dup, original in c.duplicates:
            d, o = by_id[dup], by_id[original]
            assert dup in out_ids
            assert (o.collected, o.id) < (d.collected, d.id)
            assert attrs.evolve(d, id=o.id, collected=o.collected, channel=o.channel, note=o.note) == o

    @given(repositories())
    def test_the_households_of_each_common_good_are_conserved(self, needs: list[Need]) -> None:
        c = consolidate(needs)

        def households(ns: tuple[Need, ...] | list[Need]) -> dict[tuple[str, str, str | None], set[str]]:
            out: dict[tuple[str, str, str | None], set[str]] = {}
            for n in ns:
                out.setdefault(_key(n), set()).update(n.households)
            return out

        assert households(needs) == households(c.needs)
        assert Counter(n.scope for n in c.needs if n.good is None) == Counter(
            n.scope for n in needs if n.good is None
        )

    @given(repositories())
    def test_consolidating_the_distinct_needs_again_changes_nothing(self, needs: list[Need]) -> None:
        c = consolidate(needs)
        dups = c.duplicate_of()
        distinct = tuple(n for n in c.needs if n.id not in dups)
        again = consolidate(distinct)

        assert distinct == again.needs
        assert () == again.merged
        assert () == again.duplicates

    @given(repositories())
    def test_needs_that_are_neither_merged_nor_merging_pass_unchanged(self, needs: list[Need]) -> None:
        c = consolidate(needs)
        unchanged = {n.id: n for n in c.needs if not n.merged_from}

        for n in needs:
            if n.id in unchanged:
                assert n == unchanged[n.id]

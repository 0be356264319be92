"""Screening: 最急、最需、最盼且现实 — and filtering out 不切合实际、与身份不符、过高的需求 (seed 001)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from servicegov.errors import ConfigurationError, DuplicateId, InvalidValue, NoRuleInEffect, UnknownReference
from servicegov.labels import label
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, CollectionChannel, Group, Need, NeedKind, Scope
from servicegov.screening import (
    DEFAULT_KEYWORDS,
    DEFAULT_RULES,
    DEFAULT_SCREENING_POLICY,
    Candidate,
    Eligibility,
    Emphasis,
    Finding,
    KeywordTable,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    Verdict,
    classify_text,
    consolidate,
    priority,
    screen,
)

from .screening_cases import V1, V2

DAY = dt.date(2025, 3, 1)
AS_OF = dt.date(2025, 3, 10)


def need(**changes: Any) -> Need:
    fields: dict[str, Any] = {
        "id": "N1",
        "village": V1,
        "kind": NeedKind.LIVELIHOOD,
        "category": "health",
        "scope": Scope.INDIVIDUAL,
        "households": ("h1",),
        "collected": DAY,
    }
    fields.update(changes)
    return Need(**fields)


def lamps(nid: str, *households: str, **changes: Any) -> Need:
    fields: dict[str, Any] = {
        "id": nid,
        "category": "infrastructure",
        "scope": Scope.COMMON,
        "households": households or (f"h-{nid}",),
        "good": "street-lamps",
    }
    return need(**{**fields, **changes})


def verdict_and_reasons(n: Need, rules: ScreeningRules = DEFAULT_RULES) -> tuple[Verdict, list[Reason]]:
    s = screen(n, rules, as_of=AS_OF)
    return s.verdict, list(s.reasons)


class TestSeedRules:
    def test_a_plain_need_within_the_rules_is_accepted_with_no_findings(self) -> None:
        s = screen(need(cost=500.0), as_of=AS_OF)

        assert Screening(need_id="N1", verdict=Verdict.ACCEPTED, findings=(), priority=3.0) == s

    def test_a_livelihood_subsidy_for_a_household_in_no_poverty_group_is_ineligible(self) -> None:
        """与身份不符: housing-safety subsidies are for key-poverty and special-hardship households."""
        s = screen(need(category="housing-safety", groups={Group.GENERAL}), as_of=AS_OF)

        assert Verdict.REJECTED is s.verdict
        assert [Reason.INELIGIBLE] == list(s.reasons)
        assert "housing-safety is for: key-poverty, special-hardship" == s.findings[0].detail
        assert "与身份不符" == label(Reason.INELIGIBLE, "zh")

    @pytest.mark.parametrize("group", [Group.KEY_POVERTY, Group.SPECIAL_HARDSHIP])
    def test_the_same_subsidy_for_a_poor_household_is_accepted(self, group: Group) -> None:
        assert (Verdict.ACCEPTED, []) == verdict_and_reasons(
            need(category="social-security", groups={Group.GENERAL, group})
        )

    def test_a_need_policy_does_not_allow_is_unrealistic(self) -> None:
        """不切合实际."""
        s = screen(need(policy_allows=False), as_of=AS_OF)

        assert (Verdict.REJECTED, (Reason.UNREALISTIC,)) == (s.verdict, s.reasons)
        assert "policy does not allow it" == s.findings[0].detail
        assert "不切合实际" == label(Reason.UNREALISTIC, "zh")

    @pytest.mark.parametrize(
        ("scope", "households", "cost", "expected"),
        [
            (Scope.INDIVIDUAL, 1, 10_000.0, (Verdict.ACCEPTED, [])),
            (Scope.INDIVIDUAL, 1, 10_000.01, (Verdict.DELIBERATION, [Reason.COSTLY])),
            (Scope.INDIVIDUAL, 1, 50_000.0, (Verdict.DELIBERATION, [Reason.COSTLY])),
            (Scope.INDIVIDUAL, 1, 50_000.01, (Verdict.REJECTED, [Reason.EXCESSIVE])),
            (Scope.COMMON, 2, 300_000.0, (Verdict.ACCEPTED, [])),
            (Scope.COMMON, 2, 300_000.01, (Verdict.DELIBERATION, [Reason.COSTLY])),
            (Scope.COMMON, 2, 2_000_000.0, (Verdict.DELIBERATION, [Reason.COSTLY])),
            (Scope.COMMON, 2, 2_000_000.01, (Verdict.REJECTED, [Reason.EXCESSIVE])),
        ],
    )
    def test_cost_thresholds_refer_costly_needs_and_reject_excessive_ones(
        self, scope: Scope, households: int, cost: float, expected: tuple[Verdict, list[Reason]]
    ) -> None:
        """过高的需求 are rejected; costly ones go to the village's deliberation."""
        n = need(scope=scope, households=[f"h{i}" for i in range(households)], cost=cost)

        assert expected == verdict_and_reasons(n)

    def test_the_excessive_finding_says_which_ceiling_was_crossed(self) -> None:
        s = screen(need(cost=60_000.0), as_of=AS_OF)

        assert "cost 60000 > 50000" == s.findings[0].detail
        assert "需求过高" == label(Reason.EXCESSIVE, "zh")

    @pytest.mark.parametrize(
        ("scope", "households", "cost", "expected"),
        [
            (Scope.INDIVIDUAL, ("h1",), 20_000.0, "cost 20000 > 10000"),
            (Scope.COMMON, ("h1", "h2"), 400_000.5, "cost 400000 > 300000"),
        ],
    )
    def test_the_costly_finding_says_which_deliberation_threshold_was_crossed(
        self, scope: Scope, households: tuple[str, ...], cost: float, expected: str
    ) -> None:
        s = screen(need(scope=scope, households=households, cost=cost), as_of=AS_OF)

        assert (Finding(reason=Reason.COSTLY, detail=expected),) == s.findings

    def test_the_few_beneficiaries_finding_counts_the_households(self) -> None:
        rules = ScreeningRules(min_common_households=3)
        s = screen(need(scope=Scope.COMMON, households=("h1", "h2")), rules, as_of=AS_OF)

        assert (Finding(reason=Reason.FEW_BENEFICIARIES, detail="2 < 3 households"),) == s.findings

    def test_an_individual_need_naming_two_households_is_incomplete(self) -> None:
        s = screen(need(households=("h1", "h2")), as_of=AS_OF)

        assert (Verdict.REJECTED, (Reason.INCOMPLETE,)) == (s.verdict, s.reasons)
        assert "an individual need names 2 households" == s.findings[0].detail

    @pytest.mark.parametrize(
        ("minimum", "households", "expected"),
        [
            (2, 1, (Verdict.DELIBERATION, [Reason.FEW_BENEFICIARIES])),
            (2, 2, (Verdict.ACCEPTED, [])),
            (3, 2, (Verdict.DELIBERATION, [Reason.FEW_BENEFICIARIES])),
            (3, 3, (Verdict.ACCEPTED, [])),
            (1, 1, (Verdict.ACCEPTED, [])),
        ],
    )
    def test_a_common_need_with_few_beneficiaries_is_referred(
        self, minimum: int, households: int, expected: tuple[Verdict, list[Reason]]
    ) -> None:
        rules = ScreeningRules(min_common_households=minimum)
        n = need(scope=Scope.COMMON, households=[f"h{i}" for i in range(households)])

        assert expected == verdict_and_reasons(n, rules)

    def test_a_duplicate_is_rejected_naming_the_original(self) -> None:
        s = screen(need(id="N2"), as_of=AS_OF, duplicate_of="N1")

        assert (Verdict.REJECTED, (Reason.DUPLICATE,)) == (s.verdict, s.reasons)
        assert "duplicate of N1" == s.findings[0].detail

    def test_findings_come_in_a_fixed_order_and_one_rejecting_reason_outweighs_referrals(self) -> None:
        n = need(category="housing-safety", policy_allows=False, cost=20_000.0, households=("h1", "h2"))
        s = screen(n, as_of=AS_OF, duplicate_of="N0")

        assert [
            Reason.UNREALISTIC,
            Reason.INELIGIBLE,
            Reason.COSTLY,
            Reason.INCOMPLETE,
            Reason.DUPLICATE,
        ] == list(s.reasons)
        assert Verdict.REJECTED is s.verdict

    def test_only_referring_reasons_refer_for_deliberation(self) -> None:
        n = need(scope=Scope.COMMON, households=("h1",), cost=400_000.0)

        assert (Verdict.DELIBERATION, [Reason.COSTLY, Reason.FEW_BENEFICIARIES]) == verdict_and_reasons(n)

    def test_which_reasons_reject(self) -> None:
        assert {Reason.COSTLY, Reason.FEW_BENEFICIARIES} == {r for r in Reason if not r.rejects}

    def test_a_need_in_no_category_of_the_catalogue_is_refused(self) -> None:
        with pytest.raises(UnknownReference, match="'category' must be a code of the catalogue"):
            screen(need(category="health"), as_of=AS_OF, catalogue=Catalogue(categories=()))


class TestPriority:
    def test_an_emotional_need_of_a_left_behind_elder_gets_the_emphasis_boost(self) -> None:
        """情感需求 are emphasised for the three left-behind (三留守)."""
        elder = need(kind=NeedKind.EMOTIONAL, category="family-contact", groups={Group.LEFT_BEHIND_ELDER})
        general = attrs.evolve(elder, groups={Group.GENERAL})

        assert 4.0 == priority(elder)
        assert 3.0 == priority(general)
        assert 4.0 == screen(elder, as_of=AS_OF).priority

    @pytest.mark.parametrize(
        ("kind", "group", "boosted"),
        [
            (NeedKind.DEVELOPMENT, Group.PROSPERITY_SEEKER, True),
            (NeedKind.LIVELIHOOD, Group.KEY_POVERTY, True),
            (NeedKind.LIVELIHOOD, Group.SPECIAL_HARDSHIP, True),
            (NeedKind.EMOTIONAL, Group.LEFT_BEHIND_CHILD, True),
            (NeedKind.EMOTIONAL, Group.LEFT_BEHIND_WOMAN, True),
            (NeedKind.DEVELOPMENT, Group.LEFT_BEHIND_ELDER, False),
            (NeedKind.EMOTIONAL, Group.KEY_POVERTY, False),
            (NeedKind.LIVELIHOOD, Group.GENERAL, False),
        ],
    )
    def test_each_kind_emphasises_its_own_groups(self, kind: NeedKind, group: Group, boosted: bool) -> None:
        n = need(kind=kind, groups={group})

        assert (4.0 if boosted else 3.0) == priority(n)

    def test_urgency_weighs_most_then_necessity_then_aspiration(self) -> None:
        assert 2.6 == priority(need(urgency=5, necessity=1, aspiration=1))
        assert 2.4 == priority(need(urgency=1, necessity=5, aspiration=1))
        assert 2.0 == priority(need(urgency=1, necessity=1, aspiration=5))
        assert 1.0 == priority(need(urgency=1, necessity=1, aspiration=1))
        assert 5.0 == priority(need(urgency=5, necessity=5, aspiration=5))

    def test_weights_are_normalised_and_the_boost_is_a_parameter(self) -> None:
        rules = ScreeningRules(weights=(2.0, 0.0, 0.0), emphasis_boost=2.5)
        n = need(urgency=4, necessity=1, aspiration=1, groups={Group.KEY_POVERTY})

        assert 6.5 == priority(n, rules)
        assert 4.0 == priority(attrs.evolve(n, groups={Group.GENERAL}), rules)

    def test_priority_is_rounded_to_six_decimals(self) -> None:
        rules = ScreeningRules(weights=(1.0, 1.0, 1.0), emphasis=())

        assert 1.333333 == priority(need(urgency=1, necessity=1, aspiration=2), rules)
        assert 4.666667 == priority(need(urgency=5, necessity=5, aspiration=4), rules)

    def test_no_emphasis_means_no_boost(self) -> None:
        rules = ScreeningRules(emphasis=())

        assert 3.0 == priority(need(groups={Group.KEY_POVERTY}), rules)


class TestRulesAndPolicies:
    def test_the_default_rules_are_the_seeds_with_documented_defaults(self) -> None:
        r = DEFAULT_RULES

        assert (0.4, 0.35, 0.25) == r.weights
        assert (50_000.0, 2_000_000.0, 10_000.0, 300_000.0) == (
            r.max_cost_individual,
            r.max_cost_common,
            r.deliberation_cost_individual,
            r.deliberation_cost_common,
        )
        assert (1.0, 2) == (r.emphasis_boost, r.min_common_households)
        assert dt.date.min == r.effective_from
        assert (DEFAULT_RULES,) == DEFAULT_SCREENING_POLICY.versions

    def test_a_policy_uses_the_latest_version_that_has_started(self) -> None:
        old = ScreeningRules(effective_from=dt.date(2020, 1, 1))
        new = ScreeningRules(effective_from=dt.date(2024, 1, 1), emphasis_boost=2.0)
        policy = ScreeningPolicy(versions=(new, old))

        assert old is policy.at(dt.date(2023, 12, 31))
        assert new is policy.at(dt.date(2024, 1, 1))
        assert 5.0 == screen(need(groups={Group.KEY_POVERTY}), policy, as_of=dt.date(2024, 6, 1)).priority

    def test_before_the_first_version_no_rules_are_in_effect(self) -> None:
        rules = ScreeningRules(effective_from=dt.date(2020, 1, 1))
        policy = ScreeningPolicy(versions=(rules,))

        with pytest.raises(NoRuleInEffect, match="no screening rules in effect on 2019-12-31"):
            screen(need(), policy, as_of=dt.date(2019, 12, 31))
        with pytest.raises(NoRuleInEffect, match="no screening rules in effect on 2019-12-31") as info:
            rules.at(dt.date(2019, 12, 31))
        assert ("as_of", dt.date(2019, 12, 31)) == (info.value.field, info.value.value)
        assert rules is rules.at(dt.date(2020, 1, 1))
        assert DEFAULT_RULES is DEFAULT_RULES.at(dt.date.min)

    def test_a_policy_needs_versions_with_distinct_start_dates(self) -> None:
        with pytest.raises(ConfigurationError, match="'versions' must be at least one version"):
            ScreeningPolicy(versions=())
        with pytest.raises(ConfigurationError, match="distinct dates"):
            ScreeningPolicy(versions=(DEFAULT_RULES, ScreeningRules()))

    @pytest.mark.parametrize(
        ("weights", "message"),
        [
            ((1.0, 1.0), "'weights' must be three numbers >= 0"),
            ((1.0, -0.1, 1.0), "'weights' must be three numbers >= 0"),
            ((0.0, 0.0, 0.0), "'weights' must be weights with a positive sum"),
        ],
    )
    def test_bad_weights_are_refused(self, weights: tuple[float, ...], message: str) -> None:
        with pytest.raises(InvalidValue, match=message) as info:
            ScreeningRules(weights=weights)
        assert ("weights", weights) == (info.value.field, info.value.value)
        assert str(info.value).endswith(f"(got {weights!r})")

    def test_a_deliberation_threshold_may_equal_but_not_exceed_its_ceiling(self) -> None:
        assert (
            5.0
            == ScreeningRules(deliberation_cost_individual=5.0, max_cost_individual=5.0).max_cost_individual
        )
        assert 7.0 == ScreeningRules(deliberation_cost_common=7.0, max_cost_common=7.0).max_cost_common
        with pytest.raises(
            InvalidValue, match=r"'deliberation_cost_individual' must be at most max_cost_individual \(5\.0\)"
        ) as info:
            ScreeningRules(deliberation_cost_individual=5.01, max_cost_individual=5.0)
        assert ("deliberation_cost_individual", 5.01) == (info.value.field, info.value.value)
        with pytest.raises(
            InvalidValue, match=r"'deliberation_cost_common' must be at most max_cost_common \(5\.0\)"
        ) as info:
            ScreeningRules(deliberation_cost_common=5.01, max_cost_common=5.0)
        assert ("deliberation_cost_common", 5.01) == (info.value.field, info.value.value)

    @pytest.mark.parametrize(
        "field", ["emphasis_boost", "deliberation_cost_individual", "deliberation_cost_common"]
    )
    def test_a_threshold_of_zero_is_allowed(self, field: str) -> None:
        zero: dict[str, Any] = {field: 0}

        assert 0 == getattr(ScreeningRules(**zero), field)

    @pytest.mark.parametrize(
        "field", ["emphasis_boost", "max_cost_individual", "max_cost_common", "deliberation_cost_common"]
    )
    def test_a_negative_threshold_is_refused(self, field: str) -> None:
        negative: dict[str, Any] = {field: -1}
        with pytest.raises(InvalidValue, match=f"'{field}' must be a number >= 0"):
            ScreeningRules(**negative)

    @pytest.mark.parametrize("value", [0, -1, True, 2.0])
    def test_min_common_households_is_an_integer_from_one(self, value: object) -> None:
        with pytest.raises(InvalidValue, match="'min_common_households' must be an integer >= 1"):
            ScreeningRules(min_common_households=value)  # type: ignore[arg-type]

    def test_eligibility_and_emphasis_are_data(self) -> None:
        rules = ScreeningRules(
            eligibility=(Eligibility(category="health", groups={Group.LEFT_BEHIND_ELDER}),),
            emphasis=(Emphasis(kind=NeedKind.LIVELIHOOD, groups={Group.GENERAL}),),
        )

        assert (Verdict.REJECTED, [Reason.INELIGIBLE]) == verdict_and_reasons(need(), rules)
        assert (Verdict.ACCEPTED, []) == verdict_and_reasons(need(category="housing-safety"), rules)
        assert 4.0 == priority(need(), rules)

    def test_the_ineligible_finding_lists_the_groups_of_any_rules_in_sorted_order(self) -> None:
        rules = ScreeningRules(
            eligibility=(
                Eligibility(category="health", groups={Group.LEFT_BEHIND_ELDER, Group.LEFT_BEHIND_CHILD}),
            ),
        )
        s = screen(need(groups={Group.GENERAL}), rules, as_of=AS_OF)

        assert (
            Finding(reason=Reason.INELIGIBLE, detail="health is for: left-behind-child, left-behind-elder"),
        ) == s.findings


class TestClassifyText:
    def test_a_call_from_the_children_is_family_contact(self) -> None:
        """ "希望子女多打电话": the left-behind elder wishes her children called more."""
        assert (
            Candidate(category="family-contact", score=5.0, matched=("打电话", "子女")),
        ) == classify_text("希望子女多打电话")

    def test_street_lamps_are_infrastructure(self) -> None:
        assert [Candidate(category="infrastructure", score=2.0, matched=("路灯",))] == list(
            classify_text("村里晚上没有路灯")
        )

    def test_longer_keywords_outweigh_shorter_ones(self) -> None:
        found = classify_text("想参加电商培训")

        assert ["skills-training", "market-access"] == [c.category for c in found]
        assert [6.0, 2.0] == [c.score for c in found]

    def test_ties_are_broken_by_catalogue_order(self) -> None:
        assert ["employment", "skills-training"] == [c.category for c in classify_text("培训就业")]

    def test_a_note_with_no_keyword_proposes_nothing(self) -> None:
        assert () == classify_text("")
        assert () == classify_text("天气不错")

    def test_only_categories_of_the_catalogue_are_proposed(self) -> None:
        only = Catalogue(categories=(DEFAULT_CATALOGUE.category("infrastructure"),))

        assert ["infrastructure"] == [c.category for c in classify_text("路灯和子女打电话", only)]

    def test_a_table_can_be_built_from_a_mapping(self) -> None:
        table = KeywordTable.from_mapping({"health": ["义诊", ""], "culture": ("义诊",)})

        assert (("health", ("义诊", "")), ("culture", ("义诊",))) == table.entries
        assert [
            Candidate(category="health", score=2.0, matched=("义诊",)),
            Candidate(category="culture", score=2.0, matched=("义诊",)),
        ] == list(classify_text("义诊", table=table))
        assert 16 == len(DEFAULT_KEYWORDS.entries)


class TestConsolidation:
    def test_thirty_requests_for_street_lamps_become_one_need_of_thirty_households(self) -> None:
        requests = [lamps(f"L{i:02d}", collected=DAY + dt.timedelta(days=i)) for i in range(30)]
        c = consolidate(requests)

        assert 1 == len(c.needs)
        assert "L00" == c.needs[0].id
        assert tuple(f"h-L{i:02d}" for i in range(30)) == c.needs[0].households
        assert tuple(f"L{i:02d}" for i in range(1, 30)) == c.needs[0].merged_from
        assert tuple((f"L{i:02d}", "L00") for i in range(1, 30)) == c.merged
        assert () == c.duplicates

    def test_a_merged_need_takes_the_highest_scores_and_cost_and_every_group(self) -> None:
        a = lamps("A", "h1", urgency=2, necessity=5, aspiration=1, cost=100.0, groups={Group.GENERAL})
        b = lamps(
            "B",
            "h2",
            "h1",
            urgency=4,
            necessity=1,
            aspiration=3,
            cost=900.0,
            groups={Group.KEY_POVERTY},
            policy_allows=False,
            collected=DAY + dt.timedelta(days=1),
        )
        (m,) = consolidate([b, a]).needs

        assert ("A", ("h1", "h2")) == (m.id, m.households)
        assert (4, 5, 3, 900.0) == (m.urgency, m.necessity, m.aspiration, m.cost)
        assert frozenset({Group.GENERAL, Group.KEY_POVERTY}) == m.groups
        assert m.policy_allows is False

    @pytest.mark.parametrize("field", ["urgency", "necessity", "aspiration"])
    def test_a_merged_need_takes_each_highest_score_from_whichever_request_has_it(self, field: str) -> None:
        scores = {"urgency": 2, "necessity": 2, "aspiration": 2}
        first = lamps("A", "h1", **scores)
        later = lamps("B", "h2", collected=DAY + dt.timedelta(days=1), **{**scores, field: 5})
        (m,) = consolidate([first, later]).needs

        assert {**scores, field: 5} == {
            "urgency": m.urgency,
            "necessity": m.necessity,
            "aspiration": m.aspiration,
        }

    def test_requests_in_other_villages_or_for_other_goods_are_not_merged(self) -> None:
        requests = [
            lamps("A"),
            lamps("B", village=V2),
            lamps("C", good="tractor-road"),
            lamps("D", good=None),
            lamps("E", good=None),
        ]
        c = consolidate(requests)

        assert ["A", "B", "C", "D", "E"] == [n.id for n in c.needs]
        assert () == c.merged

    def test_individual_needs_are_never_merged(self) -> None:
        c = consolidate([need(id="A", households=("h1",)), need(id="B", households=("h2",))])

        assert ["A", "B"] == [n.id for n in c.needs]

    def test_an_exact_duplicate_is_kept_and_marked_with_the_earliest_as_original(self) -> None:
        first = need(id="B", collected=DAY)
        again = attrs.evolve(
            first, id="A", collected=DAY + dt.timedelta(days=3), channel=CollectionChannel.HOTLINE, note="x"
        )
        same_day = attrs.evolve(first, id="C")
        c = consolidate([again, same_day, first])

        assert ["B", "C", "A"] == [n.id for n in c.needs]
        assert (("C", "B"), ("A", "B")) == c.duplicates
        assert {"C": "B", "A": "B"} == c.duplicate_of()
        assert {} == c.merged_into()

    def test_a_duplicate_of_a_merged_request_is_kept_for_rejection(self) -> None:
        a, b = lamps("A", "h1"), lamps("B", "h2", collected=DAY + dt.timedelta(days=1))
        a_again = attrs.evolve(a, id="A2", collected=DAY + dt.timedelta(days=2))
        c = consolidate([a, b, a_again])

        assert ["A", "A2"] == [n.id for n in c.needs]
        assert (("A2", "A"),) == c.duplicates
        assert {"B": "A"} == c.merged_into()

    def test_duplicate_ids_are_refused_naming_the_callers_index(self) -> None:
        later = need(id="A", collected=DAY + dt.timedelta(days=5))
        with pytest.raises(DuplicateId, match=r"'needs\[1\]\.id' must be unique \(got 'A'\)"):
            consolidate([need(id="A"), later, need(id="B", collected=DAY - dt.timedelta(days=1))])


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"need": None}, "need", "a servicegov.needs.Need"),
        ({"rules": "strict"}, "rules", "a ScreeningRules or ScreeningPolicy"),
        ({"as_of": "2025-01-01"}, "as_of", "a datetime.date (not a datetime or a string)"),
        ({"catalogue": []}, "catalogue", "a servicegov.needs.Catalogue"),
        ({"duplicate_of": 5}, "duplicate_of", "a need id or None"),
    ],
)
def test_a_bad_argument_to_screen_is_named_with_what_is_allowed(
    changes: dict[str, Any], field: str, allowed: str
) -> None:
    arguments: dict[str, Any] = {"need": need(), "as_of": AS_OF, **changes}
    with pytest.raises(InvalidValue) as info:
        screen(**arguments)

    assert (field, changes[field], allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_a_common_request_on_its_own_is_kept_as_it_came() -> None:
    alone = lamps("N1", "h-1", "h-2")
    c = consolidate([alone])

    assert (alone,) == c.needs
    assert () == c.merged

"""Residents' needs (群众需求) and the service catalogue (服务清单), seed 001."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from servicegov.errors import DuplicateId, InvalidValue, ServicegovError, UnknownReference
from servicegov.needs import (
    DEFAULT_CATALOGUE,
    Catalogue,
    Category,
    CollectionChannel,
    Group,
    Need,
    NeedKind,
    Scope,
    ServiceItem,
    default_catalogue,
)

VILLAGE = "420117101201"
DAY = dt.date(2025, 3, 7)


def need(**changes: Any) -> Need:
    fields: dict[str, Any] = {
        "id": "N1",
        "village": VILLAGE,
        "kind": NeedKind.EMOTIONAL,
        "category": "family-contact",
        "scope": Scope.INDIVIDUAL,
        "households": ("h-0001",),
        "collected": DAY,
    }
    fields.update(changes)
    return Need(**fields)


class TestNeedDefaults:
    def test_a_need_defaults_to_a_general_household_scored_three_collected_door_to_door(self) -> None:
        n = need()

        assert frozenset({Group.GENERAL}) == n.groups
        assert (3, 3, 3) == (n.urgency, n.necessity, n.aspiration)
        assert 0.0 == n.cost
        assert n.policy_allows is True
        assert CollectionChannel.DOOR_TO_DOOR is n.channel
        assert (None, None, (), "") == (n.good, n.recurrence, n.merged_from, n.note)

    def test_the_surveyors_note_is_kept_out_of_repr(self) -> None:
        n = need(note="王大妈, 身份证 110105194912310021")

        assert "王大妈" not in repr(n)
        assert "王大妈, 身份证 110105194912310021" == n.note

    def test_collections_are_frozen(self) -> None:
        n = need(households=["h1", "h2"], scope=Scope.COMMON, groups=[Group.KEY_POVERTY])

        assert ("h1", "h2") == n.households
        assert frozenset({Group.KEY_POVERTY}) == n.groups
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            n.urgency = 5  # type: ignore[misc]

    def test_ids_are_the_needs_id_then_the_merged_ids(self) -> None:
        assert ("N1",) == need().ids
        assert ("N1", "N7", "N9") == need(merged_from=("N7", "N9")).ids


class TestScores:
    """最急、最需、最盼: each score is an integer from 1 to 5."""

    @pytest.mark.parametrize("field", ["urgency", "necessity", "aspiration"])
    @pytest.mark.parametrize("value", [1, 5])
    def test_the_bounds_are_allowed(self, field: str, value: int) -> None:
        assert value == getattr(need(**{field: value}), field)

    @pytest.mark.parametrize("field", ["urgency", "necessity", "aspiration"])
    @pytest.mark.parametrize("value", [0, 6, 9, -1, 3.0, True, "3"])
    def test_outside_the_bounds_or_not_an_integer_is_refused(self, field: str, value: object) -> None:
        with pytest.raises(InvalidValue, match=f"'{field}' must be an integer from 1 to 5") as info:
            need(**{field: value})
        assert field == info.value.field
        assert value == info.value.value


class TestHouseholds:
    """Beneficiaries are pseudonymous; a leaked repository must name nobody."""

    @pytest.mark.parametrize("card", ["110105194912310021", "11010519491231002X", "11010519491231002x"])
    def test_an_id_card_number_is_refused(self, card: str) -> None:
        with pytest.raises(
            InvalidValue, match=r"'households\[1\]' must be a pseudonymous id, not an ID-card"
        ):
            need(scope=Scope.COMMON, households=("h-1", card))

    @pytest.mark.parametrize("almost", ["11010519491231002", "1101051949123100211", "h10105194912310021"])
    def test_a_number_that_is_not_an_id_card_is_allowed(self, almost: str) -> None:
        assert (almost,) == need(households=(almost,)).households

    def test_at_least_one_household(self) -> None:
        with pytest.raises(InvalidValue, match="'households' must be at least one pseudonymous household id"):
            need(households=())

    def test_a_household_is_listed_once(self) -> None:
        with pytest.raises(InvalidValue, match="'households' must be without repeated ids"):
            need(scope=Scope.COMMON, households=("h1", "h2", "h1"))

    def test_an_empty_household_id_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"'households\[0\]' must be a non-empty string"):
            need(households=("",))


class TestOtherFields:
    def test_the_village_must_be_a_village_level_code(self) -> None:
        with pytest.raises(InvalidValue, match="'village' must be a village-level division code"):
            need(village="420117101000")
        with pytest.raises(InvalidValue, match="'village' must be a 12-digit division code"):
            need(village="4201")

    @pytest.mark.parametrize(
        ("field", "value"), [("kind", "emotional"), ("scope", "common"), ("channel", "x")]
    )
    def test_enums_must_be_members_not_their_values(self, field: str, value: str) -> None:
        with pytest.raises(InvalidValue, match=f"'{field}' must be ") as info:
            need(**{field: value})
        # Never a list of allowed values that holds the value refused.
        allowed = str(info.value).rsplit(" (got ", 1)[0]
        assert repr(value) not in allowed or "the member, not the string" in allowed

    def test_a_group_must_be_a_group(self) -> None:
        # A member's own value is told to pass the member, as every enum field says.
        member = r"'groups' must be Group\.GENERAL, the member, not the string 'general'"
        with pytest.raises(InvalidValue, match=member):
            need(groups={"general"})
        with pytest.raises(InvalidValue, match=r"'groups' must be a Group: one of '.*' \(got 'nobody'\)"):
            need(groups={"nobody"})

    @pytest.mark.parametrize("value", ["", " N1", "N1 ", 7])
    def test_an_id_is_non_empty_without_surrounding_spaces(self, value: object) -> None:
        with pytest.raises(InvalidValue, match="'id' must be a non-empty id without surrounding spaces"):
            need(id=value)

    @pytest.mark.parametrize("cost", [0, 0.0, 1e9])
    def test_a_cost_is_any_finite_number_of_yuan_from_zero(self, cost: float) -> None:
        assert cost == need(cost=cost).cost

    @pytest.mark.parametrize("cost", [-0.01, float("inf"), float("nan"), True, "100"])
    def test_a_negative_infinite_or_non_numeric_cost_is_refused(self, cost: object) -> None:
        with pytest.raises(InvalidValue, match="'cost' must be a finite number of yuan >= 0"):
            need(cost=cost)

    def test_the_collection_date_is_a_date_not_a_datetime(self) -> None:
        with pytest.raises(InvalidValue, match=r"'collected' must be a datetime\.date"):
            need(collected=dt.datetime(2025, 3, 7, 9, 0))

    @pytest.mark.parametrize(
        ("field", "value"), [("policy_allows", 1), ("good", 3), ("note", None), ("merged_from", (1,))]
    )
    def test_a_wrongly_typed_field_is_a_servicegov_error_naming_it(self, field: str, value: object) -> None:
        with pytest.raises(ServicegovError, match=f"'{field}"):
            need(**{field: value})


class TestRecurrence:
    """A left-behind elder is fetched every Friday for a video call with her grandchildren."""

    def test_every_friday_gives_the_fridays_from_the_start(self) -> None:
        n = need(recurrence="FREQ=WEEKLY;BYDAY=FR")

        assert (dt.date(2025, 3, 7), dt.date(2025, 3, 14), dt.date(2025, 3, 21)) == n.occurrences(DAY, 3)
        assert (dt.date(2025, 3, 14),) == n.occurrences(dt.date(2025, 3, 8), 1)
        assert () == n.occurrences(DAY, 0)

    def test_a_need_that_does_not_recur_has_no_occurrences(self) -> None:
        assert () == need().occurrences(DAY, 5)
        assert None is need().recurrence_rule(DAY)

    def test_a_rule_with_a_count_stops_there(self) -> None:
        assert 2 == len(need(recurrence="FREQ=DAILY;COUNT=2").occurrences(DAY, 10))

    @pytest.mark.parametrize(
        "rule", ["FREQ=FOO", "every friday", "", "DTSTART:20250101T000000\nRRULE:FREQ=DAILY", 7]
    )
    def test_a_bad_recurrence_rule_is_refused(self, rule: object) -> None:
        with pytest.raises(InvalidValue, match="'recurrence' must be an RFC 5545 RRULE without DTSTART"):
            need(recurrence=rule)


class TestCatalogue:
    def test_the_default_catalogue_has_16_categories_5_development_8_livelihood_3_emotional(self) -> None:
        assert 16 == len(DEFAULT_CATALOGUE.categories)
        assert 5 == len(DEFAULT_CATALOGUE.by_kind(NeedKind.DEVELOPMENT))
        assert 8 == len(DEFAULT_CATALOGUE.by_kind(NeedKind.LIVELIHOOD))
        assert 3 == len(DEFAULT_CATALOGUE.by_kind(NeedKind.EMOTIONAL))
        assert DEFAULT_CATALOGUE is default_catalogue()
        assert 16 == len(set(DEFAULT_CATALOGUE.codes))

    def test_a_category_is_found_by_code(self) -> None:
        c = DEFAULT_CATALOGUE.category("family-contact")

        assert ("亲情联络", "family contact", NeedKind.EMOTIONAL) == (c.name_zh, c.name_en, c.kind)
        assert "family-contact" in DEFAULT_CATALOGUE
        assert "nowhere" not in DEFAULT_CATALOGUE

    def test_an_unknown_category_names_the_field(self) -> None:
        with pytest.raises(UnknownReference, match="'category' must be a code of the catalogue") as info:
            DEFAULT_CATALOGUE.category("no-such")
        assert isinstance(info.value, KeyError)
        with pytest.raises(UnknownReference, match=r"'needs\[2\]\.category'"):
            DEFAULT_CATALOGUE.category("no-such", field="needs[2].category")

    def test_two_categories_may_not_share_a_code(self) -> None:
        c = Category(code="a", name_zh="甲", name_en="a", kind=NeedKind.DEVELOPMENT)
        with pytest.raises(DuplicateId, match=r"'categories\[1\].code' must be unique \(got 'a'\)"):
            Catalogue(categories=(c, c))

    def test_an_item_must_be_in_a_category_of_the_catalogue(self) -> None:
        item = ServiceItem(code="P1", category="nowhere", name_zh="项目")
        with pytest.raises(UnknownReference, match=r"'items\[0\].category' must be a code of the catalogue"):
            DEFAULT_CATALOGUE.with_items([item])

    def test_two_items_may_not_share_a_code(self) -> None:
        item = ServiceItem(code="P1", category="health", name_zh="义诊")
        with pytest.raises(DuplicateId, match=r"'items\[1\].code' must be unique"):
            DEFAULT_CATALOGUE.with_items([item, item])

    def test_items_are_listed_by_category(self) -> None:
        a = ServiceItem(code="P1", category="health", name_zh="义诊")
        b = ServiceItem(code="P2", category="culture", name_zh="广场舞")
        cat = DEFAULT_CATALOGUE.with_items([a, b])

        assert (a,) == cat.items_in("health")
        assert () == cat.items_in("employment")
        assert () == DEFAULT_CATALOGUE.items
        with pytest.raises(UnknownReference):
            cat.items_in("nowhere")

    @pytest.mark.parametrize("field", ["name_zh", "name_en"])
    def test_a_category_needs_both_names(self, field: str) -> None:
        names = {"name_zh": "甲", "name_en": "a", field: ""}
        with pytest.raises(InvalidValue, match=f"'{field}' must be a non-empty string"):
            Category(code="a", kind=NeedKind.DEVELOPMENT, **names)

    @pytest.mark.parametrize("capacity", [0, -1, True, 1.5])
    def test_a_project_takes_at_least_one_claimant(self, capacity: object) -> None:
        with pytest.raises(InvalidValue, match="'capacity' must be an integer >= 1"):
            ServiceItem(code="P1", category="health", name_zh="义诊", capacity=capacity)  # type: ignore[arg-type]

    def test_a_project_with_capacity_one_is_allowed(self) -> None:
        assert 1 == ServiceItem(code="P1", category="health", name_zh="义诊").capacity

    def test_a_projects_division_must_be_a_code(self) -> None:
        with pytest.raises(InvalidValue, match="'division' must be a 12-digit division code"):
            ServiceItem(code="P1", category="health", name_zh="义诊", division="42")


_GROUPS = (
    "'prosperity-seeker', 'key-poverty', 'special-hardship', 'left-behind-child', "
    "'left-behind-woman', 'left-behind-elder', 'general'"
)
_RRULE = "an RFC 5545 RRULE without DTSTART, e.g. 'FREQ=WEEKLY;BYDAY=FR'"
_HEALTH = ServiceItem(code="P1", category="health", name_zh="义诊")


class TestRejectionsNameFieldValueAndWhatIsAllowed:
    """The house formula (errors.py): field, offending value and what is allowed."""

    @pytest.mark.parametrize(
        ("call", "field", "value", "allowed"),
        [
            (lambda: need(urgency=0), "urgency", 0, "an integer from 1 to 5"),
            (lambda: need(necessity=6), "necessity", 6, "an integer from 1 to 5"),
            (lambda: need(aspiration=3.0), "aspiration", 3.0, "an integer from 1 to 5"),
            (
                lambda: Category(code="a", name_zh="", name_en="a", kind=NeedKind.DEVELOPMENT),
                "name_zh",
                "",
                "a non-empty string",
            ),
            (
                lambda: Category(code="a", name_zh="甲", name_en=7, kind=NeedKind.DEVELOPMENT),  # type: ignore[arg-type]
                "name_en",
                7,
                "a non-empty string",
            ),
            (lambda: need(merged_from=("N2", 3)), "merged_from[1]", 3, "a need id"),
            (lambda: need(households=()), "households", (), "at least one pseudonymous household id"),
            (lambda: need(households=("h-1", "")), "households[1]", "", "a non-empty string"),
            (
                lambda: need(households=("h-1", "13812345678")),
                "households[1]",
                "138****5678",
                "a pseudonymous id, not a mobile number",
            ),
            (lambda: need(households=("h-1", "h-1")), "households", ("h-1", "h-1"), "without repeated ids"),
            (lambda: need(groups={"general"}), "groups", "general",
             "Group.GENERAL, the member, not the string 'general'"),
            (lambda: need(groups={"nobody"}), "groups", "nobody", f"a Group: one of {_GROUPS}"),
            (lambda: need(recurrence="FREQ=SOMETIMES"), "recurrence", "FREQ=SOMETIMES", _RRULE),
            (lambda: need(recurrence=42), "recurrence", 42, _RRULE),
            (lambda: need(cost=-1), "cost", -1, "a finite number of yuan >= 0"),
            (
                lambda: DEFAULT_CATALOGUE.with_items([_HEALTH, _HEALTH]),
                "items[1].code",
                "P1",
                "unique",
            ),
            (
                lambda: DEFAULT_CATALOGUE.with_items([ServiceItem(code="P2", category="x", name_zh="甲")]),
                "items[0].category",
                "x",
                "a code of the catalogue",
            ),
            (lambda: DEFAULT_CATALOGUE.category("x"), "category", "x", "a code of the catalogue"),
        ],
    )
    def test_each_rejection(self, call: Any, field: str, value: object, allowed: str) -> None:
        with pytest.raises(ServicegovError) as info:
            call()

        assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)

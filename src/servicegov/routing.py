"""Routing a need tier by tier, with escalation and deadlines (分层解决).

A need is solved first at village level — its grids, Party groups, volunteer
team, members and committee, under the village Party organisation.  What the
village cannot solve goes to the town's functional departments (提交街镇统筹研究),
and what the town cannot solve goes to the district: an individual need of a
special-hardship household to the personal-claim channel of cadres (党员干部个人进村
认领), a common need to the collective channel of units (单位集体认领), and the
district departments take the needs of the villages they are linked to (联系村).
A tier that does not act within its time limit escalates (明确办事时限).

:func:`route` returns a :class:`Route` value: the hops a need made and where it
ended — :class:`RoutedTo` (unit, tier, due date, channel) or :class:`Unroutable`.
Expected outcomes are values, never exceptions.

Examples:
    >>> import datetime as dt
    >>> from servicegov.routing import DEFAULT_POLICY, route
    >>> from servicegov.simulation import generate
    >>> d = generate("small", seed=0)
    >>> need = next(n for n in d.needs if n.category == "housing-safety" and n.cost > 30000)
    >>> r = route(need, d.organisation, DEFAULT_POLICY, as_of=dt.date(2025, 4, 1),
    ...           calendar=d.calendar)
    >>> [h.why.value for h in r.hops], r.result.tier.value
    (['over-cost-ceiling'], 'town')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from servicegov import divisions
from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov._validators import arg_date, arg_enum, arg_of, count, real
from servicegov.calendar import CHINA_2025, WorkCalendar
from servicegov.errors import ConfigurationError, InvalidValue, UnknownReference
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Group, Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit

__all__ = [
    "DEFAULT_POLICY",
    "Channel",
    "Competence",
    "CostCeiling",
    "DeadlineRule",
    "EscalationReason",
    "Hop",
    "Mode",
    "Route",
    "RoutedTo",
    "RoutingPolicy",
    "Unroutable",
    "UnroutableReason",
    "default_policy",
    "escalate",
    "route",
]


def __dir__() -> list[str]:
    return __all__


class EscalationReason(LabelledEnum):
    """EscalationReason a need left a unit for another: the one name for it in routing, the
    pipeline and the lifecycle (``servicegov.lifecycle.EscalationReason`` is this enum).

    Routing names the first four; ``referred`` is a lower tier handing a need
    up of its own accord, which a platform may record as an event.

    Examples:
        >>> EscalationReason("deadline-passed").zh
        '逾期未办结'
    """

    NO_COMPETENCE = ("no-competence", "无权限或无能力办理", "no competent unit")
    OVER_COST_CEILING = ("over-cost-ceiling", "超出本级经费能力", "over the tier's cost ceiling")
    NO_CAPACITY = ("no-capacity", "本级力量不足", "no capacity left")
    DEADLINE_PASSED = ("deadline-passed", "逾期未办结", "deadline passed")
    REFERRED = ("referred", "下级提交", "referred by a lower tier")


class Channel(LabelledEnum):
    """How the unit that holds a need came to hold it."""

    TIER = ("tier", "分层办理", "handled by the tier")
    PERSONAL_CLAIM = ("personal-claim", "党员干部个人认领", "personal claim by a cadre")
    COLLECTIVE_CLAIM = ("collective-claim", "单位集体认领", "collective claim by a unit")
    LINKED_DEPARTMENT = ("linked-department", "联系部门认领", "linked district department")
    BACKSTOP = ("backstop", "兜底办理", "backstop")
    FIRST_RECEIVER = ("first-receiver", "首接负责", "first receiver is responsible")


class Mode(LabelledEnum):
    """The routing regime."""

    TIERED = ("tiered", "分层解决", "tier by tier")
    FIRST_RECEIVER = ("first-receiver", "首接负责", "first receiver is responsible")


class UnroutableReason(LabelledEnum):
    """Why no unit could take a need."""

    NO_UNIT = ("no-unit", "无可办理单位", "no unit can take it and there is no backstop")


@attrs.frozen(kw_only=True)
class Competence:
    """Units of *kind* at *tier* can solve needs of *categories* (all, if empty).

    Like a body-and-category contact table: data, not code.
    """

    tier: Tier
    kind: ProviderKind
    categories: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)


@attrs.frozen(kw_only=True)
class CostCeiling:
    """The most a tier can fund for one need, in yuan."""

    tier: Tier
    max_cost: float = attrs.field(validator=real(0, allowed="a number of yuan >= 0"))


@attrs.frozen(kw_only=True)
class DeadlineRule:
    """The time limit of a tier, optionally for one category or from a priority up.

    The most specific rule wins: a category rule over a general one, then the
    highest ``min_priority`` the need reaches.  ``hours`` (around the clock) is for
    emergencies; otherwise ``workdays`` on the district's :class:`WorkCalendar`.
    """

    tier: Tier
    # Bounded: a deadline is counted day by day on the calendar.
    workdays: int = attrs.field(default=10, validator=count(0, 3_650))
    category: str | None = None
    min_priority: float = 0.0
    hours: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            count(0, 87_600, allowed="an integer from 0 to 87600 (ten years) or None")
        ),
    )



_VILLAGE_EVERYDAY = frozenset({"family-contact", "visits-comfort", "culture", "elderly-care"})


def _default_competence() -> tuple[Competence, ...]:
    return (
        Competence(tier=Tier.GRID, kind=ProviderKind.PARTY_ORGANISATION,
                   categories={"family-contact", "visits-comfort", "legal-aid"}),
        Competence(tier=Tier.PARTY_GROUP, kind=ProviderKind.PARTY_ORGANISATION,
                   categories=_VILLAGE_EVERYDAY | {"legal-aid", "sanitation"}),
        Competence(tier=Tier.VILLAGE, kind=ProviderKind.VOLUNTEER_TEAM,
                   categories=_VILLAGE_EVERYDAY | {"education", "sanitation", "health"}),
        Competence(tier=Tier.VILLAGE, kind=ProviderKind.VILLAGE_COMMITTEE,
                   categories={"infrastructure", "sanitation", "social-security", "legal-aid",
                               "housing-safety", "employment"}),
        Competence(tier=Tier.VILLAGE, kind=ProviderKind.PARTY_ORGANISATION,
                   categories={"employment", "market-access", "agri-tech", "skills-training"}),
        Competence(tier=Tier.TOWN, kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Competence(tier=Tier.DISTRICT, kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Competence(tier=Tier.DISTRICT, kind=ProviderKind.WORK_GROUP),
    )


@attrs.frozen(kw_only=True)
class RoutingPolicy:
    """Who can solve what, what each tier can fund, and how long each tier has.

    Attributes:
        competence: which kinds of unit at which tier solve which categories.
        cost_ceilings: per tier; a tier without one has no ceiling.
        deadlines: time limits per tier (see :class:`DeadlineRule`).
        mode: tier by tier (the default) or first receiver responsible (首接负责):
            the village Party organisation keeps every need it receives.
        use_backstop: send what nobody can take to the organisation's backstop.
        respect_capacity: skip units whose capacity is used up.
        escalate_overdue: in the pipeline, escalate a need whose deadline passed.
        start_tier: the lowest tier to try.

    The defaults are illustrative: the seeds give the tiers and their order, not
    the numbers.
    """

    competence: tuple[Competence, ...] = attrs.field(factory=_default_competence, converter=to_tuple)
    cost_ceilings: tuple[CostCeiling, ...] = attrs.field(
        default=(
            CostCeiling(tier=Tier.GRID, max_cost=1_000.0),
            CostCeiling(tier=Tier.PARTY_GROUP, max_cost=3_000.0),
            CostCeiling(tier=Tier.VILLAGE, max_cost=30_000.0),
            CostCeiling(tier=Tier.TOWN, max_cost=300_000.0),
        ),
        converter=to_tuple,
    )
    deadlines: tuple[DeadlineRule, ...] = attrs.field(
        default=(
            DeadlineRule(tier=Tier.GRID, workdays=3),
            DeadlineRule(tier=Tier.PARTY_GROUP, workdays=5),
            DeadlineRule(tier=Tier.VILLAGE, workdays=10),
            DeadlineRule(tier=Tier.TOWN, workdays=15),
            DeadlineRule(tier=Tier.DISTRICT, workdays=20),
            DeadlineRule(tier=Tier.VILLAGE, min_priority=5.5, workdays=0, hours=48),
        ),
        converter=to_tuple,
    )
    mode: Mode = Mode.TIERED
    use_backstop: bool = True
    respect_capacity: bool = True
    escalate_overdue: bool = True
    start_tier: Tier = Tier.GRID

    # Derived lookups, built once: slotted classes make cached_property slow, and a
    # district asks the same few questions hundreds of thousands of times.
    _competent: dict[tuple[Tier, ProviderKind], frozenset[str] | None] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _ceilings: dict[Tier, float] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _memo: dict[tuple[Any, ...], Any] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        competent: dict[tuple[Tier, ProviderKind], frozenset[str] | None] = {}
        for comp in self.competence:
            key = (comp.tier, comp.kind)
            if not comp.categories or (key in competent and competent[key] is None):
                competent[key] = None  # every category
            else:
                competent[key] = (competent.get(key) or frozenset()) | comp.categories
        object.__setattr__(self, "_competent", competent)
        object.__setattr__(self, "_ceilings", {c.tier: c.max_cost for c in self.cost_ceilings})
        object.__setattr__(self, "_memo", {})
        seen: set[Tier] = set()
        for i, c in enumerate(self.cost_ceilings):
            if c.tier in seen:
                raise ConfigurationError.for_field(
                    f"cost_ceilings[{i}].tier", c.tier.value, "one ceiling per tier"
                )
            seen.add(c.tier)
        rules: set[tuple[Tier, str | None, float]] = set()
        for i, d in enumerate(self.deadlines):
            rule = (d.tier, d.category, d.min_priority)
            if rule in rules:
                raise ConfigurationError.for_field(
                    f"deadlines[{i}]", rule, "one rule per tier, category and priority"
                )
            rules.add(rule)

    @checked
    def check(self, catalogue: Catalogue) -> RoutingPolicy:
        """Return the policy if every category it names is in *catalogue*.

        Raises:
            ConfigurationError: naming the first unknown category.
        """
        codes = set(catalogue.codes)
        for i, c in enumerate(self.competence):
            for code in sorted(c.categories - codes):
                raise ConfigurationError.for_field(
                    f"competence[{i}].categories", code, "a category of the catalogue"
                )
        for i, d in enumerate(self.deadlines):
            if d.category is not None and d.category not in codes:
                raise ConfigurationError.for_field(
                    f"deadlines[{i}].category", d.category, "a category of the catalogue"
                )
        return self

    @checked
    def competent(self, unit: Unit, category: str) -> bool:
        """Whether *unit* can solve needs of *category*."""
        return self._is_competent(unit, category)

    # The routing's own calls use the private forms below: they are its hottest
    # calls, and their arguments were checked when route() was called.
    def _is_competent(self, unit: Unit, category: str) -> bool:
        key = (unit.tier, unit.kind)
        if key not in self._competent:
            return False
        cats = self._competent[key]
        return cats is None or category in cats

    @checked
    def ceiling(self, tier: Tier) -> float | None:
        """The cost ceiling of *tier*, or ``None`` for none."""
        return self._ceilings.get(tier)

    @checked
    def deadline_rule(self, tier: Tier, category: str, priority: float) -> DeadlineRule:
        """The rule that sets the time limit of *tier* for a need.

        Raises:
            ConfigurationError: when no rule covers the tier.
        """
        return self._rule(tier, category, priority)

    def _rule(self, tier: Tier, category: str, priority: float) -> DeadlineRule:
        key = ("rule", tier, category, priority)
        found: DeadlineRule | None = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._deadline_rule(tier, category, priority)
        return found

    def _deadline_rule(self, tier: Tier, category: str, priority: float) -> DeadlineRule:
        best: DeadlineRule | None = None
        for d in self.deadlines:
            if d.tier is not tier or (d.category is not None and d.category != category):
                continue
            if priority < d.min_priority:
                continue
            if best is None or (d.category is not None, d.min_priority) > (
                best.category is not None,
                best.min_priority,
            ):
                best = d
        if best is None:
            raise ConfigurationError.for_field("deadlines", tier.value, "a rule for every tier")
        return best

    @checked
    def due(
        self, tier: Tier, category: str, priority: float, start: dt.date, calendar: WorkCalendar
    ) -> dt.date:
        """The due date of a need that reaches *tier* on *start*."""
        return self._due(tier, category, priority, start, calendar)

    def _due(
        self, tier: Tier, category: str, priority: float, start: dt.date, calendar: WorkCalendar
    ) -> dt.date:
        key = ("due", tier, category, priority, start, calendar)
        found: dt.date | None = self._memo.get(key)
        if found is not None:
            return found
        rule = self._rule(tier, category, priority)
        if rule.hours is not None:
            moment = calendar.add_hours(dt.datetime.combine(start, dt.time(9)), rule.hours)
            found = moment.date()
        else:
            found = calendar.add_workdays(start, rule.workdays)
        self._memo[key] = found
        return found


DEFAULT_POLICY = RoutingPolicy()


@attrs.frozen(kw_only=True)
class Hop:
    """One escalation: from a unit to the parent unit of the next tier, and why."""

    from_unit: str
    from_tier: Tier
    to_unit: str
    to_tier: Tier
    why: EscalationReason
    on: dt.date


@attrs.frozen(kw_only=True)
class RoutedTo:
    """A unit holds the need, with a due date."""

    unit: str
    tier: Tier
    due: dt.date
    channel: Channel = Channel.TIER
    since: dt.date


@attrs.frozen(kw_only=True)
class Unroutable:
    """No unit can take the need."""

    reason: UnroutableReason
    detail: str = ""


@attrs.frozen(kw_only=True)
class Route:
    """Where a need went: its hops and where it ended."""

    need_id: str
    hops: tuple[Hop, ...] = attrs.field(default=(), converter=to_tuple)
    result: RoutedTo | Unroutable

    @property
    def routed(self) -> bool:
        """Whether a unit holds the need."""
        return isinstance(self.result, RoutedTo)


def _configure(conv: Any) -> None:
    from cattrs.strategies import configure_tagged_union

    from servicegov._strict import objects_only

    tags = {RoutedTo: "routed", Unroutable: "unroutable"}
    configure_tagged_union(RoutedTo | Unroutable, conv, tag_name="result", tag_generator=tags.__getitem__)
    tagged = conv.get_structure_hook(RoutedTo | Unroutable)
    allowed = ", ".join(repr(t) for t in tags.values())

    # Without this a missing or unknown tag surfaces as a bare KeyError
    # ("required field missing"), and a tag that is an array or an object as
    # Python's "unhashable type".
    def structure_result(value: Any, cl: Any) -> Any:
        if value.get("result") not in tags.values():
            raise ValueError(f"'result' must be one of {allowed} (got {value.get('result')!r})")
        return tagged(value, cl)

    conv.register_structure_hook(RoutedTo | Unroutable, objects_only(structure_result))


_TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
# (tier, rank, whether leaving it is an escalation the seeds count), lowest first.
_PLAN = tuple((t, i, t in (Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)) for i, t in enumerate(_TIERS))
_TOWN_RANK = _TIERS.index(Tier.TOWN)
# Escalation for a missed deadline goes to the next level the seeds name.
_NEXT = {
    Tier.GRID: Tier.VILLAGE,
    Tier.PARTY_GROUP: Tier.VILLAGE,
    Tier.VILLAGE: Tier.TOWN,
    Tier.TOWN: Tier.DISTRICT,
}
_HARDSHIP = frozenset({Group.SPECIAL_HARDSHIP})


class _Index:
    """Per-organisation lookups: the units of each tier that can serve a village."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.by_village: dict[str, dict[Tier, tuple[Unit, ...]]] = {}
        self.heads: dict[str, dict[Tier, Unit]] = {}
        self.competent: dict[tuple[int, str, str], dict[Tier, tuple[Unit, ...]]] = {}
        # Keeps the policies keyed by id() alive so that their ids are not reused.
        self.policies: dict[int, RoutingPolicy] = {}

    def candidates(
        self, policy: RoutingPolicy, village: str, category: str
    ) -> dict[Tier, tuple[Unit, ...]]:
        key = (id(policy), village, category)
        found = self.competent.get(key)
        if found is None:
            self.policies[id(policy)] = policy
            found = {
                t: tuple(u for u in units if policy._is_competent(u, category))
                for t, units in self.tiers(village).items()
            }
            self.competent[key] = found
        return found

    def tiers(self, village: str) -> dict[Tier, tuple[Unit, ...]]:
        found = self.by_village.get(village)
        if found is None:
            found = self._build(village)
            self.by_village[village] = found
        return found

    def _build(self, village: str) -> dict[Tier, tuple[Unit, ...]]:
        local = self.org.units_in(village)
        if not local:
            raise UnknownReference.for_field(
                "village", village, "a village of the organisation"
            )
        town = divisions.parent(village)
        out: dict[Tier, list[Unit]] = {t: [] for t in _TIERS}
        for u in local:
            if u.tier in (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE):
                out[u.tier].append(u)
        for u in self.org.units_in(town) if town else ():
            if u.tier is Tier.TOWN:
                out[Tier.TOWN].append(u)
        out[Tier.DISTRICT] = list(self.org.linked_to(village))
        heads: dict[Tier, Unit] = {}
        for t, units in out.items():
            ids = {u.id for u in units}
            top = [u for u in units if u.parent not in ids]
            if top:
                heads[t] = top[0]
        # An escalation names the parent unit: the village's parent is the town, the
        # town's parent the district, whoever then takes the need.
        for lower, upper in ((Tier.VILLAGE, Tier.TOWN), (Tier.TOWN, Tier.DISTRICT)):
            below = heads.get(lower)
            if below is not None and below.parent is not None:
                heads[upper] = self.org.unit(below.parent)
        heads.setdefault(Tier.DISTRICT, self.org.root)
        self.heads[village] = heads
        return {t: tuple(us) for t, us in out.items()}


_INDEXES: dict[int, _Index] = {}


def _index(org: Organisation) -> _Index:
    # Keyed by identity: organisations are immutable, and hashing a large one is slow.
    idx = _INDEXES.get(id(org))
    if idx is None or idx.org is not org:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        idx = _Index(org)
        _INDEXES[id(org)] = idx
    return idx


def _district_channel(need: Need) -> Channel:
    if need.scope is Scope.COMMON:
        return Channel.COLLECTIVE_CLAIM
    if need.groups & _HARDSHIP:
        return Channel.PERSONAL_CLAIM
    return Channel.LINKED_DEPARTMENT


@checked
def route(
    need: Need,
    organisation: Organisation,
    policy: RoutingPolicy = DEFAULT_POLICY,
    *,
    as_of: dt.date,
    calendar: WorkCalendar = CHINA_2025,
    priority: float | None = None,
    load: Mapping[str, int] | None = None,
    start_tier: Tier | None = None,
) -> Route:
    """Route one need from the lowest competent tier of its village upwards.

    Args:
        need: the need (already accepted by screening).
        organisation: the units; the need's village must have units.
        policy: competence, cost ceilings, deadlines.
        as_of: the day the need is routed; deadlines run from it.
        calendar: the working calendar for deadlines.
        priority: the need's priority (for deadline rules); the urgency if omitted.
        load: needs each unit already holds, for capacity.
        start_tier: start above the policy's start tier (used by :func:`escalate`).

    Returns:
        A :class:`Route`; escalations between village, town and district are hops
        naming the parent unit and why.

    Raises:
        UnknownReference: when the need's village has no units in *organisation*.
        InvalidValue: for an argument of the wrong type, naming it.
    """
    arg_of("need", need, Need, "a servicegov.needs.Need")
    arg_of("organisation", organisation, Organisation, "a servicegov.org.Organisation")
    arg_of("policy", policy, RoutingPolicy, "a RoutingPolicy")
    arg_date("as_of", as_of)
    arg_of("calendar", calendar, WorkCalendar, "a servicegov.calendar.WorkCalendar")
    if priority is not None and not is_real(priority):
        raise InvalidValue.for_field("priority", priority, "a finite number or None")
    if load is not None:
        arg_of("load", load, Mapping, "a mapping {unit id: needs held} or None")
    if start_tier is not None:
        arg_enum(Tier, "start_tier", start_tier)
    return _route(need, organisation, policy, as_of=as_of, calendar=calendar, priority=priority,
                  load=load, start_tier=start_tier)


def _route(
    need: Need,
    organisation: Organisation,
    policy: RoutingPolicy,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    priority: float | None,
    load: Mapping[str, int] | None,
    start_tier: Tier | None,
) -> Route:
    """:func:`route` for arguments already checked (the district flow's hot path)."""
    idx = _index(organisation)
    tiers = idx.candidates(policy, need.village, need.category)
    heads = idx.heads[need.village]
    pr = float(need.urgency) if priority is None else priority
    used = load or {}
    lowest = policy.start_tier
    if start_tier is not None and start_tier.rank > lowest.rank:
        lowest = start_tier
    hops: list[Hop] = []
    pending: EscalationReason | None = None
    pending_from: Tier | None = None

    if policy.mode is Mode.FIRST_RECEIVER:
        head = heads.get(Tier.VILLAGE)
        if head is not None and lowest.rank <= Tier.VILLAGE.rank:
            due = policy._due(Tier.VILLAGE, need.category, pr, as_of, calendar)
            return Route(
                need_id=need.id,
                result=RoutedTo(unit=head.id, tier=Tier.VILLAGE, due=due,
                              channel=Channel.FIRST_RECEIVER, since=as_of),
            )

    ceilings = policy._ceilings
    capped = policy.respect_capacity
    cost = need.cost
    low = lowest.rank
    for tier, rank, counted in _PLAN:
        if rank < low:
            continue
        if pending is not None and pending_from is not None and rank >= _TOWN_RANK:
            src, dst = heads.get(pending_from), heads.get(tier)
            if src is not None and dst is not None:
                hops.append(Hop(from_unit=src.id, from_tier=pending_from, to_unit=dst.id,
                                to_tier=tier, why=pending, on=as_of))
            pending = None
        units = tiers[tier]
        chosen: Unit | None = None
        why = EscalationReason.NO_COMPETENCE
        if units:
            ceiling = ceilings.get(tier)
            if ceiling is not None and cost > ceiling:
                why = EscalationReason.OVER_COST_CEILING
            else:
                # The least-loaded unit with room takes it, so work spreads across a tier.
                best: tuple[int, str] | None = None
                for u in units:
                    held = used.get(u.id, 0)
                    if capped and held >= u.capacity:
                        continue
                    key = (held, u.id)
                    if best is None or key < best:
                        best, chosen = key, u
                why = EscalationReason.NO_CAPACITY
        if chosen is not None:
            channel = _district_channel(need) if tier is Tier.DISTRICT else Channel.TIER
            due = policy._due(tier, need.category, pr, as_of, calendar)
            return Route(
                need_id=need.id,
                hops=tuple(hops),
                result=RoutedTo(unit=chosen.id, tier=tier, due=due, channel=channel, since=as_of),
            )
        # Within the village the layers are tried in turn; only leaving the village
        # or the town is an escalation that the seeds count.
        if counted:
            pending, pending_from = why, tier

    if policy.use_backstop:
        back = organisation.unit(organisation.backstop)
        src = heads.get(pending_from) if pending_from is not None else None
        if src is not None and src.id != back.id and pending is not None:
            hops.append(Hop(from_unit=src.id, from_tier=src.tier, to_unit=back.id,
                            to_tier=back.tier, why=pending, on=as_of))
        due = policy._due(Tier.DISTRICT, need.category, pr, as_of, calendar)
        return Route(
            need_id=need.id,
            hops=tuple(hops),
            result=RoutedTo(unit=back.id, tier=back.tier, due=due, channel=Channel.BACKSTOP,
                          since=as_of),
        )
    return Route(
        need_id=need.id,
        hops=tuple(hops),
        result=Unroutable(reason=UnroutableReason.NO_UNIT,
                          detail=f"no unit can take category {need.category!r}"),
    )


@checked
def escalate(
    current: Route,
    need: Need,
    organisation: Organisation,
    policy: RoutingPolicy = DEFAULT_POLICY,
    *,
    as_of: dt.date,
    calendar: WorkCalendar = CHINA_2025,
    why: EscalationReason = EscalationReason.DEADLINE_PASSED,
    priority: float | None = None,
    load: Mapping[str, int] | None = None,
) -> Route:
    """Move a routed need one tier up, e.g. because its deadline passed.

    The new hop names the parent unit of the next tier; at the district (or the
    backstop) there is no tier above, and the route is returned with a new due
    date from *as_of* at the same unit.

    Raises:
        InvalidValue: when *current* is not routed or belongs to another need.
    """
    arg_of("current", current, Route, "a Route")
    arg_of("need", need, Need, "a servicegov.needs.Need")
    arg_of("organisation", organisation, Organisation, "a servicegov.org.Organisation")
    arg_of("policy", policy, RoutingPolicy, "a RoutingPolicy")
    arg_date("as_of", as_of)
    arg_of("calendar", calendar, WorkCalendar, "a servicegov.calendar.WorkCalendar")
    arg_enum(EscalationReason, "why", why)
    if priority is not None and not is_real(priority):
        raise InvalidValue.for_field("priority", priority, "a finite number or None")
    if load is not None:
        arg_of("load", load, Mapping, "a mapping {unit id: needs held} or None")
    if current.need_id != need.id:
        raise InvalidValue.for_field("need_id", current.need_id, f"the need's id {need.id!r}")
    if not isinstance(current.result, RoutedTo):
        raise InvalidValue.for_field("current", current.result, "a routed need")
    return _escalate(current, need, organisation, policy, as_of=as_of, calendar=calendar, why=why,
                     priority=priority, load=load)


def _escalate(
    current: Route,
    need: Need,
    organisation: Organisation,
    policy: RoutingPolicy,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    why: EscalationReason,
    priority: float | None,
    load: Mapping[str, int] | None,
) -> Route:
    """:func:`escalate` for arguments already checked (the district flow's hot path)."""
    here = current.result
    assert isinstance(here, RoutedTo)
    next_tier = _NEXT.get(here.tier)
    pr = float(need.urgency) if priority is None else priority
    if next_tier is None or here.channel is Channel.BACKSTOP:
        due = policy._due(here.tier, need.category, pr, as_of, calendar)
        return attrs.evolve(current, result=attrs.evolve(here, due=due, since=as_of))
    onward = _route(need, organisation, policy, as_of=as_of, calendar=calendar, priority=pr,
                    load=load, start_tier=next_tier)
    heads = _index(organisation).heads[need.village]
    dst = heads.get(next_tier)
    hop = Hop(from_unit=here.unit, from_tier=here.tier,
              to_unit=dst.id if dst is not None else organisation.backstop,
              to_tier=next_tier, why=why, on=as_of)
    return Route(need_id=need.id, hops=(*current.hops, hop, *onward.hops), result=onward.result)


DEFAULT_POLICY.check(DEFAULT_CATALOGUE)


@checked
def default_policy(catalogue: Catalogue = DEFAULT_CATALOGUE) -> RoutingPolicy:
    """The default policy for *catalogue*.

    For the default catalogue this is :data:`DEFAULT_POLICY`.  For any other, the
    village layers are made competent by kind of need: grids and Party groups for
    emotional needs, the volunteer team for emotional and livelihood needs, the
    village committee for livelihood needs and the village Party organisation for
    development needs; town and district departments for everything.

    Examples:
        >>> from servicegov.simulation import generate
        >>> zhifu = generate("zhifu").catalogue
        >>> default_policy(zhifu).check(zhifu) is not None
        True
    """
    if catalogue == DEFAULT_CATALOGUE:
        return DEFAULT_POLICY
    by_kind = {k: frozenset(c.code for c in catalogue.by_kind(k)) for k in NeedKind}
    emotional, livelihood = by_kind[NeedKind.EMOTIONAL], by_kind[NeedKind.LIVELIHOOD]
    layers = (
        (Tier.GRID, ProviderKind.PARTY_ORGANISATION, emotional),
        (Tier.PARTY_GROUP, ProviderKind.PARTY_ORGANISATION, emotional),
        (Tier.VILLAGE, ProviderKind.VOLUNTEER_TEAM, emotional | livelihood),
        (Tier.VILLAGE, ProviderKind.VILLAGE_COMMITTEE, livelihood),
        (Tier.VILLAGE, ProviderKind.PARTY_ORGANISATION, by_kind[NeedKind.DEVELOPMENT]),
    )
    competence = tuple(
        Competence(tier=t, kind=k, categories=cats) for t, k, cats in layers if cats
    ) + tuple(c for c in _default_competence() if not c.categories)
    return RoutingPolicy(competence=competence)


# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md).
__getattr__ = renamed(
    __name__, {"Why": ("EscalationReason", EscalationReason), "Routed": ("RoutedTo", RoutedTo)}
)

"""Screening and classification: deciding which needs to take on (定准群众需求).

Each village deliberates with Party members and residents' representatives and
takes on what is most urgent, most needed and most hoped-for — and realistic
(最急、最需、最盼且现实).  Unrealistic needs, needs inconsistent with the
applicant's status and excessive needs are filtered out.  :func:`screen` turns
those rules into a :class:`Screening` value; :func:`classify_text` proposes
categories for a surveyor's note; :func:`consolidate` merges requests for the
same common good and marks duplicates.

The rules are data (:class:`ScreeningRules`), effective-dated, with a reference.
Which thresholds are the seeds' and which are defaults is said on each field.

Examples:
    >>> import datetime as dt
    >>> from servicegov.needs import Group, Need, NeedKind, Scope
    >>> from servicegov.screening import DEFAULT_RULES, Verdict, screen
    >>> need = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
    ...             category="housing-safety", scope=Scope.INDIVIDUAL, households=("h1",),
    ...             groups={Group.GENERAL}, cost=8000.0, collected=dt.date(2025, 3, 1))
    >>> s = screen(need, DEFAULT_RULES, as_of=dt.date(2025, 3, 10))
    >>> s.verdict, [f.reason for f in s.findings]
    (<Verdict.REJECTED>, [<Reason.INELIGIBLE>])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from servicegov import _dated
from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._validators import arg_date, arg_of, int_at_least, real
from servicegov.errors import DuplicateId, InvalidValue
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Group, Need, NeedKind, Scope

__all__ = [
    "DEFAULT_KEYWORDS",
    "DEFAULT_RULES",
    "DEFAULT_SCREENING_POLICY",
    "Candidate",
    "Consolidation",
    "Eligibility",
    "Emphasis",
    "Finding",
    "KeywordTable",
    "Reason",
    "Screening",
    "ScreeningPolicy",
    "ScreeningRules",
    "Verdict",
    "classify_text",
    "consolidate",
    "priority",
    "screen",
]


def __dir__() -> list[str]:
    return __all__


class Verdict(LabelledEnum):
    """What screening decided."""

    ACCEPTED = ("accepted", "纳入清单", "accepted")
    REJECTED = ("rejected", "不予纳入", "rejected")
    DELIBERATION = ("deliberation", "提交议定", "referred for deliberation")


class Reason(LabelledEnum):
    """Why a need was rejected or referred."""

    UNREALISTIC = ("unrealistic", "不切合实际", "unrealistic (policy does not allow it)")
    INELIGIBLE = ("ineligible", "与身份不符", "inconsistent with the applicant's status")
    EXCESSIVE = ("excessive", "需求过高", "excessive")
    INCOMPLETE = ("incomplete", "信息不全", "incomplete or inconsistent")
    DUPLICATE = ("duplicate", "重复登记", "duplicate")
    COSTLY = ("costly", "费用较高需议定", "costly: needs deliberation")
    FEW_BENEFICIARIES = ("few-beneficiaries", "受益户少需议定", "few beneficiaries for a common need")

    @property
    def rejects(self) -> bool:
        """Whether this reason rejects the need (otherwise it refers it for deliberation)."""
        return self not in (Reason.COSTLY, Reason.FEW_BENEFICIARIES)


@attrs.frozen(kw_only=True)
class Finding:
    """One reason with its details, e.g. the threshold that was crossed."""

    reason: Reason
    detail: str = ""


@attrs.frozen(kw_only=True)
class Screening:
    """The screening of one need: a verdict, its findings and a priority.

    Attributes:
        need_id: the need screened.
        verdict: accepted, rejected or referred for deliberation.
        findings: every reason found, in a fixed order; empty when accepted.
        priority: from urgency, necessity and aspiration, raised for the group the
            need's kind emphasises; higher is more pressing.
    """

    need_id: str
    verdict: Verdict
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=to_tuple)
    priority: float = 0.0

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The reasons of the findings."""
        return tuple(f.reason for f in self.findings)


@attrs.frozen(kw_only=True)
class Emphasis:
    """The groups a kind of need emphasises (seed 001)."""

    kind: NeedKind
    groups: frozenset[Group] = attrs.field(converter=to_frozenset)


@attrs.frozen(kw_only=True)
class Eligibility:
    """A category open only to households in one of *groups* (e.g. housing-safety subsidies)."""

    category: str
    groups: frozenset[Group] = attrs.field(converter=to_frozenset)


def _weights(_inst: object, _attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    if len(value) != 3 or any(not isinstance(w, (int, float)) or w < 0 for w in value):
        raise InvalidValue.for_field("weights", value, "three numbers >= 0")
    if sum(float(w) for w in value if isinstance(w, (int, float))) <= 0:
        raise InvalidValue.for_field("weights", value, "weights with a positive sum")


_SEED_EMPHASIS = (
    Emphasis(kind=NeedKind.DEVELOPMENT, groups={Group.PROSPERITY_SEEKER}),
    Emphasis(kind=NeedKind.LIVELIHOOD, groups={Group.KEY_POVERTY, Group.SPECIAL_HARDSHIP}),
    Emphasis(
        kind=NeedKind.EMOTIONAL,
        groups={Group.LEFT_BEHIND_CHILD, Group.LEFT_BEHIND_WOMAN, Group.LEFT_BEHIND_ELDER},
    ),
)
_POOR = frozenset({Group.KEY_POVERTY, Group.SPECIAL_HARDSHIP})


@attrs.frozen(kw_only=True)
class ScreeningRules:
    """One version of the screening rules.

    Attributes:
        effective_from: the first day these rules apply.
        description, reference: what they are and where they come from.
        weights: of urgency, necessity and aspiration in the priority (default
            0.4, 0.35, 0.25: the seed orders 最急、最需、最盼 but gives no numbers).
        emphasis: the groups each kind emphasises (the seed's pairing).
        emphasis_boost: added to the priority when a beneficiary is in an emphasised
            group (default 1.0).
        max_cost_individual, max_cost_common: above these (yuan) a need is
            excessive (defaults 50,000 and 2,000,000).
        deliberation_cost_individual, deliberation_cost_common: above these (yuan)
            it is referred to the village's deliberation (defaults 10,000 and 300,000).
        min_common_households: a common need with fewer beneficiaries is referred
            for deliberation (default 2).
        eligibility: categories reserved for some groups (default: housing safety
            and social-security subsidies for key-poverty and special-hardship
            households).
    """

    effective_from: dt.date = dt.date.min
    description: str = "Default screening rules (最急、最需、最盼且现实)"
    reference: str = "seed 001: 党员群众代表议定, 过滤不切合实际与身份不符的需求"
    weights: tuple[float, float, float] = attrs.field(
        default=(0.4, 0.35, 0.25), converter=to_tuple, validator=_weights
    )
    emphasis: tuple[Emphasis, ...] = attrs.field(default=_SEED_EMPHASIS, converter=to_tuple)
    emphasis_boost: float = attrs.field(default=1.0, validator=real(0, allowed="a number >= 0"))
    max_cost_individual: float = attrs.field(
        default=50_000.0, validator=real(0, allowed="a number >= 0")
    )
    max_cost_common: float = attrs.field(default=2_000_000.0, validator=real(0, allowed="a number >= 0"))
    deliberation_cost_individual: float = attrs.field(
        default=10_000.0, validator=real(0, allowed="a number >= 0")
    )
    deliberation_cost_common: float = attrs.field(
        default=300_000.0, validator=real(0, allowed="a number >= 0")
    )
    min_common_households: int = attrs.field(default=2, validator=int_at_least(1))
    eligibility: tuple[Eligibility, ...] = attrs.field(
        default=(
            Eligibility(category="housing-safety", groups=_POOR),
            Eligibility(category="social-security", groups=_POOR),
        ),
        converter=to_tuple,
    )

    def __attrs_post_init__(self) -> None:
        if self.deliberation_cost_individual > self.max_cost_individual:
            raise InvalidValue.for_field(
                "deliberation_cost_individual",
                self.deliberation_cost_individual,
                f"at most max_cost_individual ({self.max_cost_individual})",
            )
        if self.deliberation_cost_common > self.max_cost_common:
            raise InvalidValue.for_field(
                "deliberation_cost_common",
                self.deliberation_cost_common,
                f"at most max_cost_common ({self.max_cost_common})",
            )
        object.__setattr__(self, "_emph", {e.kind: e.groups for e in self.emphasis})
        object.__setattr__(self, "_elig", {e.category: e.groups for e in self.eligibility})
        object.__setattr__(self, "_elig_detail", {
            e.category: f"{e.category} is for: " + ", ".join(sorted(g.value for g in e.groups))
            for e in self.eligibility
        })

    _emph: Mapping[NeedKind, frozenset[Group]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )
    _elig: Mapping[str, frozenset[Group]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )
    _elig_detail: Mapping[str, str] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )

    def at(self, as_of: dt.date) -> ScreeningRules:
        """These rules if they have started on *as_of*.

        Raises:
            NoRuleInEffect: when *as_of* is before ``effective_from``.
        """
        return _dated.in_effect((self,), as_of, "screening rules")

    def check(self, need: Need, catalogue: Catalogue = DEFAULT_CATALOGUE) -> list[Finding]:
        """Every finding against *need*, in a fixed order (no verdict yet)."""
        arg_of("need", need, Need, "a servicegov.needs.Need")
        arg_of("catalogue", catalogue, Catalogue, "a servicegov.needs.Catalogue")
        catalogue.category(need.category)
        out: list[Finding] = []
        if not need.policy_allows:
            out.append(Finding(reason=Reason.UNREALISTIC, detail="policy does not allow it"))
        required = self._elig.get(need.category)
        if required is not None and need.groups.isdisjoint(required):
            out.append(Finding(reason=Reason.INELIGIBLE, detail=self._elig_detail[need.category]))
        common = need.scope is Scope.COMMON
        ceiling = self.max_cost_common if common else self.max_cost_individual
        soft = self.deliberation_cost_common if common else self.deliberation_cost_individual
        if need.cost > ceiling:
            out.append(Finding(reason=Reason.EXCESSIVE, detail=f"cost {need.cost:g} > {ceiling:g}"))
        elif need.cost > soft:
            out.append(Finding(reason=Reason.COSTLY, detail=f"cost {need.cost:g} > {soft:g}"))
        if not common and len(need.households) > 1:
            out.append(
                Finding(
                    reason=Reason.INCOMPLETE,
                    detail=f"an individual need names {len(need.households)} households",
                )
            )
        if common and len(need.households) < self.min_common_households:
            out.append(
                Finding(
                    reason=Reason.FEW_BENEFICIARIES,
                    detail=f"{len(need.households)} < {self.min_common_households} households",
                )
            )
        return out

    def priority(self, need: Need) -> float:
        """The priority of *need*: the weighted mean of its three scores, plus the boost."""
        arg_of("need", need, Need, "a servicegov.needs.Need")
        wu, wn, wa = self.weights
        base = (wu * need.urgency + wn * need.necessity + wa * need.aspiration) / (wu + wn + wa)
        emphasised = self._emph.get(need.kind, frozenset())
        return round(base + (self.emphasis_boost if need.groups & emphasised else 0.0), 6)


@attrs.frozen(kw_only=True)
class ScreeningPolicy:
    """Versions of the screening rules; :meth:`at` picks the one in effect.

    Examples:
        >>> import datetime as dt
        >>> old = ScreeningRules(effective_from=dt.date(2020, 1, 1))
        >>> new = ScreeningRules(effective_from=dt.date(2024, 1, 1), emphasis_boost=2.0)
        >>> ScreeningPolicy(versions=(old, new)).at(dt.date(2023, 6, 1)).emphasis_boost
        1.0
    """

    versions: tuple[ScreeningRules, ...] = attrs.field(converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        _dated.check_versions(self.versions, "versions")

    def at(self, as_of: dt.date) -> ScreeningRules:
        """The version in effect on *as_of*.

        Raises:
            NoRuleInEffect: when none has started.
        """
        return _dated.in_effect(self.versions, as_of, "screening rules")


DEFAULT_RULES = ScreeningRules()
DEFAULT_SCREENING_POLICY = ScreeningPolicy(versions=(DEFAULT_RULES,))
"""The screening policy with one version, :data:`DEFAULT_RULES`, in effect from its start."""

# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md); routing.DEFAULT_POLICY is the
# routing policy.
__getattr__ = renamed(__name__, {"DEFAULT_POLICY": ("DEFAULT_SCREENING_POLICY", DEFAULT_SCREENING_POLICY)})


@checked
def priority(need: Need, rules: ScreeningRules = DEFAULT_RULES) -> float:
    """The priority of a need under *rules* (see :meth:`ScreeningRules.priority`).

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> n = Need(id="a", village="420117101201", kind=NeedKind.DEVELOPMENT,
        ...          category="employment", scope=Scope.INDIVIDUAL, households=("h",),
        ...          urgency=5, necessity=5, aspiration=5, collected=dt.date(2025, 1, 1))
        >>> priority(n)
        5.0
    """
    return rules.priority(need)


@checked
def screen(
    need: Need,
    rules: ScreeningRules | ScreeningPolicy = DEFAULT_RULES,
    *,
    as_of: dt.date,
    catalogue: Catalogue = DEFAULT_CATALOGUE,
    duplicate_of: str | None = None,
) -> Screening:
    """Screen one need: total (every need gets a verdict) and deterministic.

    Args:
        need: the need.
        rules: the rules, or a policy whose version in effect on *as_of* is used.
        as_of: the date of the screening.
        catalogue: where the need's category must be found.
        duplicate_of: the id of the need this one duplicates, if any.

    Returns:
        A :class:`Screening`: rejected if any finding rejects, referred for
        deliberation if any finding refers, accepted otherwise.

    Raises:
        UnknownReference: when the need's category is not in the catalogue.
        NoRuleInEffect: when no rules are in effect on *as_of*.
        InvalidValue: for an argument of the wrong type, naming it.
    """
    arg_of("need", need, Need, "a servicegov.needs.Need")
    arg_of("rules", rules, (ScreeningRules, ScreeningPolicy), "a ScreeningRules or ScreeningPolicy")
    arg_date("as_of", as_of)
    arg_of("catalogue", catalogue, Catalogue, "a servicegov.needs.Catalogue")
    if duplicate_of is not None:
        arg_of("duplicate_of", duplicate_of, str, "a need id or None")
    return _screen(need, rules, as_of, catalogue, duplicate_of)


def _screen(
    need: Need,
    rules: ScreeningRules | ScreeningPolicy,
    as_of: dt.date,
    catalogue: Catalogue,
    duplicate_of: str | None,
) -> Screening:
    """:func:`screen` for arguments already checked (the district flow's hot path)."""
    active = rules.at(as_of)
    findings = active.check(need, catalogue)
    if duplicate_of is not None:
        findings.append(Finding(reason=Reason.DUPLICATE, detail=f"duplicate of {duplicate_of}"))
    if any(f.reason.rejects for f in findings):
        verdict = Verdict.REJECTED
    elif findings:
        verdict = Verdict.DELIBERATION
    else:
        verdict = Verdict.ACCEPTED
    return Screening(
        need_id=need.id, verdict=verdict, findings=tuple(findings), priority=active.priority(need)
    )


# --------------------------------------------------------------------------- text


def _entries(
    entries: Iterable[tuple[str, Iterable[str]]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((c, tuple(k)) for c, k in entries)


@attrs.frozen(kw_only=True)
class KeywordTable:
    """Keywords per category code, for :func:`classify_text`.

    Attributes:
        entries: ``(category code, keywords)`` pairs.
    """

    entries: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(converter=_entries)

    @classmethod
    @checked
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]]) -> KeywordTable:
        """Build a table from ``{category: keywords}``."""
        return cls(entries=tuple((c, tuple(k)) for c, k in mapping.items()))


DEFAULT_KEYWORDS = KeywordTable.from_mapping(
    {
        "employment": ("就业", "工作", "务工", "招聘", "创业", "岗位", "打工"),
        "skills-training": ("培训", "技能", "学手艺", "技术培训", "电商培训"),
        "agri-tech": ("种植", "养殖", "农技", "病虫害", "化肥", "种子", "农机", "抛荒", "撂荒"),
        "market-access": ("销路", "销售", "市场", "合作社", "产业", "农产品", "电商"),
        "microcredit": ("贷款", "小额信贷", "资金", "借款", "贴息"),
        "infrastructure": ("路灯", "道路", "修路", "机耕路", "饮水", "自来水", "桥", "水渠", "硬化"),
        "housing-safety": ("危房", "房屋", "漏雨", "住房", "改造", "加固"),
        "health": ("看病", "医疗", "体检", "药", "医生", "慢性病", "住院"),
        "elderly-care": ("养老", "老人照料", "助餐", "日间照料", "护理", "敬老"),
        "education": ("上学", "助学", "学费", "辅导", "作业", "教育", "孩子读书"),
        "social-security": ("低保", "医保", "社保", "政策", "补贴", "救助", "五保", "养老保险"),
        "sanitation": ("垃圾", "厕所", "污水", "环境", "卫生", "清洁"),
        "legal-aid": ("纠纷", "调解", "法律", "矛盾", "维权", "律师"),
        "family-contact": ("打电话", "视频", "子女", "孙子", "想念", "联系家人", "亲情"),
        "visits-comfort": ("看望", "陪伴", "聊天", "孤独", "心理", "慰问", "谈心"),
        "culture": ("广场舞", "文化", "娱乐", "图书", "电影", "健身", "活动室"),
    }
)
"""Chinese keywords for each category of the default catalogue, used by :func:`classify_text`."""


@attrs.frozen(kw_only=True)
class Candidate:
    """A category proposed for a note, with its score and the keywords found."""

    category: str
    score: float
    matched: tuple[str, ...] = attrs.field(converter=to_tuple)


@checked
def classify_text(
    note: str, catalogue: Catalogue = DEFAULT_CATALOGUE, *, table: KeywordTable = DEFAULT_KEYWORDS
) -> tuple[Candidate, ...]:
    """Rank the catalogue's categories for a surveyor's note in Chinese.

    Each keyword found adds its length in characters to its category's score
    (longer keywords are more specific); candidates are sorted by score, then by
    catalogue order.  Categories with no keyword found are left out.

    Examples:
        >>> [c.category for c in classify_text("希望子女多打电话")]
        ['family-contact']
        >>> classify_text("村里晚上没有路灯")[0].category
        'infrastructure'
        >>> classify_text("")
        ()
    """
    order = {code: i for i, code in enumerate(catalogue.codes)}
    out: list[Candidate] = []
    for code, words in table.entries:
        if code not in order:
            continue
        found = tuple(w for w in words if w and w in note)
        if found:
            score = float(sum(len(w) for w in found))
            out.append(Candidate(category=code, score=score, matched=found))
    out.sort(key=lambda c: (-c.score, order[c.category]))
    return tuple(out)


# -------------------------------------------------------------------- consolidation


@attrs.frozen(kw_only=True)
class Consolidation:
    """The needs after merging common requests and marking duplicates.

    Attributes:
        needs: the needs to screen: each distinct request, with requests for the
            same common good merged into the earliest one.
        merged: ``(id, into)`` for every request merged into another need.
        duplicates: ``(id, original)`` for every exact duplicate; duplicates are
            also in *needs*, so that screening rejects them with a reason.

    Every id that went in is either the id of one of *needs* or in *merged*.
    """

    needs: tuple[Need, ...] = attrs.field(converter=to_tuple)
    merged: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=to_tuple)
    duplicates: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=to_tuple)

    def duplicate_of(self) -> dict[str, str]:
        """``{duplicate id: original id}``."""
        return dict(self.duplicates)

    def merged_into(self) -> dict[str, str]:
        """``{merged id: id of the need it is now part of}``."""
        return dict(self.merged)


def _dup_key(n: Need) -> tuple[object, ...]:
    return (
        n.village, n.kind, n.category, n.scope, n.households, n.groups, n.urgency, n.necessity,
        n.aspiration, n.good, n.cost, n.recurrence, n.policy_allows,
    )


def _merge(group: Sequence[Need]) -> Need:
    first = group[0]
    households: dict[str, None] = {}
    merged_from: list[str] = list(first.merged_from)
    for n in group:
        households.update(dict.fromkeys(n.households))
        if n is not first:
            merged_from.extend(n.ids)
    return attrs.evolve(
        first,
        households=tuple(households),
        groups=frozenset().union(*(n.groups for n in group)),
        urgency=max(n.urgency for n in group),
        necessity=max(n.necessity for n in group),
        aspiration=max(n.aspiration for n in group),
        cost=max(n.cost for n in group),
        policy_allows=all(n.policy_allows for n in group),
        merged_from=tuple(merged_from),
    )


@checked
def consolidate(needs: Iterable[Need]) -> Consolidation:
    """Mark exact duplicates, then merge requests for the same common good.

    Two needs are exact duplicates when everything but their id, date, channel and
    note agrees; the earliest (by date, then id) is the original.  Common needs of
    one village, category and ``good`` are merged into the earliest: their
    households are united, the scores take the maximum, the cost the largest
    estimate.  No beneficiary and no id is lost.

    Raises:
        DuplicateId: when two needs share an id.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> lamps = [Need(id=f"L{i}", village="420117101201", kind=NeedKind.LIVELIHOOD,
        ...               category="infrastructure", scope=Scope.COMMON, households=(f"h{i}",),
        ...               good="street-lamps", collected=dt.date(2025, 3, i + 1))
        ...          for i in range(30)]
        >>> c = consolidate(lamps)
        >>> len(c.needs), len(c.needs[0].households), len(c.merged)
        (1, 30, 29)
    """
    given = list(needs)
    seen_ids: set[str] = set()
    # Checked in the caller's order, so that the index in the message is theirs.
    for i, n in enumerate(given):
        if n.id in seen_ids:
            raise DuplicateId.for_field(f"needs[{i}].id", n.id, "unique")
        seen_ids.add(n.id)
    ordered = sorted(given, key=lambda n: (n.collected, n.id))
    originals: dict[tuple[object, ...], str] = {}
    duplicates: list[tuple[str, str]] = []
    distinct: list[Need] = []
    kept: list[Need] = []
    for n in ordered:
        key = _dup_key(n)
        if key in originals:
            duplicates.append((n.id, originals[key]))
            kept.append(n)
        else:
            originals[key] = n.id
            distinct.append(n)
    groups: dict[tuple[str, str, str], list[Need]] = {}
    out: list[Need] = []
    for n in distinct:
        if n.scope is Scope.COMMON and n.good is not None:
            key3 = (n.village, n.category, n.good)
            if key3 not in groups:
                groups[key3] = []
                out.append(n)  # placeholder, replaced by the merged need below
            groups[key3].append(n)
        else:
            out.append(n)
    merged: list[tuple[str, str]] = []
    result: list[Need] = []
    for n in out:
        if n.scope is Scope.COMMON and n.good is not None:
            group = groups[(n.village, n.category, n.good)]
            if len(group) > 1:
                m = _merge(group)
                merged.extend((i, m.id) for g in group[1:] for i in g.ids)
                result.append(m)
                continue
        result.append(n)
    return Consolidation(
        needs=(*result, *kept), merged=tuple(merged), duplicates=tuple(duplicates)
    )

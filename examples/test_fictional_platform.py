"""The test suite of a fictional platform that embeds servicegov, written with servicegov's strategies.

"Village Voice" keeps needs as rows of its own table, shows a town's workload
per village and sorts needs into the buckets of its dashboard.  Those three
functions are the platform's, not servicegov's; this suite checks their
properties against every need and district servicegov can represent:

* ``st.from_type(Need)`` works with no setup, because servicegov registers its
  strategies with Hypothesis (``pip install 'servicegov[hypothesis]'``);
* ``servicegov.strategies.districts()`` gives whole districts whose needs name
  the district's villages and categories;
* ``servicegov.strategies.needs(village=...)`` pins a field;
* ``servicegov.testing.PlatformMachine`` files, routes, claims, resolves and
  reviews through the platform's SQLite storage (``platform_sqlite.VillageVoicePlatform``)
  and checks that what it stored keeps the library's promises.

Run it with ``python -m pytest examples/test_fictional_platform.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from platform_sqlite import Repository, VillageVoicePlatform

from servicegov import District, serialization, strategies
from servicegov.needs import Need
from servicegov.screening import DEFAULT_RULES, Verdict, screen
from servicegov.testing import Platform, PlatformMachine

# ---------------------------------------------------------------- the platform's own code

Row = tuple[str, str, str]
"""A row of the platform's ``needs`` table: id, village code, the need as a JSON document."""

BUCKETS = ("urgent", "this-week", "later", "for-deliberation", "not-listed")


def to_row(need: Need) -> Row:
    """The row the platform stores for *need*."""
    doc = json.dumps(serialization.to_document(need), ensure_ascii=False, sort_keys=True)
    return (need.id, need.village, doc)


def from_row(row: Row) -> Need:
    """The need stored in *row*."""
    return serialization.from_document(json.loads(row[2]), Need)


def workload(district: District) -> dict[str, int]:
    """Needs per village of the district, every village listed, none left out."""
    counts = Counter(n.village for n in district.needs)
    return {v: counts.get(v, 0) for v in district.organisation.villages}


def bucket(need: Need, *, as_of: dt.date) -> str:
    """The dashboard bucket of *need*, from servicegov's screening verdict and priority."""
    s = screen(need, DEFAULT_RULES, as_of=as_of)
    if s.verdict is Verdict.REJECTED:
        return "not-listed"
    if s.verdict is not Verdict.ACCEPTED:
        return "for-deliberation"
    if s.priority >= 4:
        return "urgent"
    return "this-week" if s.priority >= 2.5 else "later"


# ---------------------------------------------------------------- its tests

FAST = settings(max_examples=40, deadline=None, database=None)
AS_OF = dt.date(2026, 1, 5)


@FAST
@given(st.from_type(Need))
def test_a_need_survives_our_table(need: Need) -> None:
    row = to_row(need)
    assert (row[0], row[1]) == (need.id, need.village)
    assert from_row(row) == need


@FAST
@given(strategies.needs(village="420117101201"))
def test_the_village_column_is_the_needs_village(need: Need) -> None:
    assert to_row(need)[1] == "420117101201"


@FAST
@given(strategies.districts(max_needs=20))
def test_the_workload_counts_every_need_once(district: District) -> None:
    load = workload(district)
    assert sum(load.values()) == len(district.needs)
    assert set(load) == set(district.organisation.villages)


@FAST
@given(st.from_type(Need))
def test_every_need_lands_in_one_bucket(need: Need) -> None:
    b = bucket(need, as_of=max(AS_OF, need.collected))
    assert b in BUCKETS


@FAST
@given(st.from_type(Need))
def test_what_policy_forbids_is_never_on_the_list(need: Need) -> None:
    if not need.policy_allows:
        assert bucket(need, as_of=max(AS_OF, need.collected)) in {"not-listed", "for-deliberation"}


class VillageVoiceMachine(PlatformMachine):
    """servicegov's testing kit, run against the platform's SQLite storage (one database per run)."""

    def make_platform(self) -> Platform:
        self.db = sqlite3.connect(":memory:")
        return VillageVoicePlatform(Repository(self.db), self.district().organisation, today=self.first_day())

    def teardown(self) -> None:
        try:
            super().teardown()
        finally:
            self.db.close()


VillageVoiceMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=15, deadline=None, database=None,
    phases=[Phase.generate, Phase.shrink], suppress_health_check=[HealthCheck.too_slow],
)
TestVillageVoiceKeepsServicegovsPromises = VillageVoiceMachine.TestCase

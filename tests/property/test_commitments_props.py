"""Properties of `servicegov.scoring`: commitments are fixed up front, revised when due and joined."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import scoring, serialization, strategies
from servicegov.errors import InvalidValue
from servicegov.scoring import Commitment, CommitmentItem, join, revise


@st.composite
def _proposals(draw: st.DrawFn, c: Commitment) -> list[CommitmentItem]:
    """New items near the old ones: each kept or dropped, its target and due date nudged either way."""
    out = []
    for old in c.items:
        if draw(st.integers(0, 4)):
            target = max(1.0, old.target + draw(st.integers(-2, 2)))
            due = old.due + dt.timedelta(days=draw(st.integers(-10, 10)))
            out.append(attrs.evolve(old, target=target, due=due))
    taken = {i.ref for i in out}
    more = draw(st.lists(strategies.commitment_items(), max_size=2, unique_by=lambda i: i.ref))
    return out + [attrs.evolve(i, joined=None) for i in more if i.ref not in taken]


@given(strategies.commitments(), st.data())
def test_revise_settles_what_fell_due(c: Commitment, data: st.DataObject) -> None:
    """A revision goes through exactly when every fallen-due item is kept, no lower and no later,
    so it never lifts the completion of what already fell due."""
    on = data.draw(st.dates(c.fixed_on, c.period.end))
    new = data.draw(_proposals(c))
    by_ref = {i.ref: i for i in new}
    fallen = [i for i in c.items if i.due <= on]
    settled = all(
        i.ref in by_ref and by_ref[i.ref].target >= i.target and by_ref[i.ref].due <= i.due for i in fallen
    )
    if not new and not c.standing:
        return
    if not settled:
        with pytest.raises(InvalidValue, match="after it fell due on"):
            revise(c, on=on, items=new)
        return
    c2 = revise(c, on=on, items=new)
    assert (c.version + 1, c, on) == (c2.version, c2.previous, c2.fixed_on)
    assert c2.late == (on > c.window_ends)
    done = {i.ref: data.draw(st.integers(0, 60)) for i in fallen}
    for old in fallen:
        now = {i.ref: i for i in c2.items}[old.ref]
        assert min(1.0, done[old.ref] / now.target) <= min(1.0, done[old.ref] / old.target)


@given(strategies.commitments())
def test_generated_commitments_are_fixed_up_front(c: Commitment) -> None:
    first, *later = c.history
    assert c.period.start <= first.fixed_on <= first.window_ends <= c.period.end
    assert not first.late
    assert all(v.fixed_on in c.period for v in later)
    assert c.revised_late == any(v.fixed_on > v.window_ends for v in c.history)
    assert all(i.joined is None or (c.standing and i.joined in c.period) for i in c.items)


@given(strategies.commitments(), st.data())
def test_join_keeps_the_version_and_dates_what_joins(c: Commitment, data: st.DataObject) -> None:
    on = data.draw(st.dates(c.period.start, c.period.end))
    fresh = data.draw(st.lists(strategies.commitment_items(), max_size=3, unique_by=lambda i: i.ref))
    fresh = [i for i in fresh if i.ref not in {j.ref for j in c.items}]
    if not c.standing:
        with pytest.raises(InvalidValue, match="'standing'"):
            join(c, fresh, on=on)
        return
    fresh = [attrs.evolve(i, joined=None) for i in fresh]
    c2 = join(c, fresh, on=on)
    assert (c.version, c.fixed_on, c.previous, c.items) == (
        c2.version,
        c2.fixed_on,
        c2.previous,
        c2.items[: len(c.items)],
    )
    assert all(i.joined == on for i in c2.items[len(c.items) :])


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True), st.dates(), st.none() | st.dates())
def test_the_trusted_item_the_pipeline_builds_equals_a_checked_one(
    ref: str, due: dt.date, joined: dt.date | None
) -> None:
    # It sets every field itself: a new field must be added there too.
    assert {a.name for a in attrs.fields(CommitmentItem)} == {"ref", "due", "target", "standard", "joined"}
    checked = CommitmentItem(ref=ref, due=due, joined=joined)

    assert checked == scoring._trusted_item(ref, due, joined)
    trusted = scoring._trusted_item(ref, due, joined)
    assert serialization.unstructure(checked) == serialization.unstructure(trusted)

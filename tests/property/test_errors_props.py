"""Properties of `servicegov.errors`: a hand-built message never repeats a mobile number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicegov import errors

_MOBILES = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)


@given(
    number=_MOBILES,
    before=st.text(st.sampled_from("abc :'_"), max_size=20),
    after=st.text(st.sampled_from("abc :'_"), max_size=20),
    cls=st.sampled_from([errors.ServicegovError, errors.RuleViolation, errors.InvalidValue]),
)
def test_a_hand_built_message_never_repeats_a_mobile_number(
    number: str, before: str, after: str, cls: type[errors.ServicegovError]
) -> None:
    message = f"{before} {number} {after}"

    shown = str(cls(message))

    assert number not in shown
    assert number[:3] in shown
    assert number[-4:] in shown

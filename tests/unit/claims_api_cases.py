"""Checks shared by the tests of `servicegov.claims`' public functions."""

from __future__ import annotations

from servicegov.errors import ServicegovError


def _house(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* keeps the field, the value and what is allowed, and names them in the house message."""
    assert (err.field, err.value, err.allowed) == (field, value, allowed)
    assert str(err) == str(type(err).for_field(field, value, allowed))
    assert str(err).startswith(f"'{field}' must be ")

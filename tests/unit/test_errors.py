"""The errors: one root, the matching built-in, and messages that name the field."""

from __future__ import annotations

import pytest

from servicegov import errors
from servicegov.errors import (
    ConfigurationError,
    DuplicateId,
    IllegalTransition,
    InvalidType,
    InvalidValue,
    MissingExtra,
    NoRuleInEffect,
    RuleViolation,
    ServicegovError,
    StructureError,
    UnknownReference,
)

BUILTINS = [
    (ConfigurationError, ValueError),
    (DuplicateId, ValueError),
    (IllegalTransition, ValueError),
    (InvalidValue, ValueError),
    (InvalidType, TypeError),
    (InvalidType, InvalidValue),
    (MissingExtra, ImportError),
    (NoRuleInEffect, LookupError),
    (RuleViolation, ValueError),
    (StructureError, ValueError),
    (UnknownReference, KeyError),
]


@pytest.mark.parametrize(("cls", "builtin"), BUILTINS, ids=lambda c: getattr(c, "__name__", ""))
def test_every_error_is_a_servicegov_error_and_its_built_in(cls: type, builtin: type) -> None:
    assert issubclass(cls, ServicegovError)
    assert issubclass(cls, builtin)


def test_every_exported_error_is_covered() -> None:
    exported = {getattr(errors, n) for n in errors.__all__} - {ServicegovError}

    assert exported == {cls for cls, _ in BUILTINS}
    assert sorted(errors.__all__) == errors.__all__


def test_the_message_formula_names_the_field_the_expectation_and_the_value() -> None:
    err = InvalidValue.for_field("urgency", 9, "an integer from 1 to 5")

    assert "'urgency' must be an integer from 1 to 5 (got 9)" == str(err)
    assert ("urgency", 9, "an integer from 1 to 5") == (err.field, err.value, err.allowed)
    assert type(err) is InvalidValue


def test_a_key_error_prints_its_message_without_quotes() -> None:
    err = UnknownReference.for_field("category", "X9", "a code of the catalogue")

    assert "'category' must be a code of the catalogue (got 'X9')" == str(err)
    with pytest.raises(KeyError, match="X9"):
        raise err


def test_a_plain_error_has_no_field() -> None:
    err = ServicegovError("something went wrong")

    assert ("something went wrong", None, None, None) == (str(err), err.field, err.value, err.allowed)
    assert "" == str(ServicegovError.__new__(ServicegovError))


def test_a_structure_error_lists_every_problem() -> None:
    err = StructureError(["bad kind @ $.kind", "missing @ $.id"], field="$.kind")

    assert "invalid data: bad kind @ $.kind; missing @ $.id" == str(err)
    assert ("bad kind @ $.kind", "missing @ $.id") == err.problems
    assert "$.kind" == err.field


def test_a_missing_extra_says_how_to_install_it() -> None:
    err = MissingExtra.for_extra("optimal", "scipy")

    assert (
        "this feature needs the 'optimal' extra: pip install 'servicegov[optimal]' (scipy is missing)"
        == str(err)
    )
    assert ("optimal", "scipy") == (err.field, err.value)


def test_a_message_without_personal_numbers_is_kept_as_written() -> None:
    message = "division 420117001001 has 259650 needs"

    assert message == str(errors.ServicegovError(message))

"""One definition of a number: the argument checks, the models and the data readers agree."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from servicegov.agreement import krippendorff_alpha
from servicegov.assessment import Indicator, rank
from servicegov.errors import InvalidValue
from servicegov.weighting import entropy


def test_a_decimal_is_not_a_real_number_here() -> None:
    """`Decimal` does not register as `numbers.Real`; it is refused, not silently rounded."""
    refused = r"'weight' must be a non-negative number \(got Decimal\('0\.5'\)\)"
    with pytest.raises(InvalidValue, match=refused):
        Indicator(code="x", zh="x", en="x", weight=Decimal("0.5"))  # type: ignore[arg-type]


def test_the_functions_reading_data_take_numpy_numbers() -> None:
    """A researcher's NumPy values pass the argument check and the function's own check alike."""
    assert {"a": 1, "b": 2} == rank({"a": np.int64(3), "b": np.float32(2.5)})
    assert entropy(np.array([[1, 2], [3, 4], [5, 7]])) == entropy([[1, 2], [3, 4], [5, 7]])  # type: ignore[arg-type]
    data = np.array([[1, 2, 3, 3], [1, 2, 3, 4]])
    alpha = krippendorff_alpha(data, level="interval")  # type: ignore[arg-type]
    assert alpha == krippendorff_alpha(data.tolist(), level="interval")

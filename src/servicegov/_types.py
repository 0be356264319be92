"""String field types that say what a valid value looks like, for Hypothesis.

``Id``, ``Text``, ``DivisionCode`` and ``VillageCode`` are ``str`` to the type
checker, to attrs and to cattrs (``typing.Annotated`` adds nothing they read).
Their metadata follows the ``GroupedMetadata`` protocol of annotated-types,
which ``hypothesis.strategies.from_type`` unpacks (Hypothesis 6.102 and later):
it yields servicegov's own strategy for the field, so that
``st.builds(Review)`` draws ``reviewer`` from valid ids instead of from every
string, ``''`` first.  The strategy is looked up only when Hypothesis asks,
and only if Hypothesis is already imported: servicegov itself never imports it.

Examples:
    >>> import typing
    >>> typing.get_args(Id)[0]
    <class 'str'>
    >>> Id.__metadata__[0]
    <drawn from servicegov.strategies._common._ids()>
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated

__all__ = ["DivisionCode", "Id", "Text", "VillageCode"]


class _Drawn:
    """``Annotated`` metadata naming the strategy a field is drawn from."""

    __slots__ = ("name",)
    __is_annotated_types_grouped_metadata__ = True

    def __init__(self, name: str) -> None:
        self.name = name

    def __iter__(self) -> Iterator[object]:
        # Only Hypothesis iterates this, and only once it is imported.
        if "hypothesis" not in sys.modules:
            return iter(())
        from servicegov.strategies import _common

        return iter((getattr(_common, self.name)(),))

    def __repr__(self) -> str:
        return f"<drawn from servicegov.strategies._common.{self.name}()>"


Id = Annotated[str, _Drawn("_ids")]
"""A non-empty id without surrounding spaces (the ``identifier`` check)."""

Text = Annotated[str, _Drawn("_nonblank_texts")]
"""A string with at least one character that is not a space."""

DivisionCode = Annotated[str, _Drawn("division_codes")]
"""A 12-digit statistical division code of any level."""

VillageCode = Annotated[str, _Drawn("_village_codes")]
"""A 12-digit division code of a village (or a residents' committee)."""

"""Properties of `servicegov.serialization`: a fresh converter refuses an unknown key, a loose one not."""

from __future__ import annotations

from hypothesis import given

from servicegov.needs import Category, NeedKind
from servicegov.serialization import make_converter, structure, unstructure

from ..unit.serialization_cases import WORDS, problems


class TestUnknownKeys:
    @given(WORDS.filter(lambda k: k not in {"code", "name_zh", "name_en", "kind"}))
    def test_a_fresh_converter_refuses_a_key_no_model_field_has_and_a_loose_one_ignores_it(
        self, key: str
    ) -> None:
        conv = make_converter()
        loose = make_converter(forbid_extra_keys=False)
        category = Category(code="c", name_zh="类", name_en="c", kind=NeedKind.EMOTIONAL)
        data = dict(unstructure(category, converter=conv), **{key: 1})

        assert (f"unknown keys [{key!r}] (allowed: the model's fields) @ $",) == problems(
            data, Category, conv
        )
        assert category == structure(data, Category, converter=loose)

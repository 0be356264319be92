"""Every enum member of the public API has a Chinese and an English label."""

from __future__ import annotations

import enum
import importlib
import pkgutil

import pytest

import servicegov
from servicegov.errors import InvalidValue
from servicegov.labels import bilingual, label
from servicegov.needs import NeedKind, Scope
from servicegov.screening import Reason


def public_modules() -> list[str]:
    """Every public module of the package (no leading underscore in any part)."""
    names = ["servicegov"]
    for info in pkgutil.walk_packages(servicegov.__path__, "servicegov."):
        parts = info.name.split(".")
        if not any(p.startswith("_") for p in parts) and parts[-1] not in {"strategies", "cli"}:
            names.append(info.name)
    return sorted(names)


def public_enums() -> list[type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and issubclass(obj, enum.Enum):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


ENUMS = public_enums()


def test_the_walk_finds_the_enums_of_every_public_module() -> None:
    names = {e.__name__ for e in ENUMS}

    assert {"NeedKind", "Scope", "Group", "Channel", "Tier", "Role", "Reason", "Verdict", "Level"} <= names


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_every_member_has_distinct_non_empty_chinese_and_english_labels(cls: type[enum.Enum]) -> None:
    members = list(cls)
    zh = [label(m, "zh") for m in members]
    en = [label(m, "en") for m in members]

    assert all(z.strip() for z in zh)
    assert all(e.strip() for e in en)
    assert len(set(zh)) == len(zh)
    assert len(set(en)) == len(en)


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_every_wire_value_is_a_distinct_string(cls: type[enum.Enum]) -> None:
    values = [m.value for m in cls]

    assert all(isinstance(v, str) and v for v in values)
    assert len(set(values)) == len(values)


def test_the_three_kinds_of_need_are_labelled_as_in_the_seed() -> None:
    assert ["发展需求", "生活需求", "情感需求"] == [label(k) for k in NeedKind]
    assert "emotional need" == label(NeedKind.EMOTIONAL, "en")


def test_chinese_is_the_default_language() -> None:
    assert "与身份不符" == label(Reason.INELIGIBLE)


def test_bilingual_gives_both_labels_for_a_report() -> None:
    assert "共性需求 (common need)" == bilingual(Scope.COMMON)


@pytest.mark.parametrize("lang", ["fr", "ZH", "", "zh-CN"])
def test_another_language_is_refused(lang: str) -> None:
    with pytest.raises(InvalidValue, match=f"'lang' must be one of 'zh', 'en' \\(got '{lang}'\\)"):
        label(NeedKind.EMOTIONAL, lang)


def test_an_enum_without_labels_is_refused() -> None:
    class Plain(enum.Enum):
        A = "a"

    with pytest.raises(InvalidValue, match="'member' must be a member of a servicegov enum"):
        label(Plain.A, "en")

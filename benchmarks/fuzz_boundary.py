"""Fuzz the JSON boundary: mutated documents for every public model, through ``structure``.

For every public model (an attrs class in a public module's ``__all__``) a few
valid values are drawn once from the model's registered Hypothesis strategy
(seeded, so the pool is the same on every run) and unstructured.  Each fuzzed
document is one of them with one or two mutations at a path chosen anywhere in
it, driven by a seeded ``random.Random``:

* a value of another JSON type (string, integer, number, boolean, null, array, object);
* a string or an object where an array belongs;
* ``NaN``, ``Infinity`` or ``-Infinity``;
* a huge integer (``2**63``, ``-2**63 - 1``, ``10**100``) or a huge string (100,000 characters);
* arrays or objects nested 1,000 to 3,000 levels deep;
* an unknown key, or a missing key.

``serialization.structure`` must either refuse the document with a
``StructureError`` or accept it without a silent change: what it builds must
unstructure to the document it was given (up to JSON's own equivalences: a set
is written sorted and once, ``5`` and ``5.0`` are the same number, a field left
out gets its default, an ISO 8601 string may be written in another ISO form of
the same instant).  It reports:

* crashes: any exception other than ``StructureError``;
* hangs: calls that take more than a second;
* silent changes: documents accepted but changed;
* leaks: ``StructureError`` messages that show Python internals (``NoneType``,
  ``object is not iterable``, a traceback ...);

with a breakdown by model, and exits with status 1 if there is any crash, hang
or silent change.

Run:  python benchmarks/fuzz_boundary.py [--documents 100000] [--seed 0] [--pool 8]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib
import json
import math
import pkgutil
import random
import sys
import time
import warnings
from collections.abc import Iterator
from typing import Any

import attrs
from dateutil import parser as dateparser

import servicegov
from servicegov import serialization
from servicegov.errors import StructureError

HANG_SECONDS = 1.0

LEAKS = (
    "NoneType",
    "object is not iterable",
    "argument of type",
    "Traceback",
    "is not subscriptable",
    "unhashable type",
    "has no attribute",
    "object is not callable",
    "positional argument",
    "unexpected keyword argument",
)
"""Fragments of Python's own messages that should never reach a reader of a ``StructureError``."""

_NOT_MODELS = {"servicegov.cli", "servicegov.strategies", "servicegov.__main__"}

Path = tuple[str | int, ...]


def public_models() -> list[type]:
    """Every attrs class in the ``__all__`` of a public servicegov module."""
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(servicegov.__path__, "servicegov.")
        if not m.name.rsplit(".", 1)[-1].startswith("_") and m.name not in _NOT_MODELS
    )
    out: list[type] = []
    for name in names:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                out.append(obj)
    return out


def model_name(model: type) -> str:
    return f"{model.__module__.rsplit('.', 1)[-1].lstrip('_')}.{model.__name__}"


def pool(model: type, size: int, seed: int) -> list[Any]:
    """*size* valid documents of *model*, drawn from its strategy with a fixed seed."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed
    from hypothesis import strategies as st

    docs: list[Any] = []

    @with_seed(seed)
    @settings(
        max_examples=size,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.from_type(model))
    def collect(value: Any) -> None:
        if len(docs) < size:
            docs.append(json.loads(json.dumps(serialization.unstructure(value))))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return docs


# -- mutations ---------------------------------------------------------------------------

STRINGS = ("", "x", "1", "1.5", "true", "null", "NaN", "2025-03-01", "2025-03-01T08:00:00", "\x00", "张三")
INTEGERS = (0, 1, -1, 7, 2**31)
NUMBERS = (0.5, 1.0, -2.5, 1e300)
KINDS = ("string", "integer", "number", "boolean", "null", "array", "object")
MUTATIONS = (
    "wrong-type",
    "string-for-array",
    "object-for-array",
    "non-finite",
    "huge-integer",
    "huge-string",
    "deep-nesting",
    "unknown-key",
    "missing-key",
)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _value_of(kind: str, rng: random.Random) -> Any:
    if kind == "string":
        return rng.choice(STRINGS)
    if kind == "integer":
        return rng.choice(INTEGERS)
    if kind == "number":
        return rng.choice(NUMBERS)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "array":
        return rng.choice(([], ["x"], [1], [None], [{}]))
    return rng.choice(({}, {"x": 1}, {"id": None}))


def _deep(rng: random.Random) -> Any:
    levels = rng.randint(1_000, 3_000)
    value: Any = [] if rng.random() < 0.5 else {}
    for _ in range(levels):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def get(doc: Any, path: Path) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def replaced(doc: Any, path: Path, new: Any) -> Any:
    """*doc* with the value at *path* replaced by *new*, copying only the containers on the path."""
    if not path:
        return new
    root: Any = dict(doc) if isinstance(doc, dict) else list(doc)
    copy = root
    for step in path[:-1]:
        inner = copy[step]
        copy[step] = dict(inner) if isinstance(inner, dict) else list(inner)
        copy = copy[step]
    copy[path[-1]] = new
    return root


class Places:
    """Where a document can be mutated: every path, and the paths of its non-empty objects."""

    def __init__(self, doc: Any) -> None:
        self.all: list[Path] = []
        self.objects: list[Path] = []
        stack: list[tuple[Path, Any]] = [((), doc)]
        while stack:
            path, value = stack.pop()
            self.all.append(path)
            if isinstance(value, dict):
                if value:
                    self.objects.append(path)
                stack.extend(((*path, k), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend(((*path, i), v) for i, v in enumerate(value))


def mutate(doc: Any, rng: random.Random, places: Places | None = None) -> tuple[Any, str, Path]:
    """One mutation of *doc* at a random path: the new document, the mutation's name, the path."""
    places = places if places is not None else Places(doc)
    name = rng.choice(MUTATIONS)
    if name in ("unknown-key", "missing-key"):
        if not places.objects:
            return mutate(doc, rng, places)
        path = rng.choice(places.objects)
        new = dict(get(doc, path))
        if name == "unknown-key":
            new[rng.choice(("colour", "zz", "Id", ""))] = rng.choice((1, "x", None))
        else:
            del new[rng.choice(sorted(new))]
        return replaced(doc, path, new), name, path
    path = rng.choice(places.all)
    old = get(doc, path)
    if name == "wrong-type":
        new = _value_of(rng.choice([k for k in KINDS if k != _kind(old)]), rng)
    elif name == "string-for-array":
        strings = isinstance(old, list) and all(isinstance(x, str) for x in old)
        new = "".join(old) if strings else "ab"
    elif name == "object-for-array":
        new = {str(i): v for i, v in enumerate(old)} if isinstance(old, list) else {"0": old}
    elif name == "non-finite":
        new = rng.choice((math.nan, math.inf, -math.inf))
    elif name == "huge-integer":
        new = rng.choice((2**63, -(2**63) - 1, 10**100))
    elif name == "huge-string":
        new = rng.choice("x9é张") * 100_000
    else:
        new = _deep(rng)
    return replaced(doc, path, new), name, path


# -- the oracle ---------------------------------------------------------------------------


def _instant(text: str) -> object:
    try:
        return dateparser.isoparse(text)
    except (ValueError, OverflowError):
        return None


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def same(given: Any, written: Any) -> bool:
    """Whether *written* (what structure built, unstructured) says what *given* said."""
    if isinstance(given, bool) or isinstance(written, bool):
        return type(given) is type(written) and given == written
    if isinstance(given, int | float) and isinstance(written, int | float):
        if isinstance(given, float) and math.isnan(given):
            return isinstance(written, float) and math.isnan(written)
        return given == written
    if isinstance(given, str) and isinstance(written, str):
        if given == written:
            return True
        instant = _instant(given)
        return instant is not None and isinstance(instant, dt.datetime) and instant == _instant(written)
    if isinstance(given, dict) and isinstance(written, dict):
        # A key may be left out (its default is written); none may be dropped.
        return all(k in written and same(v, written[k]) for k, v in given.items())
    if isinstance(given, list) and isinstance(written, list):
        if len(given) == len(written) and all(same(a, b) for a, b in zip(given, written, strict=True)):
            return True
        # A set is written sorted and once.
        distinct = {_key(v): v for v in given}
        return len(distinct) == len(written) and sorted(distinct) == sorted(_key(v) for v in written)
    return given is None and written is None


def _plain(value: Any) -> Any:
    try:
        return json.loads(json.dumps(value))
    except (ValueError, RecursionError):
        return value


def check(doc: Any, model: type) -> tuple[str | None, str, float]:
    """Structure *doc* as *model*: (``None`` | "crash" | "silent" | "leak", detail, seconds)."""
    start = time.perf_counter()
    try:
        value = serialization.structure(doc, model)
    except StructureError as exc:
        elapsed = time.perf_counter() - start
        text = str(exc)
        leaked = [w for w in LEAKS if w in text]
        if leaked:
            return "leak", text[:300], elapsed
        return None, "", elapsed
    except BaseException as exc:  # anything else is the finding
        elapsed = time.perf_counter() - start
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "crash", f"{type(exc).__name__}: {str(exc)[:300]}", elapsed
    elapsed = time.perf_counter() - start
    written = _plain(serialization.unstructure(value))
    if not same(doc, written):
        return "silent", f"accepted as {json.dumps(written, default=repr)[:300]}", elapsed
    return None, "", elapsed


def _path_text(path: Path) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def documents(
    models: list[type], pools: dict[type, list[Any]], n: int, rng: random.Random
) -> Iterator[tuple[type, Any, str]]:
    places = {id(doc): Places(doc) for docs in pools.values() for doc in docs}
    for _ in range(n):
        model = rng.choice(models)
        base = rng.choice(pools[model])
        doc, name, path = mutate(base, rng, places[id(base)])
        label = f"{name} @ {_path_text(path)}"
        if rng.random() < 0.25:
            doc, name, path = mutate(doc, rng)
            label += f", {name} @ {_path_text(path)}"
        yield model, doc, label


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pool", type=int, default=8, help="valid values drawn per model")
    ap.add_argument("--show", type=int, default=5, help="findings shown per kind")
    args = ap.parse_args(argv)

    models = public_models()
    started = time.perf_counter()
    pools = {m: pool(m, args.pool, args.seed) for m in models}
    print(f"{len(models)} models, {sum(map(len, pools.values()))} valid documents "
          f"drawn in {time.perf_counter() - started:.1f} s")

    rng = random.Random(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    by_model: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    findings: dict[str, list[str]] = collections.defaultdict(list)
    slowest = (0.0, "")
    started = time.perf_counter()
    for model, doc, label in documents(models, pools, args.documents, rng):
        outcome, detail, seconds = check(doc, model)
        name = model_name(model)
        by_model[name]["documents"] += 1
        if seconds > slowest[0]:
            slowest = (seconds, f"{name}: {label}")
        kinds = [outcome] if outcome else []
        if seconds > HANG_SECONDS:
            kinds.append("hang")
            detail = detail or f"{seconds:.2f} s"
        for kind in kinds:
            counts[kind] += 1
            by_model[name][kind] += 1
            if len(findings[kind]) < args.show:
                findings[kind].append(f"{name}: {label}: {detail}")
    elapsed = time.perf_counter() - started

    print(f"{args.documents} documents (seed {args.seed}) in {elapsed:.1f} s; "
          f"slowest call {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    titles = {"crash": "crashes", "hang": "hangs", "silent": "silent changes", "leak": "leaks"}
    for kind, title in titles.items():
        print(f"  {title}: {counts[kind]}")
        for line in findings[kind]:
            print(f"    {line}")
    print("per model (documents, crashes, hangs, silent changes, leaks):")
    for name in sorted(by_model):
        c = by_model[name]
        print(f"  {name:40} {c['documents']:6} {c['crash']:4} {c['hang']:4} {c['silent']:4} {c['leak']:4}")
    return 1 if counts["crash"] or counts["hang"] or counts["silent"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every script in examples/ runs as written and shows what its docstring says."""

from __future__ import annotations

import json
import os
import re
import runpy
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TIMEOUT = 120


def load(name: str) -> dict[str, Any]:
    """The namespace of an example, run as a module (not as ``__main__``)."""
    return runpy.run_path(str(EXAMPLES / name), run_name=f"example_{name.removesuffix('.py')}")


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def test_every_example_has_a_docstring_and_is_listed_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    scripts = sorted(p.name for p in EXAMPLES.glob("*.py"))
    assert 4 == len(scripts)
    for name in scripts:
        ns = load(name) if not name.startswith("test_") else {}
        source = (EXAMPLES / name).read_text(encoding="utf-8")
        assert source.startswith('"""'), name
        assert ns.get("__doc__") or name.startswith("test_"), name
        assert name in readme, name


class TestPlatformSqlite:
    def test_it_refuses_bad_forms_naming_the_field(self, capsys: pytest.CaptureFixture[str]) -> None:
        result = load("platform_sqlite.py")["main"]([])

        paths = [p.split(":", 1)[0] for p in result["problems"]]
        assert ["$.kind", "$.village", "$.households[1]"] == paths
        assert (
            "'kind' must be one of 'development', 'livelihood', 'emotional' (got 'wish')"
            in result["problems"][0]
        )
        assert "refused 3 forms" in capsys.readouterr().out

    def test_it_calls_servicegov_for_every_decision(self) -> None:
        result = load("platform_sqlite.py")["main"]([])

        assert 300 == result["needs"] == sum(result["outcomes"].values())
        assert {"routed", "rejected", "deliberation"} <= set(result["outcomes"])
        assert result["claims"] == result["outcomes"]["routed"] == sum(result["by_kind"].values())
        assert [
            "collected",
            "screened",
            "listed",
            "publicised",
            "routed",
            "claimed",
            "started",
            "resolved",
        ] == result["trail"]
        assert 5 == result["states"]["resolved"]
        assert 0 < result["score"] <= 100

    def test_it_stores_versioned_documents_in_a_database_file(self, tmp_path: Path) -> None:
        db = tmp_path / "platform.db"
        load("platform_sqlite.py")["main"]([str(db)])

        with sqlite3.connect(db) as conn:
            kinds = dict(conn.execute("SELECT kind, COUNT(*) FROM documents GROUP BY kind").fetchall())
            doc = json.loads(conn.execute("SELECT doc FROM documents WHERE kind = 'need'").fetchone()[0])
            events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        conn.close()
        assert {"claim", "commitment", "need", "organisation", "review", "route"} == set(kinds)
        assert 300 == kinds["need"]
        assert ("servicegov/1", "Need") == (doc["schema"], doc["type"])
        assert events > 300


class TestWeightSensitivity:
    def test_it_writes_a_png_and_the_ranking_settles_as_the_weights_firm_up(self, tmp_path: Path) -> None:
        png = tmp_path / "figures" / "sensitivity.png"
        result = load("weight_sensitivity.py")["main"]([str(png)])

        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 10_000
        taus = [result["mean_tau"][c] for c in sorted(result["mean_tau"])]
        assert taus == sorted(taus)
        assert all(-1 <= t <= 1 for t in taus)
        assert 1.0 == result["methods"]["scheme"][0]
        assert {"scheme", "entropy", "CRITIC"} <= set(result["methods"])
        assert any(name.startswith("AHP (CR ") for name in result["methods"])
        assert 20 == len(result["intervals"])
        assert all(1 <= r.low <= r.median <= r.high <= 20 for r in result["intervals"])

    def test_it_runs_as_a_script(self, tmp_path: Path) -> None:
        png = tmp_path / "out.png"
        proc = run_script("examples/weight_sensitivity.py", str(png))

        assert 0 == proc.returncode, proc.stderr
        assert f"figure written to {png}" in proc.stdout
        assert png.read_bytes()[:4] == b"\x89PNG"


def test_the_fictional_platforms_suite_passes_with_servicegovs_strategies() -> None:
    proc = run_script("-m", "pytest", "examples/test_fictional_platform.py", "-q", "-p", "no:cacheprovider")

    assert 0 == proc.returncode, proc.stdout + proc.stderr
    assert "6 passed" in proc.stdout


class TestXinzhouWalkthrough:
    """The walk on the ``small`` preset; ``--preset xinzhou`` (the default) takes 15 s or so."""

    def test_it_shows_the_seeds_figures_next_to_the_generated_ones(self) -> None:
        proc = run_script("examples/xinzhou_walkthrough.py", "--preset", "small", "--seed", "0")

        assert 0 == proc.returncode, proc.stderr
        out = proc.stdout
        for figure, generated, seeds in [
            ("needs", "4,000", "259,650"),
            ("villages", "10", "651"),
            ("categories", "16", "16"),
            ("departments", "4", "80"),
        ]:
            assert re.search(rf"^{figure}\s+{generated}\s+{seeds}$", out, re.MULTILINE), figure
        assert "this preset is smaller on purpose" in out
        assert "service list (服务清单)" in out

    def test_every_need_has_an_outcome(self) -> None:
        result = load("xinzhou_walkthrough.py")["main"](["--preset", "small"])

        assert {"needs": 4000, "villages": 10, "categories": 16, "departments": 4} == result["generated"]
        assert 4000 == result["outcomes"]
        assert 0 < result["service_list"] < 4000

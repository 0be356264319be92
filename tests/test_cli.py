"""The command line: the demo report, the streamed JSON, and paths checked before any work."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from servicegov import cli, pipeline, serialization, simulation
from servicegov.cli import _output
from servicegov.cli import demo as demo_command
from servicegov.cli import simulate as simulate_command


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def small_report() -> pipeline.Report:
    return simulation.simulate_year(simulation.generate("small", seed=0), seed=0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    path = tmp_path_factory.mktemp("demo") / "report.json"
    return (*run("demo", "--preset", "small", "--seed", "0", "--json", str(path)), path)


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command starts the work."""

    def boom(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the work started before the output path was checked")

    monkeypatch.setattr(simulation, "generate", boom)
    monkeypatch.setattr(simulation, "simulate_year", boom)
    monkeypatch.setattr(simulate_command, "monte_carlo", boom)
    for name, spec in simulate_command.EXPERIMENTS.items():
        monkeypatch.setitem(simulate_command.EXPERIMENTS, name, attrs.evolve(spec, make=boom))


def one_error_line(err: str) -> str:
    assert err.endswith("\n")
    assert 1 == err.count("\n"), err
    assert err.startswith("servicegov: error: ")
    assert "Traceback" not in err
    return err


class TestDemo:
    def test_it_prints_the_seed_figures_sections(self, demo: tuple[int, str, str, Path]) -> None:
        status, out, err, _path = demo
        assert 0 == status
        assert "" == err  # the small preset says nothing on stderr
        for section in (
            "需求库 needs repository: 4,000 needs from 10 villages, 16 categories",
            "服务清单 service list:",
            "筛选 Screening verdicts",
            "类别 Needs by category",
            "办理层级 Tier holding or resolving each need",
            "上报 Escalations, by why",
            "认领 Claims by kind",
            "逾期责任 Breaches",
            "一定双评 One set, two reviews",
            "考核 Assessment by tier",
            "Every need has one outcome: 4,000 outcomes for 4,000 needs.",
        ):
            assert section in out

    def test_the_same_preset_and_seed_print_the_same_report(self, demo: tuple[int, str, str, Path]) -> None:
        status, out, _err = run("demo", "--seed", "0")
        assert 0 == status
        assert demo[1].split("\nJSON report written")[0] == out


class TestJson:
    def test_the_streamed_document_is_the_whole_document(
        self, demo: tuple[int, str, str, Path], small_report: pipeline.Report
    ) -> None:
        _status, out, _err, path = demo
        assert f"JSON report written to {path}" in out
        text = path.read_text(encoding="utf-8")
        whole = serialization.to_document(small_report)
        assert json.loads(json.dumps(whole)) == json.loads(text)
        # Byte for byte what json.dumps(..., indent=1) writes of the whole document.
        assert json.dumps(whole, ensure_ascii=False, indent=1) == text

    def test_it_reads_back_equal(
        self, demo: tuple[int, str, str, Path], small_report: pipeline.Report
    ) -> None:
        text = demo[3].read_text(encoding="utf-8")
        assert small_report == serialization.from_document(json.loads(text), pipeline.Report)

    def test_chinese_is_written_as_it_is(self, demo: tuple[int, str, str, Path]) -> None:
        text = demo[3].read_text(encoding="utf-8")
        assert "\\u" not in text

    def test_write_report_never_builds_the_whole_document(
        self, small_report: pipeline.Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        unstructure = serialization.unstructure
        seen: list[tuple[type, int]] = []

        def watched(obj: Any, **kwargs: Any) -> Any:
            seen.append((type(obj), len(obj) if isinstance(obj, (dict, list, tuple)) else 0))
            return unstructure(obj, **kwargs)

        def refused(_obj: Any) -> Any:
            raise AssertionError("to_document builds the whole document")

        monkeypatch.setattr(serialization, "unstructure", watched)
        monkeypatch.setattr(serialization, "to_document", refused)
        buffer = io.StringIO()
        cli.write_report(small_report, buffer)
        assert pipeline.Report not in {tp for tp, _ in seen}
        # The outcomes, commitments, reviews ... go entry by entry.
        assert max(size for _, size in seen) < 100 < len(small_report.outcomes) < len(seen)
        monkeypatch.undo()
        expected = json.dumps(serialization.to_document(small_report), ensure_ascii=False, indent=1)
        assert expected == buffer.getvalue()

    def test_a_failed_write_leaves_no_half_file(
        self, tmp_path: Path, small_report: pipeline.Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = 0
        unstructure = serialization.unstructure

        def fails_later(obj: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls > 100:
                raise OSError(28, "No space left on device")
            return unstructure(obj, **kwargs)

        monkeypatch.setattr(serialization, "unstructure", fails_later)
        target = tmp_path / "report.json"
        with pytest.raises(OSError, match="No space"):
            _output.write_json(small_report, str(target))
        assert not target.exists()


class TestBadInput:
    def test_an_unknown_preset(self) -> None:
        status, out, err = run("demo", "--preset", "atlantis")
        assert 2 == status
        assert "" == out
        assert "unknown preset 'atlantis' (choose from small, xinzhou, zhifu)" in one_error_line(err)

    @pytest.mark.parametrize(
        ("where", "says"),
        [
            ("missing/report.json", "no such directory: {tmp}/missing/report.json"),
            ("a-file.txt/report.json", "'{tmp}/a-file.txt' is not a directory: {tmp}/a-file.txt/report.json"),
            (".", "a directory, not a file: {tmp}/."),
            ("", "an empty path"),
        ],
    )
    def test_a_json_path_that_cannot_be_written_is_refused_before_any_work(
        self, tmp_path: Path, no_work: None, where: str, says: str
    ) -> None:
        (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
        path = f"{tmp_path}/{where}" if where else ""
        status, out, err = run("demo", "--preset", "xinzhou", "--json", path)
        assert 2 == status
        assert "" == out
        assert f"servicegov: error: --json: {says.format(tmp=tmp_path)}\n" == one_error_line(err)

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write in any directory"
    )
    def test_an_unwritable_directory_is_refused_before_any_work(self, tmp_path: Path, no_work: None) -> None:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            status, _out, err = run("demo", "--json", str(locked / "report.json"))
        finally:
            locked.chmod(0o700)
        assert 2 == status
        assert "permission denied (cannot write in its directory)" in one_error_line(err)

    def test_a_directory_the_user_may_not_write_in_is_refused(
        self, tmp_path: Path, no_work: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Root may write anywhere: ask os.access as an ordinary user would be answered.
        monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
        status, _out, err = run("demo", "--json", str(tmp_path / "report.json"))
        assert 2 == status
        says = f"--json: permission denied (cannot write in its directory): {tmp_path}/report.json\n"
        assert one_error_line(err).endswith(says)

    def test_the_simulate_outputs_are_checked_before_any_work(self, tmp_path: Path, no_work: None) -> None:
        for option in ("--json", "--plot"):
            status, out, err = run("simulate", option, str(tmp_path / "missing" / "x.png"))
            assert 2 == status
            assert "" == out
            assert f"{option}: no such directory: {tmp_path}/missing/x.png\n" in one_error_line(err)

    @pytest.mark.parametrize("name", ["x.xyz", "x", "x.pgf"])
    def test_a_plot_format_matplotlib_cannot_write_is_refused_up_front(
        self, tmp_path: Path, no_work: None, name: str
    ) -> None:
        status, out, err = run("simulate", "--plot", str(tmp_path / name))
        assert 2 == status
        assert "" == out
        line = one_error_line(err)
        assert "'--plot' must be a path ending in one of " in line
        assert ".png, " in line
        assert ".svg, " in line
        assert not (tmp_path / name).exists()


class TestPlot:
    @pytest.mark.parametrize(("name", "start"), [("x.svg", b"<?xml"), ("x.PDF", b"%PDF")])
    def test_the_plot_is_written_in_the_format_its_suffix_names(
        self, tmp_path: Path, name: str, start: bytes
    ) -> None:
        target = tmp_path / name
        status, out, err = run("simulate", "--replications", "2", "--plot", str(target))
        assert 0 == status, err
        assert f"plot written to {target}" in out
        data = target.read_bytes()
        assert data.startswith(start)
        if name.endswith(".svg"):
            assert b"<svg" in data[:1000]


def test_the_module_runs_as_a_command(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "servicegov", "demo", "--json", str(tmp_path / "no" / "r.json")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert 2 == done.returncode
    assert "" == done.stdout
    assert f"servicegov: error: --json: no such directory: {tmp_path}/no/r.json\n" == done.stderr


class TestOneModulePerCommand:
    def test_each_command_is_its_own_module(self) -> None:
        assert "{demo,simulate}" in cli._parser().format_help()
        for command in (demo_command, simulate_command):
            assert command.run is cli._parser().parse_args([command.__name__.rsplit(".", 1)[-1]]).func

    def test_the_public_names_stay_where_they_were(self) -> None:
        assert ["main", "write_report"] == cli.__all__
        assert _output.write_report is cli.write_report

    def test_an_error_line_is_written_the_same_way_by_every_command(self) -> None:
        for argv in (["demo", "--preset", "atlantis"], ["simulate", "--json", ""]):
            status, out, err = run(*argv)
            assert (2, "") == (status, out)
            one_error_line(err)

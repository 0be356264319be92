"""The ``demo`` command: the whole pipeline on a preset district, as a bilingual report.

``python -m servicegov demo [--preset small|xinzhou|zhifu] [--seed N] [--json PATH]``
runs a simulated year on a preset district and prints a report with Chinese and
English labels; ``--json`` writes the same report as JSON, streamed entry by entry
(:func:`servicegov.cli.write_report`) so that a district-sized report is never held
as one document in memory.  The output path is checked before any work starts.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, TextIO

from servicegov import __version__, labels, pipeline, simulation
from servicegov.assessment import Grade, Target
from servicegov.claims import ClaimKind
from servicegov.cli._output import display_width, fail, output_problem, pad, table, write_json
from servicegov.lifecycle import Closure
from servicegov.org import Tier
from servicegov.routing import Channel, EscalationReason
from servicegov.scoring import ReviewChannel
from servicegov.screening import Reason, Verdict

__all__ = ["add_parser", "run"]


def _labelled(enum_cls: Any, counts: dict[str, int]) -> list[tuple[str, int]]:
    rows = []
    for member in enum_cls:
        if member.value in counts:
            rows.append((labels.bilingual(member), counts[member.value]))
    return rows


def _report_text(report: pipeline.Report, district: Any, out: TextIO) -> None:
    out.write(f"servicegov {__version__} — {report.district}, as of {report.as_of.isoformat()}\n")
    out.write(f"preset {report.preset!r}, seed {report.seed}\n")
    out.write(
        "模拟年度 A simulated year: service times, claims and the ballots of both reviews come "
        "from the simulation's\nmodels (simulation.simulate_year); pipeline.run on real data "
        "uses only the facts it is given.\n"
    )
    out.write(
        f"\n需求库 needs repository: {report.needs:,} needs from "
        f"{len(district.organisation.villages):,} villages, "
        f"{len(district.catalogue.categories)} categories\n"
    )
    out.write(
        f"合并共性需求 merged into common needs: {report.merged:,};  "
        f"重复登记 duplicates: {report.duplicates:,}\n"
    )
    out.write(f"服务清单 service list: {report.service_list:,} items accepted\n")
    distinct = sum(report.by_verdict.values())
    table(out, "筛选 Screening verdicts", _labelled(Verdict, report.by_verdict), distinct)
    table(out, "原因 Reasons", _labelled(Reason, report.by_reason))
    cats = [
        (f"{c.name_zh} ({c.name_en})", report.by_category.get(c.code, 0))
        for c in district.catalogue.categories
    ]
    table(out, "类别 Needs by category", cats, distinct)
    table(out, "办理层级 Tier holding or resolving each need", _labelled(Tier, report.by_tier))
    table(out, "渠道 Channel", _labelled(Channel, report.by_channel))
    table(out, "上报 Escalations, by why", _labelled(EscalationReason, report.escalations))
    table(out, "结果 Outcomes", _labelled(pipeline.Status, report.by_status), distinct)
    table(out, "阶段 Stage", _labelled(pipeline.Stage, report.by_stage), distinct)
    table(out, "结案 Closed, by closure", _labelled(Closure, report.by_closure), distinct)
    out.write(f"\n逾期 Overdue open needs: {report.overdue:,}\n")
    table(out, "认领 Claims by kind", _labelled(ClaimKind, report.claims_by_kind), report.claimed)
    out.write(
        f"\n未认领 Unclaimed needs in a claim channel: {report.unclaimed:,}\n"
        f"认领能力使用 Capacity use: {report.claimed:,} claims / {report.claim_capacity:,} "
        f"capacity = {100 * report.capacity_use:.1f}%\n"
    )
    _breaches_text(report, district, out)
    _assessment_text(report, district, out)
    out.write(
        f"\nEvery need has one outcome: {len(report.outcomes):,} outcomes for {report.needs:,} needs.\n"
    )


def _breaches_text(report: pipeline.Report, district: Any, out: TextIO) -> None:
    """Who missed their own deadlines: each breach charged to the holder whose deadline passed."""
    breaches = report.breaches
    org = district.organisation
    by_tier: dict[str, int] = {}
    for holder, needs in breaches.items():
        tier = org.unit(holder).tier if org.has_unit(holder) else None
        key = labels.bilingual(tier) if tier is not None else "认领人 claimants (members)"
        by_tier[key] = by_tier.get(key, 0) + len(needs)
    table(
        out,
        "逾期责任 Breaches, charged to the holder whose own deadline passed",
        sorted(by_tier.items()),
        sum(by_tier.values()),
    )
    worst = sorted(breaches.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]
    if worst:
        out.write("  most breaches:\n")
        for holder, needs in worst:
            out.write(f"    {len(needs):>6,}  {_who(holder, district)}\n")


def _who(claimant: str, district: Any) -> str:
    org = district.organisation
    return f"{claimant} {org.unit(claimant).name}" if org.has_unit(claimant) else claimant


def _assessment_text(report: pipeline.Report, district: Any, out: TextIO) -> None:
    """The scoring and assessment section: the one set, the two reviews, grades and ranks."""
    if not report.commitments:
        return
    items = sum(len(c.items) for c in report.commitments.values())
    out.write(
        f"\n一定双评 One set, two reviews: {len(report.commitments):,} units and cadres assessed "
        f"(each village's units as its Party organisation, each town's offices as its Party committee, "
        f"each department with its cadres) committed to {items:,} needs due or resolved by "
        f"{report.as_of.isoformat()}\n"
        "评价主体 Raters: 区直部门由街镇和村评分, 街镇党员干部由村评分, 村干部按照“一定双评”由群众评分 "
        "(ballots from other raters are set aside)\n"
    )
    ballots = ", ".join(
        f"{labels.bilingual(ch)} {report.ballots[ch.value]:,}"
        for ch in ReviewChannel
        if ch.value in report.ballots
    )
    out.write(f"评价票 Ballots: {ballots or 'none'}; set aside 无效票: {report.invalid_ballots:,}\n")
    kappa = report.channel_agreement
    shown = "n/a (no claimant rated by both)" if kappa is None else f"{kappa:.3f}"
    out.write(
        f"两个渠道的一致性 Agreement of the two reviews (Cohen's κ, linear, organisational vs "
        f"residents'): {shown}\n"
    )
    if not report.assessments:
        return
    out.write("\n考核 Assessment by tier (Xinzhou scheme, 分类定标、分层考核)\n")
    for target in Target:
        a = report.assessments.get(target.value)
        if a is None:
            continue
        counts = report.grades_by_tier[target.value]
        rows = [(labels.bilingual(g), counts.get(g.value, 0)) for g in Grade]
        left = report.unassessed.get(target.value, 0)
        note = f"; {left:,} not assessable (a review without its quorum)" if left else ""
        table(
            out,
            f"等次 Grades — {labels.bilingual(target)}: {len(a.results):,} assessed{note}",
            rows,
            len(a.results),
        )
        if target is Target.TOWN_CADRE:
            out.write(
                "  (cadres at home in a town's Party committee, those stationed in villages included)\n"
            )
        lists = (
            ("前三 Top three", report.top_units[target.value]),
            ("后三 Bottom three", report.bottom_units[target.value]),
        )
        width = max(display_width(_who(i, district)) for _, ids in lists for i in ids)
        for title, ids in lists:
            out.write(f"  {title}:\n")
            for i in ids:
                r = a.result(i)
                quota = "  ↓ 限额 over the quota" if r.demoted else ""
                out.write(
                    f"    {r.rank:>5}  {pad(_who(i, district), width)}  {r.total:6.1f}  "
                    f"{labels.bilingual(r.grade)}{quota}\n"
                )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``demo``; returns the exit status (0, or 2 with one line on *err*).

    Examples:
        >>> import argparse, io
        >>> err = io.StringIO()
        >>> run(argparse.Namespace(preset="small", seed=0, json="/no/such/directory/r.json"),
        ...     io.StringIO(), err)
        2
        >>> err.getvalue()
        'servicegov: error: --json: no such directory: /no/such/directory/r.json\\n'
    """
    if args.preset not in simulation.PRESETS:
        allowed = ", ".join(simulation.PRESETS)
        return fail(err, f"unknown preset {args.preset!r} (choose from {allowed})")
    if args.json is not None:
        problem = output_problem(args.json, "--json")
        if problem is not None:
            return fail(err, problem)

    def progress(msg: str) -> None:
        # Large presets take a while; say what is happening on stderr.
        if args.preset != "small":
            err.write(f"… {msg}\n")

    started = time.perf_counter()
    progress(f"generating the {args.preset!r} district")
    district = simulation.generate(args.preset, seed=args.seed)
    progress(f"simulating a year over {len(district.needs):,} needs")
    report = simulation.simulate_year(district, seed=args.seed)
    progress(f"done in {time.perf_counter() - started:.1f} s")
    _report_text(report, district, out)
    del district
    if args.json:
        progress(f"writing {args.json}")
        write_json(report, args.json)
        out.write(f"\nJSON report written to {args.json}\n")
    return 0


def add_parser(subparsers: Any) -> None:
    """Add the ``demo`` command to an ``argparse`` sub-parser collection.

    The command's ``func`` default is :func:`run`.

    Examples:
        >>> import argparse
        >>> parser = argparse.ArgumentParser(prog="servicegov")
        >>> add_parser(parser.add_subparsers(dest="command", required=True))
        >>> args = parser.parse_args(["demo", "--preset", "zhifu"])
        >>> args.preset, args.seed, args.json, args.func is run
        ('zhifu', 0, None, True)
    """
    demo = subparsers.add_parser("demo", help="run the whole pipeline on a preset district")
    demo.add_argument("--preset", default="small", help="small (default), xinzhou (259,650 needs) or zhifu")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    demo.set_defaults(func=run)

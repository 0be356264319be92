"""A walk through the Xinzhou preset: the seeds' figures, a generated district and the whole pipeline.

Xinzhou district (新洲区) collected more than 259,650 needs from 651 villages,
sorted them into 16 categories of service list, had more than 80 municipal and
district departments claim them, and reports 102,311 items on its service
lists.  The ``xinzhou`` preset builds a synthetic district at that scale
(``servicegov.simulation.generate``), and ``servicegov.pipeline.run`` takes it
through consolidation, screening, routing, claiming and follow-up.

This is a simulation.  The counts of needs, villages, categories and
departments are taken from the source texts, and the share of requests for a
common good is fitted (``servicegov.simulation.calibrate``) so that the service
list comes within 3 % of the reported 102,311; everything else (the shares of
kinds, groups and channels, costs, duplicates, the shape of the organisation,
the screening thresholds, how long each tier takes) is an assumption listed
in docs/simulation.md, and the script says so.

Run it with ``python examples/xinzhou_walkthrough.py`` (the full preset: about
3 s to generate and 10-15 s for the pipeline on a laptop) or
``python examples/xinzhou_walkthrough.py --preset small`` (a second).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from servicegov import pipeline, simulation
from servicegov.labels import bilingual
from servicegov.org import ProviderKind, Tier

#: The figures of the source texts for Xinzhou.
SEED_FIGURES = {"needs": 259_650, "villages": 651, "categories": 16, "departments": 80}
#: The service-list items Xinzhou reports; the preset's share of common needs is fitted to it.
SEED_SERVICE_LIST = 102_311


def _share(part: int, whole: int) -> str:
    return f"{part:>9,} ({part / whole:6.1%})" if whole else f"{part:>9,}"


def main(argv: Sequence[str] = ()) -> dict[str, Any]:
    """Generate the preset, run the pipeline, print the walk; return the figures printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--preset", default="xinzhou", choices=sorted(simulation.PRESETS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(list(argv))

    # 1. The district
    t0 = time.perf_counter()
    d = simulation.generate(args.preset, seed=args.seed)
    t_generate = time.perf_counter() - t0
    org = d.organisation
    departments = [
        u
        for u in org.iter_tier(Tier.DISTRICT)
        if u.kind is ProviderKind.GOVERNMENT_DEPARTMENT and u.linked_villages
    ]
    generated = {
        "needs": len(d.needs),
        "villages": len(org.villages),
        "categories": len(d.catalogue.categories),
        "departments": len(departments),
    }
    print(f"{d.name}: preset {d.preset!r}, seed {d.seed}, generated in {t_generate:.1f} s")
    print(f"\n{'figure':<14}{'generated':>12}{'Xinzhou (seeds)':>18}")
    for key, value in generated.items():
        print(f"{key:<14}{value:>12,}{SEED_FIGURES[key]:>18,}")
    if args.preset != "xinzhou":
        print("(the seeds' figures are Xinzhou's; this preset is smaller on purpose)")

    # 2. The needs, as the surveyors collected them
    n = len(d.needs)
    print("\nneeds by kind:")
    for kind, count in Counter(x.kind for x in d.needs).most_common():
        print(f"  {_share(count, n)}  {bilingual(kind)}")
    print("needs by channel:")
    for channel, count in Counter(x.channel for x in d.needs).most_common(3):
        print(f"  {_share(count, n)}  {bilingual(channel)}")

    # 3. The pipeline
    t0 = time.perf_counter()
    report = pipeline.run(d, service=pipeline.SimulatedService(seed=args.seed))
    t_pipeline = time.perf_counter() - t0
    print(f"\npipeline: {report.needs:,} needs in, {len(report.outcomes):,} outcomes, {t_pipeline:.1f} s")
    print(f"  merged into common needs {report.merged:>9,}   exact duplicates {report.duplicates:>7,}")
    for verdict, count in sorted(report.by_verdict.items()):
        print(f"  screened {verdict:<16}{_share(count, report.needs)}")
    print(f"  service list (服务清单) {report.service_list:>10,}")
    if args.preset == "xinzhou":
        print(
            f"  Xinzhou reports {SEED_SERVICE_LIST:,} service-list items; this simulation lists "
            f"{report.service_list:,} ({report.service_list / SEED_SERVICE_LIST:.2f} times as many)."
        )
        print(
            "  The preset's share of requests for a common good is fitted to the reported figure"
            " (simulation.calibrate); the other figures follow from the assumptions."
        )

    # 4. Where the work was done
    print("where the routed needs ended up, resolved or still open (by tier):")
    tiers = {t.value: t for t in Tier}
    held = sum(report.by_tier.values())
    for tier, count in sorted(report.by_tier.items(), key=lambda kv: -kv[1]):
        print(f"  {_share(count, held)}  {bilingual(tiers[tier])}")
    print(f"status on {report.as_of}: {dict(sorted(report.by_status.items()))}")
    print(f"escalations: {dict(sorted(report.escalations.items()))}; overdue {report.overdue:,}")
    print(f"claims by kind: {dict(sorted(report.claims_by_kind.items()))}; unclaimed {report.unclaimed:,}")

    return {
        "generated": generated,
        "service_list": report.service_list,
        "outcomes": len(report.outcomes),
        "by_status": dict(report.by_status),
        "seconds": {"generate": t_generate, "pipeline": t_pipeline},
    }


if __name__ == "__main__":
    main(sys.argv[1:])

"""A day, projects and scores shared by the tests of `servicegov.projects`."""

from __future__ import annotations

import datetime as dt

from servicegov.projects import Funding, Project, ProjectScore, ProjectType

DAY = dt.date(2025, 3, 1)


def project(code: str, cost: int = 0, **kw: object) -> Project:
    args: dict[str, object] = {
        "code": code,
        "title": code,
        "type": ProjectType.INNOVATIVE,
        "applicant": "V1",
        "funding": Funding(budget=cost),
        "started": DAY,
    }
    args.update(kw)
    return Project(**args)  # type: ignore[arg-type]


def scored(mean: float | None) -> ProjectScore:
    return ProjectScore(code="x", valid=3, invalid=0, mean=mean)

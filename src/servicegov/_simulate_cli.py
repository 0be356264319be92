"""The ``simulate`` command now lives in :mod:`servicegov.cli.simulate`; its names stay importable here."""

from __future__ import annotations

from servicegov.cli._output import output_problem
from servicegov.cli.simulate import EXPERIMENTS, _progress, add_parser, plot_format, run

__all__ = ["EXPERIMENTS", "_progress", "add_parser", "output_problem", "plot_format", "run"]

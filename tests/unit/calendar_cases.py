"""Dates shared by the tests of `servicegov.calendar`."""

from __future__ import annotations

from datetime import date, timedelta

D = date
ONE = timedelta(days=1)

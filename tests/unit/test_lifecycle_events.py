"""The checks of lifecycle events and records name the field, the value and what is allowed."""

from __future__ import annotations





# -- the events' own checks --------------------------------------------------


# -- the record's check of its history ---------------------------------------

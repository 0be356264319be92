"""What the tests of the summaries of `servicegov.simulation` share."""

from __future__ import annotations

import math

NAN = math.nan

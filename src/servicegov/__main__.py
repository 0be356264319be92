"""``python -m servicegov``: see :mod:`servicegov.cli`."""

from __future__ import annotations

import sys

from servicegov.cli import main

if __name__ == "__main__":
    sys.exit(main())

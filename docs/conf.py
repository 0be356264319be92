"""Sphinx configuration for the servicegov documentation."""

from __future__ import annotations

import servicegov

project = "servicegov"
author = "The servicegov developers"
copyright = "2026, The servicegov developers"
release = servicegov.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
nitpicky = False
suppress_warnings = ["myst.xref_missing"]
html_theme = "furo"
html_title = f"servicegov {release}"
exclude_patterns = ["_build"]

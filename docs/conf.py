"""Sphinx configuration for the imrparse documentation (built with -W in the test suite)."""

from __future__ import annotations

import imrparse

project = "imrparse"
author = "The imrparse developers"
copyright = "2026, The imrparse developers"  # noqa: A001
release = imrparse.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
# attrs classes annotate with names resolved at runtime; keep the reference quiet about
# the few it cannot link.
nitpicky = False
suppress_warnings = ["myst.header"]

html_theme = "furo"
html_title = f"imrparse {release}"

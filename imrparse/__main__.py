"""``python -m imrparse``: the command line (see :mod:`imrparse.cli`)."""

from __future__ import annotations

from imrparse.cli import main

raise SystemExit(main())

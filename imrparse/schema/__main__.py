"""``python -m imrparse.schema [--write]``: print (or rewrite) the shipped JSON Schema."""

import sys

from imrparse.schema import _main

sys.exit(_main(sys.argv[1:]))

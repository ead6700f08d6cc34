"""The atheris harness is run by hand (docs/fuzzing.md), never collected by pytest."""

collect_ignore = ["atheris_parse.py"]

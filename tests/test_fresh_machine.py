"""A user's machine: no real letters beside the checkout, and only the extras installed.

Regression: on a fresh clone without ``../shared`` the README's test command stopped with
collection errors (``pytest.skip`` called at import through ``corpus_texts()``); and the
``docs`` extra alone could not build the docs (autodoc needed Hypothesis).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_suite_collects_without_the_corpus() -> None:
    env = {**os.environ, "IMRPARSE_CORPUS": "/nonexistent"}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "error" not in done.stdout.splitlines()[-1]
    assert "no-corpus" in done.stdout  # the corpus-wide tests are there, to skip


def test_corpus_tests_skip_saying_why() -> None:
    env = {**os.environ, "IMRPARSE_CORPUS": "/nonexistent"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/test_corpus.py", "tests/test_spans.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skips and all("the real letters are not at /nonexistent" in s for s in skips)


def _import_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9_.-]+(\[[^\]]*\])?", requirement)
        assert match is not None, requirement
        name = match.group(0).split("[")[0].lower().replace("-", "_")
        if name.startswith("types_") or name == "imrparse":
            continue
        names.add(name)
        if "crypto" in (match.group(1) or ""):
            names.add("cryptography")
    return names


def _documented_modules() -> list[str]:
    """The modules the API reference's ``automodule`` directives name, and the package."""
    found = {"imrparse"}
    for page in (ROOT / "docs").glob("*.md"):
        found.update(re.findall(r"\.\. automodule:: ([\w.]+)", page.read_text("utf-8")))
    return sorted(found)


@pytest.mark.parametrize("module", _documented_modules())
def test_what_the_docs_document_imports_with_the_docs_extra_alone(module: str) -> None:
    """Every module autodoc imports, in a process where every optional package that the
    ``docs`` extra and the core do not install is hidden."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    installed = _import_names(project["dependencies"]) | _import_names(extras["docs"])
    optional = set().union(*(_import_names(v) for v in extras.values())) - installed
    assert "hypothesis" in installed and {"pandas", "pyarrow", "pypdf"} <= optional
    script = (f"import sys\nfor name in {sorted(optional)!r}:\n    sys.modules[name] = None\n"
              f"import importlib\nimportlib.import_module({module!r})\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]

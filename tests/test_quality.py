"""The code stays typed and linted, and the documentation builds without warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=False)


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_mypy_strict() -> None:
    result = _run(_tool("mypy"), "--strict", "imrparse")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run(_tool("ruff"), "check", "imrparse", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sphinx_builds_without_warnings(tmp_path: Path) -> None:
    result = _run(_tool("sphinx-build"), "-W", "--keep-going", "-q", "-b", "html", "docs",
                  str(tmp_path / "html"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_defect_code_is_documented() -> None:
    from imrparse import DefectCode

    page = (ROOT / "docs" / "defects.md").read_text("utf-8")
    missing = [code.value for code in DefectCode if f"`{code.value}`" not in page]
    assert not missing


def test_every_public_name_is_in_the_reference() -> None:
    import imrparse

    pages = "\n".join(p.read_text("utf-8") for p in (ROOT / "docs").glob("*.md"))
    model_classes = set(dir(imrparse.model)) | set(dir(imrparse.errors))
    missing = [name for name in imrparse.__all__
               if name not in pages and name not in model_classes and not name.startswith("__")]
    assert not missing


#: The public modules whose functions the API reference documents.
PUBLIC_MODULES = ("imrparse", "imrparse.pdf", "imrparse.tables", "imrparse.schema",
                  "imrparse.stats", "imrparse.dask", "imrparse.render", "imrparse.annotate",
                  "imrparse.testing", "imrparse.cli", "imrparse.jsonio", "imrparse.report",
                  "imrparse.vocab.treatments", "imrparse.vocab.reviewers",
                  "imrparse.vocab.guidelines")


def test_every_public_function_states_what_it_raises() -> None:
    """Each public function's docstring says what it raises, or that it never raises."""
    import importlib
    import inspect

    silent = []
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            function = getattr(module, attribute)
            if inspect.isfunction(function) and "raise" not in (function.__doc__ or "").lower():
                silent.append(f"{name}.{attribute}")
    assert not silent


def test_every_public_module_is_in_the_reference() -> None:
    api = (ROOT / "docs" / "api.md").read_text("utf-8")
    assert [m for m in PUBLIC_MODULES[1:] if f"automodule:: {m}" not in api] == []


def test_every_model_class_and_field_is_on_the_model_page() -> None:
    import attrs

    import imrparse.model

    page = (ROOT / "docs" / "model.md").read_text("utf-8")
    missing = [
        f"{name}.{field.name}" if field else name
        for name, cls in vars(imrparse.model).items()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == "imrparse.model"
        for field in (None, *attrs.fields(cls))
        if (field is None and f"`{name}`" not in page)
        or (field is not None and not field.name.startswith("_")
            and f"`{field.name}`" not in page)
    ]
    assert missing == []

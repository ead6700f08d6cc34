"""The house rules of the package's layout (issue 14): modules a newcomer can read, a top
level that holds the public face, and packages that say what they take and give."""

from __future__ import annotations

import ast
from pathlib import Path

import imrparse

PACKAGE = Path(imrparse.__file__).resolve().parent
#: Most lines a code module may have.
MAX_LINES = 600
#: Most public modules and packages at the top level.
MAX_PUBLIC = 15

#: Vocabulary data (tables of rows, no logic to speak of): no line limit.
VOCABULARY_DATA = frozenset({"vocab/treatments.py", "vocab/guidelines.py",
                             "vocab/reviewers.py"})
#: The internal packages of the pipeline's stages and of batches: the folders that show the
#: pipeline, beside the public face (each one's docstring says it is internal).
INTERNAL = frozenset(imrparse._STAGES)


def _lines() -> dict[str, int]:
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_is_too_long() -> None:
    over = {name: n for name, n in _lines().items()
            if n > MAX_LINES and name not in VOCABULARY_DATA}
    assert over == {}, over


def test_the_top_level_holds_the_public_face() -> None:
    entries = {path.stem for path in PACKAGE.iterdir()
               if (path.suffix == ".py" and not path.name.startswith("__"))
               or (path.is_dir() and (path / "__init__.py").is_file())}
    assert entries >= INTERNAL
    public = sorted(entries - INTERNAL)
    assert len(public) <= MAX_PUBLIC, public
    for name in INTERNAL:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
        assert doc is not None and "Internal" in doc, name


def test_every_package_says_what_it_takes_and_gives() -> None:
    missing = [path.parent.relative_to(PACKAGE.parent).as_posix()
               for path in sorted(PACKAGE.rglob("__init__.py"))
               if not ast.get_docstring(ast.parse(path.read_text("utf-8")))]
    assert missing == []

"""The public surface: parse's contract, strict mode, defects, the example letter."""

from __future__ import annotations

import enum
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import imrparse
from imrparse import DefectCode, Outcome

EXAMPLE = imrparse.example_letter()


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"], bytearray(b"x")],
                         ids=["bytes", "none", "int", "list", "bytearray"])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        imrparse.parse(bad)  # type: ignore[arg-type]


# Each row: text with no sign of a letter, and what its message must say of it.
NOT_LETTERS = [
    ("empty", "", "the text is empty"),
    ("blank", "   \n\n", "the text is blank"),
    ("prose", "Dear reader, nothing here.", "none of its headings (such as "
                                            "'CLINICAL CASE SUMMARY'"),
    ("long-prose", "Lorem ipsum\n" * 200, "'IMR ISSUES, DECISIONS AND RATIONALES'"),
    ("nul", "%PDF\0\0binary", "NUL characters"),
    ("txt-path", "letters/CM16-0000001.txt", "looks like a file path"),
    ("pdf-path", "  C:\\IMR\\Scan 12.PDF\n", "imrparse.parse_file('C:\\\\IMR"),
    ("two-lines-ending-txt", "see notes\nletter.txt", "none of its headings"),
]


@pytest.mark.parametrize(("text", "says"), [(t, m) for _, t, m in NOT_LETTERS],
                         ids=[n for n, _, _ in NOT_LETTERS])
def test_text_without_structure_is_not_a_letter(text: str, says: str) -> None:
    with pytest.raises(imrparse.NotALetterError) as info:
        imrparse.parse(text)
    assert isinstance(info.value, ValueError)
    assert says in str(info.value)
    assert len(str(info.value)) < 250  # a sentence or two, not the table of headings


def test_an_existing_path_gets_the_hint(tmp_path: Path) -> None:
    """Regression: ``parse("letter.txt")`` said "not a letter" with no word of a path."""
    folder = str(tmp_path)  # no suffix: known as a path because it exists
    with pytest.raises(imrparse.NotALetterError, match="looks like a file path"):
        imrparse.parse(folder)


def test_example_letter_parses_cleanly() -> None:
    d = imrparse.parse(EXAMPLE)
    assert d.defects == ()
    assert d.layout is imrparse.Layout.FDL_2016
    assert d.case_number == "CM16-0000001"
    assert [i.outcome for i in d.items] == [Outcome.UPHELD, Outcome.OVERTURNED]
    assert d.items[1].partial is not None
    assert d.items[1].partial.disputed == "Physical therapy for the lumbar spine 2x2"
    assert d.reviewer is not None and d.reviewer.licensure_states == ("California", "Oregon")


def test_source_text_is_kept_but_not_shown() -> None:
    d = imrparse.parse(EXAMPLE)
    assert d.source_text is EXAMPLE
    assert "source_text" not in repr(d)


def test_model_is_frozen() -> None:
    import attrs

    d = imrparse.parse(EXAMPLE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.items = ()  # type: ignore[misc]


# Each row: a mutation of the example letter and the defect code it must produce.
MUTATIONS = [
    ("missing-maximus-label", ("MAXIMUS guideline:", "MAXIMUS rule:"),
     DefectCode.MISSING_LABEL),
    ("unknown-outcome", ("2x2 is: \nOverturned", "2x2 is: Partly granted"),
     DefectCode.UNKNOWN_OUTCOME),
    ("bad-date", ("Decision Date: 12/09/2016", "Decision Date: 13/45/2016"),
     DefectCode.BAD_DATE),
    ("unknown-priority", ("Priority:  Standard", "Priority:  Urgent"),
     DefectCode.UNKNOWN_PRIORITY),
    ("bad-case-number", ("CM16-0000001", "CM16-00001"), DefectCode.BAD_CASE_NUMBER),
    ("missing-heading", ("CLINICAL CASE SUMMARY", "Clinical notes"),
     DefectCode.MISSING_HEADING),
    ("duplicate-heading", ("Tramadol ER", "CLINICAL CASE SUMMARY\nTramadol ER"),
     DefectCode.DUPLICATE_HEADING),
    ("unrecognized-heading", ("IMR ISSUES, DECISIONS", "ADDITIONAL CLINICAL NOTES HERE\n \n"
                              "IMR ISSUES, DECISIONS"), DefectCode.UNRECOGNIZED_HEADING),
    ("missing-header-label", ("Date Assigned:", "Assigned on:"), DefectCode.MISSING_LABEL),
    ("empty-rationale", ("Decision rationale: The worker has a new flare",
                         "Decision rationale: \n \nThe worker has a new flare"), None),
    ("stray-text-before-items", ("listed here: \n", "listed here: \nA stray note. \n \n"),
     DefectCode.UNPARSED_TEXT),
    ("no-items", ("Tramadol ER 150mg #30:  Upheld", "Tramadol ER 150mg #30"), None),
]


@pytest.mark.parametrize(("old_new", "code"), [(m[1], m[2]) for m in MUTATIONS],
                         ids=[m[0] for m in MUTATIONS])
def test_defects_are_recorded_and_strict_mode_raises(
        old_new: tuple[str, str], code: DefectCode | None) -> None:
    old, new = old_new
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    d = imrparse.parse(text)
    if code is None:
        return
    assert code in {defect.code for defect in d.defects}, d.defects
    with pytest.raises(imrparse.StrictModeError) as info:
        imrparse.parse(text, strict=True)
    assert info.value.defects == d.defects
    assert info.value.partial == d


def test_strict_mode_passes_a_clean_letter() -> None:
    assert imrparse.parse(EXAMPLE, strict=True) == imrparse.parse(EXAMPLE)


def test_span_of_points_at_the_value() -> None:
    d = imrparse.parse(EXAMPLE)
    span = d.header.span_of("decision_date")
    assert span is not None and span.slice(EXAMPLE) == "12/09/2016"
    item_span = d.items[0].span_of("request")
    assert item_span is not None and item_span.slice(EXAMPLE) == "Tramadol ER 150mg #30"


# --------------------------------------------------------------------------- notebook API


def _public_enums() -> list[type[enum.Enum]]:
    """Every enum class defined in a public module of the package."""
    found: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.walk_packages(imrparse.__path__, "imrparse."):
        parts = info.name.split(".")
        if (any(part.startswith("_") for part in parts) or parts[1] == "examples"
                or parts[1] in imrparse._STAGES):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, enum.Enum)
                    and value.__module__ == info.name):
                found[f"{info.name}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


PUBLIC_ENUMS = _public_enums()


def test_the_vocabularies_are_found() -> None:
    names = {e.__name__ for e in PUBLIC_ENUMS}
    assert {"Outcome", "Layout", "DefectCode", "TreatmentCategory", "DrugClass", "OdgChapter",
            "Backend", "LetterOutcome"} <= names


@pytest.mark.parametrize("vocabulary", PUBLIC_ENUMS, ids=lambda e: e.__name__)
def test_every_vocabulary_is_a_string_enum(vocabulary: type[enum.Enum]) -> None:
    assert issubclass(vocabulary, enum.StrEnum)
    for member in vocabulary:
        assert member == member.value and str(member) == member.value
        assert f"{member}" == member.value and f"{member:>1}".strip() == member.value
        assert vocabulary.__name__ in repr(member) and member.name in repr(member)
        assert json.dumps(member) == json.dumps(member.value)
        assert vocabulary(member.value) is member


def test_notebook_filters_on_strings_work() -> None:
    """Regression: ``item.outcome == "upheld"`` was False, ``str()`` gave 'Outcome.UPHELD'."""
    d = imrparse.parse(EXAMPLE)
    item = d.items[0]
    assert item.outcome == "upheld" and str(item.outcome) == "upheld"
    assert f"{item.outcome}" == "upheld"
    assert [i.number for i in d.items if i.outcome == "overturned"] == [2]
    assert item.treatment is not None and item.treatment.category == "Pharmaceuticals"
    assert repr(item.outcome) == "<Outcome.UPHELD: 'upheld'>"


def test_json_keeps_values_and_reads_back_members() -> None:
    from imrparse.jsonio import dumps, loads

    d = imrparse.parse(EXAMPLE)
    data = json.loads(dumps(d))
    assert [i["outcome"] for i in data["items"]] == ["upheld", "overturned"]
    assert data["layout"] == "fdl-2016"
    back = loads(dumps(d))
    assert type(back.items[0].outcome) is Outcome and back.layout is imrparse.Layout.FDL_2016


def test_top_level_parse_pdf_is_the_pdf_modules() -> None:
    pytest.importorskip("pypdf")
    assert imrparse.parse_pdf is imrparse.pdf.parse_pdf
    d = imrparse.parse_pdf(imrparse.example_pdf())
    assert d.case_number == "CM16-0000001"


def test_dir_and_all_list_the_lazy_names() -> None:
    names = dir(imrparse)
    for name in ("parse_pdf", "parse_file", "pdf", "tables", "dask", "stats", "jsonio",
                 "render", "annotate", "testing", "schema"):
        assert name in names
    assert {"parse_pdf", "parse_file"} <= set(imrparse.__all__)
    for name in imrparse.__all__:
        assert getattr(imrparse, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = imrparse.nothing_here  # type: ignore[attr-defined]


def test_every_public_submodule_is_reachable_lazily() -> None:
    """Every public module of the package is listed, and ``import imrparse`` imports none
    of the optional ones (checked in a fresh interpreter)."""
    public = {info.name for info in pkgutil.iter_modules(imrparse.__path__)
              if not info.name.startswith("_")
              and info.name not in {"examples", *imrparse._STAGES}}
    assert public == set(imrparse._SUBMODULES)
    lazy = sorted(public - {"errors", "model", "vocab"})
    script = (
        "import sys, imrparse\n"
        f"lazy = {lazy!r}\n"
        "early = [m for m in lazy if 'imrparse.' + m in sys.modules]\n"
        "heavy = [m for m in ('pypdf', 'pandas', 'pyarrow', 'dask', 'hypothesis') "
        "if m in sys.modules]\n"
        "assert not early and not heavy, (early, heavy)\n"
        "for m in lazy:\n"
        "    assert getattr(imrparse, m).__name__ == 'imrparse.' + m\n"
        "assert imrparse.parse_file.__module__ == 'imrparse.batch.files'\n"
        "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stderr

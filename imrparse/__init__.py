"""imrparse: California IMR Final Determination Letters as a typed, span-carrying model.

>>> import imrparse
>>> letter = imrparse.example_letter()
>>> determination = imrparse.parse(letter)
>>> determination.header.case_number
'CM16-0000001'
>>> [item.outcome for item in determination.items]
[<Outcome.UPHELD: 'upheld'>, <Outcome.OVERTURNED: 'overturned'>]
>>> determination.items[0].outcome == "upheld"
True
>>> determination.defects
()

The closed vocabularies are string enums: a member equals its value and prints as it.
:func:`parse_file` reads a text or PDF file, :func:`parse_pdf` a PDF.  The submodules
(:mod:`imrparse.pdf`, :mod:`imrparse.tables`, :mod:`imrparse.dask`...) are attributes of the
package, imported on first use: ``import imrparse`` loads only the parser.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from imrparse.content.treatment import read_treatment
from imrparse.errors import (
    Defect,
    DefectCode,
    ImrParseError,
    InternalError,
    NotALetterError,
    PdfError,
    StrictModeError,
)
from imrparse.examples import example_letter, example_pdf
from imrparse.model import (
    BodyRegion,
    Boilerplate,
    BoilerplateKind,
    CaseHeader,
    CaseSummary,
    Citation,
    CitationFamily,
    Determination,
    DisputedItem,
    DrugClass,
    DurationUnit,
    Guideline,
    GuidelineBasis,
    GuidelineSource,
    Laterality,
    Layout,
    MtusCitation,
    MtusGuideline,
    OdgChapter,
    OtherCitation,
    Outcome,
    PartialAuthorization,
    Parties,
    Party,
    PartyRole,
    Perioperative,
    Priority,
    Rationale,
    ReviewedDocument,
    Reviewer,
    Section,
    SectionKind,
    Sex,
    Treatment,
    TreatmentCategory,
    TreatmentSubcategory,
    UrAction,
    UrDecision,
)
from imrparse.model.spans import Located, Span
from imrparse.structure.build import parse
from imrparse.text.caches import clear_caches
from imrparse.text.tokenizer import Token, TokenKind, tokenize

if TYPE_CHECKING:
    # Redundant aliases: re-exported names for the type checker, imported on first use.
    from imrparse import annotate as annotate
    from imrparse import cli as cli
    from imrparse import dask as dask
    from imrparse import jsonio as jsonio
    from imrparse import pdf as pdf
    from imrparse import render as render
    from imrparse import report as report
    from imrparse import schema as schema
    from imrparse import stats as stats
    from imrparse import tables as tables
    from imrparse import testing as testing
    from imrparse import vocab as vocab
    from imrparse.batch.files import parse_file
    from imrparse.pdf import parse_pdf

__version__ = "0.1.0"

#: The pipeline's stage packages (``docs/architecture.md``): internal, not the public face.
_STAGES = ("text", "layouts", "structure", "content", "batch")
#: Public submodules, imported on first access as attributes of the package (PEP 562).
_SUBMODULES = ("annotate", "cli", "dask", "errors", "jsonio", "model", "pdf", "render",
               "report", "schema", "stats", "tables", "testing", "vocab")
#: Public functions of modules that ``import imrparse`` leaves unimported: name -> module.
_LAZY_FUNCTIONS = {"parse_pdf": "imrparse.pdf", "parse_file": "imrparse.batch.files"}


def __getattr__(name: str) -> Any:
    """A submodule or lazily imported function, imported on first access."""
    if name in _LAZY_FUNCTIONS:
        value = getattr(importlib.import_module(_LAZY_FUNCTIONS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_FUNCTIONS, *_SUBMODULES})


__all__ = [
    "BodyRegion",
    "Boilerplate",
    "BoilerplateKind",
    "CaseHeader",
    "CaseSummary",
    "Citation",
    "CitationFamily",
    "Defect",
    "DefectCode",
    "Determination",
    "DisputedItem",
    "DrugClass",
    "DurationUnit",
    "Guideline",
    "GuidelineBasis",
    "GuidelineSource",
    "ImrParseError",
    "InternalError",
    "Laterality",
    "Layout",
    "Located",
    "MtusCitation",
    "MtusGuideline",
    "NotALetterError",
    "OdgChapter",
    "OtherCitation",
    "Outcome",
    "PartialAuthorization",
    "Parties",
    "Party",
    "PartyRole",
    "PdfError",
    "Perioperative",
    "Priority",
    "Rationale",
    "ReviewedDocument",
    "Reviewer",
    "Section",
    "SectionKind",
    "Sex",
    "Span",
    "StrictModeError",
    "Token",
    "TokenKind",
    "Treatment",
    "TreatmentCategory",
    "TreatmentSubcategory",
    "UrAction",
    "UrDecision",
    "__version__",
    "clear_caches",
    "example_letter",
    "example_pdf",
    "parse",
    "parse_file",
    "parse_pdf",
    "read_treatment",
    "tokenize",
]

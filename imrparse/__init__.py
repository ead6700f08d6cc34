"""imrparse: California IMR Final Determination Letters as a typed, span-carrying model.

>>> import imrparse
>>> letter = imrparse.example_letter()
>>> determination = imrparse.parse(letter)
>>> determination.header.case_number
'CM16-0000001'
>>> [item.outcome.value for item in determination.items]
['upheld', 'overturned']
>>> determination.defects
()
"""

from __future__ import annotations

from imrparse._base import Located, Span
from imrparse._build import parse
from imrparse._example import example_letter, example_pdf
from imrparse._tokenizer import Token, TokenKind, tokenize
from imrparse._treatment import read_treatment
from imrparse.errors import (
    Defect,
    DefectCode,
    ImrParseError,
    NotALetterError,
    PdfError,
    StrictModeError,
)
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

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``imrparse.report`` (the HTML review report) is imported when first used."""
    if name == "report":
        import importlib  # noqa: PLC0415

        return importlib.import_module("imrparse.report")
    raise AttributeError(f"module 'imrparse' has no attribute {name!r}")

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
    "example_letter",
    "example_pdf",
    "parse",
    "read_treatment",
    "tokenize",
]

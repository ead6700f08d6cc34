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
from imrparse._example import example_letter
from imrparse._tokenizer import Token, TokenKind, tokenize
from imrparse.errors import (
    Defect,
    DefectCode,
    ImrParseError,
    NotALetterError,
    PdfError,
    StrictModeError,
)
from imrparse.model import (
    CaseHeader,
    CaseSummary,
    Determination,
    DisputedItem,
    Guideline,
    GuidelineSource,
    Layout,
    Outcome,
    PartialAuthorization,
    Priority,
    Rationale,
    Reviewer,
    Section,
    SectionKind,
    Sex,
)

__version__ = "0.1.0"

__all__ = [
    "CaseHeader",
    "CaseSummary",
    "Defect",
    "DefectCode",
    "Determination",
    "DisputedItem",
    "Guideline",
    "GuidelineSource",
    "ImrParseError",
    "Layout",
    "Located",
    "NotALetterError",
    "Outcome",
    "PartialAuthorization",
    "PdfError",
    "Priority",
    "Rationale",
    "Reviewer",
    "Section",
    "SectionKind",
    "Sex",
    "Span",
    "StrictModeError",
    "Token",
    "TokenKind",
    "__version__",
    "example_letter",
    "parse",
    "tokenize",
]

"""Defects (recoverable problems recorded on a result) and the one exception family.

A *defect* is something the parser worked around: a missing label, an unknown outcome
word, a date it could not read, text that belongs to no field.  Defects are values on
:attr:`imrparse.Determination.defects`; lenient parsing never raises for them.

An :class:`ImrParseError` is fatal: the text is not a determination letter at all, the
caller asked for strict parsing and a defect was found, or imrparse has a bug
(:class:`InternalError`, never disguised as bad input).  It subclasses :class:`ValueError`
so that ``except ValueError`` keeps working, as with ``dateutil``'s ``ParserError``.
"""

from __future__ import annotations

import enum
import hashlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import attrs

from imrparse.model.spans import Span

if TYPE_CHECKING:
    from imrparse.model import Determination

__all__ = [
    "Defect",
    "DefectCode",
    "ImrParseError",
    "InternalError",
    "NotALetterError",
    "PdfError",
    "StrictModeError",
]


class DefectCode(enum.StrEnum):
    """The closed vocabulary of defects.  Each is documented in ``docs/defects.md``."""

    #: A heading the layout requires (e.g. ``CLINICAL CASE SUMMARY``) was not found.
    MISSING_HEADING = "missing-heading"
    #: A heading the layout allows once was found again; the repeat is kept as text.
    DUPLICATE_HEADING = "duplicate-heading"
    #: A line that looks like a heading (upper case, alone on its line) that no table knows.
    UNRECOGNIZED_HEADING = "unrecognized-heading"
    #: A label of the header table or an item (``MAXIMUS guideline:``...) was not found.
    MISSING_LABEL = "missing-label"
    #: A label was found but nothing usable follows it.
    EMPTY_VALUE = "empty-value"
    #: A date value that cannot be read as a calendar date.
    BAD_DATE = "bad-date"
    #: A case number that is not of the ``CMyy-nnnnnnn`` form.
    BAD_CASE_NUMBER = "bad-case-number"
    #: A priority word outside the known vocabulary.
    UNKNOWN_PRIORITY = "unknown-priority"
    #: An item's decision line ends in a word that is not ``Upheld`` or ``Overturned``.
    UNKNOWN_OUTCOME = "unknown-outcome"
    #: The issues section holds no disputed item.
    NO_ITEMS = "no-items"
    #: Non-blank text that no section, field or boilerplate paragraph takes.
    UNPARSED_TEXT = "unparsed-text"
    #: A conclusion sentence in the rationale contradicts the item's outcome.
    CONCLUSION_CONTRADICTS_OUTCOME = "conclusion-contradicts-outcome"
    #: Header dates out of their documented order (e.g. decision before assignment).
    DATE_ORDER = "date-order"
    #: The regular-expression engine gave up on a pathological input (timeout backstop).
    PATTERN_TIMEOUT = "pattern-timeout"
    #: A reviewer's state or specialty that no name of its closed vocabulary matches; the
    #: value is kept as written.
    UNKNOWN_TERM = "unknown-term"
    #: Bytes of a text file that its encoding (UTF-8, or UTF-16/32 by its byte-order mark)
    #: cannot decode; each run became one U+FFFD per bad sequence, and the message gives the
    #: byte offset.  Only files read by imrparse (the command line, ``parse_file``) have it.
    INVALID_ENCODING = "invalid-encoding"
    #: A character no output can hold (a lone surrogate, U+D800 to U+DFFF, as a PDF's text
    #: layer may map a glyph to); each became U+FFFD, so the spans stay as they were.
    #: Only files read by imrparse (the command line, ``parse_file``, the batch) have it.
    INVALID_CHARACTER = "invalid-character"
    #: A bug in imrparse while reading one part of the letter (an item, a section, a
    #: value); the part is left out and the rest is read.  Please report it with the input.
    INTERNAL_ERROR = "internal-error"


@attrs.frozen(kw_only=True)
class Defect:
    """A recoverable problem found while parsing, with where it is in the input.

    ``path`` names the model field it concerns, e.g. ``items[2].maximus_guideline``.
    """

    code: DefectCode
    message: str
    span: Span = attrs.field(eq=False)
    path: str = ""

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"{self.code.value}{where} [{self.span.start}:{self.span.end}]: {self.message}"


class ImrParseError(ValueError):
    """The base of every exception that :func:`imrparse.parse` raises for bad content.

    :ivar defects: every defect found before the error (empty for a non-letter).
    :ivar partial: the partial :class:`~imrparse.Determination`, where one was built.
    """

    def __init__(
        self,
        message: str,
        *,
        defects: tuple[Defect, ...] = (),
        partial: Determination | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.defects = defects
        self.partial = partial
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class NotALetterError(ImrParseError):
    """The text has none of the structure of a determination letter."""


class StrictModeError(ImrParseError):
    """Strict parsing found a defect; ``defects`` holds all of them, ``partial`` the result."""

    @classmethod
    def of(cls, result: Determination, *, source: str | None = None) -> StrictModeError:
        """The error for ``result``, whose ``defects`` must not be empty."""
        first = result.defects[0]
        return cls(f"{len(result.defects)} defect(s); first: {first}",
                   defects=result.defects, partial=result, source=source)


class InternalError(ImrParseError):
    """A bug in imrparse, not a fault of the input; the exception it raised is chained as
    ``__cause__``.  Please report it with the input (``length`` and ``sha256`` identify it).

    :ivar length: the number of characters of the input.
    :ivar sha256: the SHA-256 of the input encoded as UTF-8 (``surrogatepass``).
    """

    def __init__(self, message: str, *, length: int, sha256: str) -> None:
        super().__init__(message)
        self.length = length
        self.sha256 = sha256

    @classmethod
    def of(cls, text: str, exc: BaseException) -> InternalError:
        """The error for ``exc``, raised by imrparse's own code while parsing ``text``."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(f"internal error while parsing a text of {len(text)} characters "
                   f"(sha256 {digest[:16]}): {exc!r}; this is a bug in imrparse, please "
                   "report it with the input", length=len(text), sha256=digest)


class PdfError(ImrParseError):
    """A PDF could not be turned into text: broken, encrypted beyond reading, or a scan."""


#: What a letter's text was expected to be, said at the end of every not-a-letter message.
EXPECTED: Final = "expected the text of an IMR Final Determination Letter"
#: How long a one-line string may be and still be taken for a path (Linux's PATH_MAX).
_PATH_MAX: Final = 4096
#: Suffixes of the files a letter comes in.
_LETTER_SUFFIXES: Final = (".txt", ".pdf", ".text")


def not_a_letter(text: str, headings: Sequence[str]) -> NotALetterError:
    """The error for ``text`` in which no sign of a letter was found, saying in a sentence
    what the text is instead: empty, blank, binary, a file path, or other text (naming a
    few of the ``headings`` looked for).  Never raises.
    """
    if not text:
        return NotALetterError(f"the text is empty; {EXPECTED}")
    if not text.strip():
        return NotALetterError(
            f"the text is blank ({len(text)} whitespace character(s)); {EXPECTED}")
    nul = text.find("\0")
    if nul >= 0:
        return NotALetterError(
            f"the text holds NUL characters (binary data; the first at offset {nul}); "
            f"{EXPECTED}, as a PDF extractor gives it")
    if _looks_like_path(text):
        return NotALetterError(
            f"{text.strip()!r} looks like a file path, not a letter's text: read the file "
            f"first, or call imrparse.parse_file({text.strip()!r}) (a text file or a PDF)")
    such_as = " or ".join(repr(h) for h in headings[:2])
    return NotALetterError(
        f"not an IMR Final Determination Letter: none of its headings (such as {such_as}) "
        "and no item label found")


def _looks_like_path(text: str) -> bool:
    """A short single line ending in a letter file's suffix, or naming something on disk."""
    candidate = text.strip()
    if "\n" in candidate or len(candidate) > _PATH_MAX:
        return False
    # os.path.exists answers False (never raises) for names the OS refuses.
    return candidate.lower().endswith(_LETTER_SUFFIXES) or os.path.exists(candidate)

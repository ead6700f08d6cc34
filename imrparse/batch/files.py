"""A letter file's bytes to its text, then to a :class:`~imrparse.Determination`: the one
reader of files that the command line, ``imrparse parse``, :mod:`imrparse.dask` and
:func:`imrparse.parse_file` share.

* A PDF (``%PDF-`` in the first 1024 bytes, whatever the file's name) goes to
  :func:`imrparse.pdf.extract_text`; a file named ``.pdf`` that is no PDF is a
  :class:`~imrparse.PdfError`.
* Text is UTF-8 (a UTF-8 byte-order mark is dropped); UTF-16 or UTF-32 where a byte-order
  mark says so; UTF-16 without one where its NUL bytes say so (every other byte NUL, as
  in ASCII text saved as "Unicode" on Windows).
* Bytes the encoding cannot decode become U+FFFD (as ``errors="replace"`` does), and each run
  of them is recorded as an ``invalid-encoding`` :class:`~imrparse.Defect` on the result,
  with its byte offset, so nothing is changed in silence.
* Lone surrogates (U+D800 to U+DFFF, which a PDF's text layer may map a glyph to, and which
  no UTF-8 output can hold) become U+FFFD, one character for one so that spans keep their
  places, and each run is recorded as an ``invalid-character`` defect (:func:`sanitize`).
* An empty or blank file, and a binary one (a NUL byte in 8-bit text), is a
  :class:`~imrparse.NotALetterError` saying so.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from imrparse.errors import (
    Defect,
    DefectCode,
    ImrParseError,
    NotALetterError,
    PdfError,
    StrictModeError,
)
from imrparse.model.spans import Span
from imrparse.pdf import Backend, extract_text, looks_like_pdf
from imrparse.structure.build import parse

if TYPE_CHECKING:
    from imrparse.model import Determination
    from imrparse.vocab.treatments import Vocabulary

__all__ = ["Decoded", "decode_text", "display_path", "letter_text", "parse_data", "parse_file",
           "sanitize"]

#: What a letter file was expected to hold, said at the end of each message about a file.
EXPECTED_FILE: Final = "expected the text or PDF of an IMR Final Determination Letter"

#: Byte-order marks and their codecs, longest first (UTF-32 LE's mark starts as UTF-16 LE's).
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
#: How much of a file the NUL-byte tests look at.
_SAMPLE: Final = 4096
#: UTF-16 without a byte-order mark: at least this share of the high bytes is NUL...
_UTF16_NULS: Final = 0.4
#: ...and at most this share of the low bytes.
_UTF16_LOW_NULS: Final = 0.05
#: A text with more than this share of undecodable characters is taken for binary data.
_BINARY_SHARE: Final = 0.25
#: A run of lone surrogates: characters no UTF-8 output can hold.
_SURROGATES: Final = re.compile("[\ud800-\udfff]+")
#: Bytes an ``invalid-encoding`` message shows.
_SHOWN_BYTES: Final = 8


@attrs.frozen(kw_only=True)
class Decoded:
    """A file's text, and the defects its decoding recorded."""

    text: str
    #: One ``invalid-encoding`` defect per run of undecodable bytes.
    defects: tuple[Defect, ...] = ()
    #: Whether the text was extracted from a PDF.
    pdf: bool = False


def letter_text(data: bytes, name: str, *, pdf_backend: str | Backend | None = None
                ) -> Decoded:
    """The text of a letter file's bytes: a PDF's extracted text, or decoded text.

    :param name: the file's name, for the messages (and a ``.pdf`` name to expect a PDF).
    :raises PdfError: a PDF that cannot be read (the message names ``name``).
    :raises NotALetterError: an empty, blank or binary file.
    """
    if looks_like_pdf(data[:_SAMPLE]) or (data and name.lower().endswith(".pdf")):
        try:
            text, defects = sanitize(extract_text(data, backend=pdf_backend))
        except PdfError as exc:
            exc.source = name
            raise
        return Decoded(text=text, defects=defects, pdf=True)
    return decode_text(data, name)


def sanitize(text: str) -> tuple[str, tuple[Defect, ...]]:
    """``text`` with each lone surrogate replaced by U+FFFD (one for one: spans keep their
    places), and an ``invalid-character`` defect per run replaced.

    The one place text is made fit for every output (JSON, CSV, Parquet, HTML): a lone
    surrogate cannot be encoded as UTF-8.
    """
    if _SURROGATES.search(text) is None:
        return text, ()
    defects = tuple(
        Defect(code=DefectCode.INVALID_CHARACTER,
               message=f"lone surrogate {_code_points(m.group())} at character {m.start()}; "
                       f"read as {_replacements(len(m.group()))}",
               span=Span(m.start(), m.end()), path="source_text")
        for m in _SURROGATES.finditer(text))
    return _SURROGATES.sub(lambda m: "\ufffd" * len(m.group()), text), defects


def _replacements(n: int) -> str:
    return "U+FFFD" if n == 1 else f"{n} U+FFFD characters"


def _code_points(run: str) -> str:
    shown = " ".join(f"U+{ord(c):04X}" for c in run[:_SHOWN_BYTES])
    return shown + (" ..." if len(run) > _SHOWN_BYTES else "")


def display_path(path: str) -> str:
    """A path as the outputs write it: the same string for any name that is valid UTF-8;
    a byte that is not (kept by Python as a surrogate escape) as ``\\xNN``, so that the
    name is written losslessly and readably in UTF-8 outputs."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def decode_text(data: bytes, name: str) -> Decoded:
    """The text of a text file's bytes (see the module documentation for the encodings).

    :raises NotALetterError: an empty, blank or binary file; the message names ``name``.
    """
    if not data:
        raise NotALetterError(f"empty file (0 bytes); {EXPECTED_FILE}", source=name)
    codec, label, start = _encoding(data)
    if codec == "utf-8":
        nul = data.find(b"\0")
        if nul >= 0:
            raise NotALetterError(
                f"binary file (a NUL byte at offset {nul}), not text; {EXPECTED_FILE}",
                source=name)
    text, defects = _decode(data, start, codec, label)
    if not text.strip():
        what = "empty" if not text else f"blank ({len(data)} bytes of white space)"
        raise NotALetterError(f"{what} file; {EXPECTED_FILE}", source=name)
    if text.count("\ufffd") > _BINARY_SHARE * len(text):
        raise NotALetterError(
            f"binary file or not {label} text ({text.count(chr(0xFFFD))} of its "
            f"{len(text)} characters cannot be decoded); {EXPECTED_FILE}", source=name)
    return Decoded(text=text, defects=defects)


def _encoding(data: bytes) -> tuple[str, str, int]:
    """The codec, its name for messages, and where the text starts (after a byte-order
    mark)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, label, len(bom)
    sample = data[:_SAMPLE]
    if len(sample) >= 4:
        low, high = sample[0::2], sample[1::2]
        low_nuls, high_nuls = low.count(0) / len(low), high.count(0) / len(high)
        if high_nuls >= _UTF16_NULS and low_nuls <= _UTF16_LOW_NULS:
            return "utf-16-le", "UTF-16", 0
        if low_nuls >= _UTF16_NULS and high_nuls <= _UTF16_LOW_NULS:
            return "utf-16-be", "UTF-16", 0
    return "utf-8", "UTF-8", 0


def _decode(data: bytes, start: int, codec: str, label: str) -> tuple[str, tuple[Defect, ...]]:
    """``data[start:]`` decoded as ``errors="replace"`` does, and a defect per run of
    undecodable bytes (byte offsets count from the file's first byte)."""
    view = memoryview(data)
    try:
        return str(view[start:], codec), ()
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    # [first byte, end byte, first character, end character] of each run.
    runs: list[list[int]] = []
    pos = start
    length = 0
    while True:
        try:
            parts.append(str(view[pos:], codec))
            break
        except UnicodeDecodeError as exc:
            good = str(view[pos : pos + exc.start], codec)
            parts.append(good)
            length += len(good)
            bad_start, bad_end = pos + exc.start, pos + exc.end
            if runs and runs[-1][1] == bad_start and runs[-1][3] == length:
                runs[-1][1] = bad_end
                runs[-1][3] += 1
            else:
                runs.append([bad_start, bad_end, length, length + 1])
            parts.append("\ufffd")
            length += 1
            pos = bad_end
    return "".join(parts), tuple(_invalid(data, label, run) for run in runs)


def _invalid(data: bytes, label: str, run: list[int]) -> Defect:
    first, end, char_start, char_end = run
    shown = " ".join(f"{b:02x}" for b in data[first : min(end, first + _SHOWN_BYTES)])
    more = " ..." if end - first > _SHOWN_BYTES else ""
    where = f"byte {first}" if end - first == 1 else f"bytes {first}-{end - 1}"
    replaced = char_end - char_start
    return Defect(
        code=DefectCode.INVALID_ENCODING,
        message=f"invalid {label} at {where} ({shown}{more}); read as "
                f"{'U+FFFD' if replaced == 1 else f'{replaced} U+FFFD characters'}",
        span=Span(char_start, char_end), path="source_text")


def parse_data(data: bytes, name: str, *, pdf_backend: str | Backend | None = None,
               strict: bool = False, vocabulary: Vocabulary | None = None) -> Determination:
    """Parse a letter file's bytes: :func:`letter_text`, then :func:`imrparse.parse`, with
    the decoding's defects added to the result's.  Errors name the file (``source``).

    :raises PdfError: as :func:`letter_text`.
    :raises NotALetterError: as :func:`letter_text`, or the text is not a letter.
    :raises StrictModeError: ``strict`` is true and a defect was found (decoding's too).
    """
    decoded = letter_text(data, name, pdf_backend=pdf_backend)
    try:
        result = parse(decoded.text, vocabulary=vocabulary)
    except ImrParseError as exc:
        if exc.source is None:
            exc.source = name
        raise
    if decoded.defects:
        result = attrs.evolve(result, defects=tuple(sorted(
            result.defects + decoded.defects, key=lambda d: (d.span.start, d.span.end))))
    if strict and result.defects:
        raise StrictModeError.of(result, source=name)
    return result


def parse_file(path: str | os.PathLike[str], *, pdf_backend: str | Backend | None = None,
               strict: bool = False, vocabulary: Vocabulary | None = None) -> Determination:
    """Read and parse one letter file, a PDF or text, as the command line does.

    A PDF is known by its first bytes (or its ``.pdf`` name) and read with ``pdf_backend``
    (see :mod:`imrparse.pdf`); text is UTF-8, or UTF-16/32 with a byte-order mark (or UTF-16
    without one, known by its NUL bytes).  Bytes that are not valid in the encoding are read
    as U+FFFD and recorded as ``invalid-encoding`` defects, with their byte offsets.
    ``strict`` and ``vocabulary`` are as for :func:`imrparse.parse`; every error's message
    names the file.

    :raises OSError: the file cannot be read (``FileNotFoundError``, ``IsADirectoryError``,
        ``PermissionError``), as :func:`open` raises it.
    :raises PdfError: a PDF that cannot be read, or a ``.pdf`` file that is no PDF.
    :raises NotALetterError: an empty, blank or binary file, or text that is not a letter.
    :raises StrictModeError: ``strict`` is true and a defect was found.
    """
    name = os.fspath(path)
    return parse_data(Path(name).read_bytes(), name, pdf_backend=pdf_backend, strict=strict,
                      vocabulary=vocabulary)

"""PDF input: turn a determination letter PDF into text, then into a :class:`Determination`.

The core parser takes text; this module is the optional bridge from PDF files.  Three text
backends are offered, each an optional dependency imported only when it is used:

``pdfium`` (the default when installed; extras ``imrparse[pdf]`` and ``imrparse[pdf-fast]``)
    pypdfium2, a binary wheel of Google's PDFium (BSD/Apache), about 6 times faster than
    pypdf on the corpus letters, with parse results identical on all 101 of them.  Its
    raw text is normalised here to pypdf's conventions: ``\n`` line ends, and the line-end
    hyphens PDFium marks as U+FFFE (joining the two lines) put back as ``-`` plus a line
    break.  PDFium is not thread-safe: run it in processes, not threads.
``pypdf`` (extra ``imrparse[pdf]`` too)
    Pure Python, BSD.  Reads the two-column header table row by row and keeps the letter's
    hard line breaks; the reference extraction the parser is developed against.
``pdftotext`` (Debian/Ubuntu package ``poppler-utils``)
    Poppler's ``pdftotext -layout`` run as a subprocess (GPL, never linked).  Layout mode
    keeps header columns apart and dates whole; plain mode re-flows and de-hyphenates across
    lines (``10-30-`` / ``2016`` becomes ``10-302016``), so it is never used.

The default (:func:`default_backend`) is the first of :data:`DEFAULT_ORDER` that is
installed: ``pdfium``, then ``pdftotext``, then ``pypdf``: fastest first (4.4, 16 and 48 ms
a letter here), all three giving parse results identical on every corpus letter
(``docs/performance.md`` has the figures).  Pass ``backend=`` to choose another.

The letters published by the DWC are AES-encrypted with an empty user password and carry a
"no text copying" permission flag.  The flag is advisory; every backend here opens such
files quietly, and pypdf needs the ``cryptography`` package for AES.

Every failure is a :class:`~imrparse.errors.PdfError` whose message starts with the file
name (``<bytes>`` for in-memory input) and says what went wrong; exceptions of the backend
libraries are chained as ``__cause__``, never leaked.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from imrparse.batch.extras import EXTRAS
from imrparse.batch.extras import missing as _missing_extra
from imrparse.errors import ImrParseError, PdfError

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdfium2 import PdfDocument

    from imrparse.model import Determination
    from imrparse.vocab.treatments import Vocabulary

__all__ = ["BYTES_NAME", "DEFAULT_ORDER", "Backend", "Source", "default_backend", "extract_text",
           "looks_like_pdf", "missing_backend", "page_count", "parse_pdf"]

#: What :func:`extract_text` and friends accept: a path, or the bytes of a PDF.
Source = str | os.PathLike[str] | bytes

#: The name errors give to in-memory input.
BYTES_NAME: Final = "<bytes>"

#: Readers accept the ``%PDF-`` header anywhere in the first 1024 bytes (Adobe PDF Reference,
#: appendix H), so junk before it is tolerated; only its absence means "not a PDF".
_HEADER: Final = b"%PDF-"
_HEADER_WINDOW: Final = 1024

#: A wall-clock bound on one ``pdftotext`` run; a letter takes ~20 ms.
PDFTOTEXT_TIMEOUT_S: Final = 120.0


class Backend(enum.StrEnum):
    """The text extraction backends.  Each is an optional dependency."""

    #: pypdf ``extract_text()`` per page, pages joined by ``"\\n"``.
    PYPDF = "pypdf"
    #: pypdfium2 (PDFium), normalised to pypdf's line conventions (the default when installed).
    PDFIUM = "pdfium"
    #: Poppler ``pdftotext -layout`` through a subprocess.
    PDFTOTEXT = "pdftotext"


# --------------------------------------------------------------------------- sources


_K = TypeVar("_K")
_V = TypeVar("_V")


def _unique(rows: Iterable[tuple[_K, _V]], what: str) -> dict[_K, _V]:
    """A lookup table from ``rows``, refusing duplicate keys (checked at import)."""
    table: dict[_K, _V] = {}
    for key, value in rows:
        if key in table:
            raise RuntimeError(f"imrparse.pdf: duplicate {what} {key!r}")
        table[key] = value
    return table


@attrs.frozen
class _Input:
    """A checked source: its display name, and a path or the bytes themselves."""

    name: str
    path: Path | None
    data: bytes | None


def _open_source(source: Source) -> _Input:
    """Check that ``source`` exists and starts like a PDF; raise :class:`PdfError` if not."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if not data:
            raise PdfError("empty input (0 bytes), not a PDF", source=BYTES_NAME)
        _check_header(data[:_HEADER_WINDOW], BYTES_NAME)
        return _Input(BYTES_NAME, None, data)
    try:
        path = Path(os.fspath(source))
    except TypeError as exc:
        raise PdfError(
            f"expected a path or bytes, got {type(source).__name__}", source=repr(source)
        ) from exc
    name = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER_WINDOW)
    except FileNotFoundError as exc:
        raise PdfError("file not found", source=name) from exc
    except IsADirectoryError as exc:
        raise PdfError("is a directory, not a PDF file", source=name) from exc
    except OSError as exc:
        raise PdfError(f"cannot read the file: {exc.strerror or exc}", source=name) from exc
    if not head:
        raise PdfError("empty file (0 bytes), not a PDF", source=name)
    _check_header(head, name)
    return _Input(name, path, None)


def looks_like_pdf(head: bytes) -> bool:
    """Whether bytes (a file's first 1024 are enough) start as a PDF does: ``%PDF-`` in
    the first 1024 bytes.  Never raises."""
    return _HEADER in head[:_HEADER_WINDOW]


def _check_header(head: bytes, name: str) -> None:
    if not looks_like_pdf(head):
        raise PdfError(
            f"not a PDF (no {_HEADER.decode()} header in the first {_HEADER_WINDOW} bytes)",
            source=name,
        )


def _require_text(text: str, name: str, pages: int) -> str:
    if not text.strip():
        raise PdfError(
            f"no text layer: {pages} page(s) gave no text (a scanned image? run OCR first)",
            source=name,
        )
    return text


#: The extra (:data:`imrparse.batch.extras.EXTRAS`) that installs each backend.
_EXTRA_OF: Final = {
    Backend.PYPDF: "pdf",
    Backend.PDFIUM: "pdf-fast",
    Backend.PDFTOTEXT: "poppler",
}
if set(_EXTRA_OF) != set(Backend) or not set(_EXTRA_OF.values()) <= set(EXTRAS):
    raise RuntimeError("imrparse.pdf: every Backend needs its extra in _EXTRA_OF")


#: The default backend is the first of these that is installed: fastest first, among the
#: backends whose parse results are identical on every corpus letter (measured in
#: ``benchmarks/bench_pdf.py``: pdfium 4.4 ms a letter, pdftotext 16 ms with its process
#: start, pypdf 48 ms).
DEFAULT_ORDER: Final = (Backend.PDFIUM, Backend.PDFTOTEXT, Backend.PYPDF)
if set(DEFAULT_ORDER) != set(Backend):
    raise RuntimeError("imrparse.pdf: DEFAULT_ORDER must rank every Backend")


def default_backend() -> Backend:
    """The backend used when none is named: the first of :data:`DEFAULT_ORDER` installed
    here.  When none is, ``pypdf``, so that the error names the ``pdf`` extra, which brings
    the fastest as well.  Asks the import system without importing anything; never raises."""
    for backend in DEFAULT_ORDER:
        if _missing_extra(_EXTRA_OF[backend]) is None:
            return backend
    return Backend.PYPDF


def missing_backend(backend: str | Backend | None = None) -> str | None:
    """``None`` when ``backend`` (default: :func:`default_backend`) can run here; else what
    is missing and its install line, in a sentence.  Asks the import system, without
    importing the backend (cheap: a run checks it once before reading any file).

    :raises PdfError: ``backend`` is not one of :class:`Backend`.
    """
    return _missing_extra(_EXTRA_OF[_spec(backend).backend])


def _missing(backend: Backend, exc: ImportError, name: str) -> PdfError:
    hint = EXTRAS[_EXTRA_OF[backend]].install
    return PdfError(
        f"the {backend.value!r} PDF backend is not installed ({exc}); install it with: {hint}",
        source=name,
    )


# --------------------------------------------------------------------------- pypdf

#: The records pypdf logs during one of our calls go here instead of to the handlers, so a
#: caller's logging setup sees no spam from us, while pypdf used elsewhere logs as before.
_PYPDF_LOG: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "imrparse_pypdf_log", default=None
)


_LOG_KEEP: Final = 5


class _QuietPypdf(logging.Filter):
    """Swallow pypdf's records only inside :func:`_quiet_pypdf` (per thread/context)."""

    #: How many pypdf modules' loggers carry this filter.
    covered: int = 0

    def filter(self, record: logging.LogRecord) -> bool:
        sink = _PYPDF_LOG.get()
        if sink is None:
            return True
        if len(sink) < _LOG_KEEP:  # a damaged file can log thousands of lines
            sink.append(record.getMessage())
        return False


_QUIET_FILTER: Final = _QuietPypdf()


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[list[str]]:
    # A logger's filters see only records logged on it, not those its children propagate,
    # and pypdf logs on ``getLogger(module.__name__)``: so filter the logger of every pypdf
    # module loaded (a no-op outside this context, hence harmless to leave installed).
    names = [name for name in list(sys.modules) if name.partition(".")[0] == "pypdf"]
    if len(names) != _QUIET_FILTER.covered:
        for name in names:
            logger = logging.getLogger(name)
            if _QUIET_FILTER not in logger.filters:
                logger.addFilter(_QUIET_FILTER)
        _QUIET_FILTER.covered = len(names)
    sink: list[str] = []
    token = _PYPDF_LOG.set(sink)
    try:
        yield sink
    finally:
        _PYPDF_LOG.reset(token)


def _with_log(message: str, log: list[str]) -> str:
    return f"{message} (pypdf said: {log[0]})" if log else message


@contextlib.contextmanager
def _pypdf_reader(src: _Input) -> Iterator[tuple[PdfReader, list[str]]]:
    """Open (and decrypt, for the DWC's empty-password AES) a reader, with pypdf kept quiet.

    Yields the reader and the list collecting what pypdf logged meanwhile.
    """
    try:
        import pypdf  # noqa: PLC0415 (optional dependency, imported on use)
        from pypdf.errors import DependencyError  # noqa: PLC0415
    except ImportError as exc:
        raise _missing(Backend.PYPDF, exc, src.name) from exc
    import io  # noqa: PLC0415

    stream: Path | io.BytesIO = (
        src.path if src.path is not None else io.BytesIO(src.data or b"")
    )
    # After the import, so that the quieting covers every pypdf module's logger.
    with _quiet_pypdf() as log:
        try:
            reader = pypdf.PdfReader(stream)
            if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                raise PdfError(
                    "encrypted, and the empty password does not open it", source=src.name
                )
            # Read the page tree now so that decryption and structure errors surface here.
            _ = len(reader.pages)
        except PdfError:
            raise
        except DependencyError as exc:
            raise PdfError(
                f"the PDF is AES-encrypted and pypdf needs the 'cryptography' package ({exc}); "
                f"install it with: {EXTRAS['pdf'].install} (or pip install cryptography)",
                source=src.name,
            ) from exc
        except MemoryError:  # the file's bound, not a broken file (see imrparse parse)
            raise
        except Exception as exc:  # pypdf raises many types on damaged files, not one base
            raise PdfError(
                _with_log(f"broken PDF, pypdf cannot open it: {exc}", log), source=src.name
            ) from exc
        yield reader, log


def _pypdf_pages(src: _Input) -> int:
    with _pypdf_reader(src) as (reader, _):
        return len(reader.pages)


def _pypdf_text(src: _Input) -> tuple[str, int]:
    with _pypdf_reader(src) as (reader, log):
        pages = reader.pages
        try:
            # The corpus `.pypdf.txt` files are exactly this join.
            text = "\n".join(page.extract_text() for page in pages)
        except MemoryError:
            raise
        except Exception as exc:  # pypdf raises many types on damaged content streams
            raise PdfError(
                _with_log(f"broken PDF, pypdf cannot extract its text: {exc}", log),
                source=src.name,
            ) from exc
        return text, len(pages)


# --------------------------------------------------------------------------- pdfium

#: PDFium's FPDF_GetLastError codes (fpdfview.h) and what they mean for our callers.
_PDFIUM_LOAD_ERRORS: Final[tuple[tuple[int, str], ...]] = (
    (1, "broken PDF, PDFium cannot open it (unknown error)"),
    (2, "cannot open the file"),
    (3, "broken PDF, PDFium cannot parse it (format error)"),
    (4, "encrypted, and the empty password does not open it"),
    (5, "encrypted with an unsupported security handler"),
    (6, "broken PDF, a page is missing or damaged"),
)
_PDFIUM_LOAD_MESSAGE: Final = _unique(_PDFIUM_LOAD_ERRORS, "PDFium error code")

#: PDFium joins a line ending in a hyphen to the next line and marks the hyphen as U+FFFE
#: (its "soft hyphen at line end" code).  Every such mark in the corpus (42 of them) is a
#: real hyphen at a line end in the printed letter (``electro-`` / ``myography``,
#: ``x-`` / ``ray``), so the hyphen and the line break are both put back: then all 101
#: letters' body lines equal pypdf's (68/101 with a bare "-"), and the parser's own
#: hyphen rules see the same text whatever the backend.
_PDFIUM_REPLACEMENTS: Final[tuple[tuple[str, str], ...]] = (
    ("\r\n", "\n"),  # PDFium ends lines with CRLF whatever the platform
    ("\r", "\n"),  # a lone CR (none seen) is still a line end
    ("\ufffe", "-\n"),
)


def _normalize_pdfium(text: str) -> str:
    """Bring PDFium's page text to pypdf's conventions (``\\n`` line ends, real hyphens)."""
    for old, new in _PDFIUM_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


@contextlib.contextmanager
def _pdfium_document(src: _Input) -> Iterator[PdfDocument]:
    try:
        import pypdfium2  # noqa: PLC0415 (optional dependency, imported on use)
    except ImportError as exc:
        raise _missing(Backend.PDFIUM, exc, src.name) from exc
    try:
        doc = pypdfium2.PdfDocument(src.path if src.data is None else src.data, password="")
    except pypdfium2.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        message = _PDFIUM_LOAD_MESSAGE.get(code or -1, f"broken PDF, PDFium cannot open it: {exc}")
        raise PdfError(message, source=src.name) from exc
    except Exception as exc:  # ctypes or OS failures: still the caller's file problem
        raise PdfError(f"PDFium cannot open it: {exc}", source=src.name) from exc
    try:
        yield doc
    finally:
        doc.close()


def _pdfium_pages(src: _Input) -> int:
    with _pdfium_document(src) as doc:
        return len(doc)


def _pdfium_text(src: _Input) -> tuple[str, int]:
    with _pdfium_document(src) as doc:
        texts: list[str] = []
        try:
            for page in doc:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
        except MemoryError:
            raise
        except Exception as exc:  # PdfiumError (a RuntimeError) or a ctypes failure
            raise PdfError(
                f"broken PDF, PDFium cannot extract page {len(texts) + 1}: {exc}", source=src.name
            ) from exc
        return _normalize_pdfium("\n".join(texts)), len(texts)


# --------------------------------------------------------------------------- pdftotext

#: ``pdftotext`` exit codes (pdftotext(1)).
_PDFTOTEXT_EXIT: Final[tuple[tuple[int, str], ...]] = (
    (1, "broken PDF or not readable by poppler"),
    (2, "poppler could not write its output"),
    (3, "poppler refused: permission error"),
    (99, "poppler failed"),
)
_PDFTOTEXT_MESSAGE: Final = _unique(_PDFTOTEXT_EXIT, "pdftotext exit code")


def _run_poppler(tool: str, args: list[str], src: _Input) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise _missing(Backend.PDFTOTEXT, ImportError(f"no {tool!r} program on PATH"),
                       src.name)
    # "-" reads the PDF from stdin: in-memory input needs no temporary file.
    target = "-" if src.path is None else str(src.path)
    try:
        done = subprocess.run(  # a fixed argument list, no shell
            [exe, *args, target, *(["-"] if tool == "pdftotext" else [])],
            input=src.data,
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PdfError(
            f"{tool} took longer than {PDFTOTEXT_TIMEOUT_S:g} s", source=src.name
        ) from exc
    except OSError as exc:
        raise PdfError(f"cannot run {tool}: {exc}", source=src.name) from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {said[-1]}" if said else ""
        message = _PDFTOTEXT_MESSAGE.get(done.returncode, f"{tool} failed")
        if "password" in detail.lower():
            message = "encrypted, and the empty password does not open it"
        raise PdfError(f"{message} ({tool} exit {done.returncode}{detail})", source=src.name)
    return done.stdout.decode("utf-8", "replace")


def _pdftotext_pages(src: _Input) -> int:
    info = _run_poppler("pdfinfo", [], src)
    for line in info.splitlines():
        key, _, value = line.partition(":")
        if key == "Pages" and value.strip().isdigit():
            return int(value)
    raise PdfError("pdfinfo reported no page count", source=src.name)


def _pdftotext_text(src: _Input) -> tuple[str, int]:
    # -layout keeps the header table's columns apart and never re-flows lines; UTF-8 and
    # Unix line ends whatever the platform defaults are.
    out = _run_poppler("pdftotext", ["-layout", "-enc", "UTF-8", "-eol", "unix"], src)
    # Poppler ends every page with a form feed; join pages with "\n" as for pypdf, so no
    # heading starts with "\f".
    pages = out.split("\f")
    if pages and pages[-1] == "":
        pages.pop()
    return "\n".join(pages), len(pages)


# --------------------------------------------------------------------------- table


@attrs.frozen
class _BackendSpec:
    backend: Backend
    text: Callable[[_Input], tuple[str, int]]
    pages: Callable[[_Input], int]


_BACKENDS: Final[tuple[_BackendSpec, ...]] = (
    _BackendSpec(Backend.PYPDF, _pypdf_text, _pypdf_pages),
    _BackendSpec(Backend.PDFIUM, _pdfium_text, _pdfium_pages),
    _BackendSpec(Backend.PDFTOTEXT, _pdftotext_text, _pdftotext_pages),
)
_SPECS: Final = _unique([(spec.backend, spec) for spec in _BACKENDS], "backend")
if set(_SPECS) != set(Backend):
    raise RuntimeError("imrparse.pdf: every Backend needs a row in _BACKENDS")


def _spec(backend: str | Backend | None) -> _BackendSpec:
    if backend is None:
        return _SPECS[default_backend()]
    try:
        return _SPECS[Backend(backend)]
    except ValueError as exc:
        known = ", ".join(repr(b.value) for b in Backend)
        raise PdfError(f"unknown PDF backend {backend!r}; choose one of {known}") from exc


# --------------------------------------------------------------------------- public


def extract_text(source: Source, *, backend: str | Backend | None = None) -> str:
    """Return the text of the PDF ``source`` (a path or the file's bytes).

    Pages are joined with ``"\\n"``; for the ``pypdf`` backend the result is exactly
    ``"\\n".join(page.extract_text() for page in PdfReader(source).pages)``.
    The letters' "no copying" permission flag is ignored, and the backend libraries'
    warnings are kept out of the caller's logs.

    :param backend: ``"pdfium"``, ``"pypdf"`` or ``"pdftotext"`` (see :class:`Backend`);
        ``None`` (the default) picks :func:`default_backend`.
    :raises PdfError: when ``backend`` is unknown or not installed (the message gives the
        install command); when the file is missing or unreadable, is empty or not a PDF,
        is broken, is encrypted with a password other than the empty one; or when the PDF
        has no text layer (every page empty or whitespace only, as in a scan).  The
        message starts with the file name, or ``<bytes>``.
    """
    spec = _spec(backend)
    src = _open_source(source)
    text, pages = spec.text(src)
    return _require_text(text, src.name, pages)


def page_count(source: Source, *, backend: str | Backend | None = None) -> int:
    """Return the number of pages of the PDF ``source`` without extracting any text.

    :raises PdfError: as :func:`extract_text`, except that a PDF without a text layer is
        not an error here.
    """
    spec = _spec(backend)
    return spec.pages(_open_source(source))


def parse_pdf(
    source: Source, *, backend: str | Backend | None = None, strict: bool = False,
    vocabulary: Vocabulary | None = None,
) -> Determination:
    """Extract the text of ``source`` with ``backend``, then :func:`imrparse.parse` it
    (``strict`` and ``vocabulary`` as there).  Parse errors carry the file name in
    ``source`` when the parser left it unset.

    :raises PdfError: as :func:`extract_text`.
    :raises NotALetterError: the text is not a determination letter.
    :raises StrictModeError: ``strict`` is true and a defect was found.
    """
    from imrparse import parse  # noqa: PLC0415 (keeps `import imrparse.pdf` light)

    text = extract_text(source, backend=backend)
    try:
        return parse(text, strict=strict, vocabulary=vocabulary)
    except ImrParseError as exc:
        if exc.source is None:
            exc.source = BYTES_NAME if isinstance(source, bytes) else os.fspath(source)
        raise

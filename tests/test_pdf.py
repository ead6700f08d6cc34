"""PDF input (imrparse.pdf): the three text backends over the real letters, and the errors.

Cost control: each backend reads all the corpus PDFs at most once per test session (a
module-level cache, ``corpus_texts``; pypdf ~10-18 s, pdfium ~1 s, pdftotext ~2 s for the
101 letters) and every corpus test reuses those texts; parse_pdf is checked on a fixed
sample of three.  Synthetic PDFs are built by hand below, so no PDF writer is needed.
"""

from __future__ import annotations

import logging
import shutil
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse.errors import ImrParseError, PdfError
from imrparse.pdf import BYTES_NAME, Backend, _normalize_pdfium, extract_text, page_count
from tests.corpus import CORPUS, need_corpus
from tests.pdfwriter import pdf_of_pages as _pdf
from tests.pdfwriter import text_page as _text_page

if TYPE_CHECKING:
    from imrparse.model import Determination

BACKENDS = tuple(b.value for b in Backend)
#: The first heading after the header table; the header's cell order and column padding
#: differ by backend by design (pdftotext -layout keeps the columns), the body must not.
BODY_ANCHOR = "HOW THE IMR FINAL DETERMINATION WAS MADE"


def _installed(backend: str) -> str | None:
    """Why ``backend`` cannot run here, or None when it can."""
    if backend == Backend.PDFTOTEXT:
        return None if shutil.which("pdftotext") else "poppler's pdftotext is not on PATH"
    module = {Backend.PYPDF: "pypdf", Backend.PDFIUM: "pypdfium2"}[Backend(backend)]
    try:
        __import__(module)
    except ImportError:
        return f"{module} is not installed"
    return None


def need_backend(backend: str) -> None:
    reason = _installed(backend)
    if reason:
        pytest.skip(reason)


# --------------------------------------------------------------------------- tiny PDFs


#: Synthetic text in our own words (not letter prose).
SYNTH_PAGES = (("Alpha line one", "Bravo line two"), ("Charlie on page two",), ("Delta",))
SYNTH = _pdf([_text_page(*lines) for lines in SYNTH_PAGES])
BLANK = _pdf([b""])
IMAGE_ONLY = _pdf([b"q 200 0 0 200 100 400 cm /Im0 Do Q"], image=True)


def _encrypted() -> bytes:
    pytest.importorskip("pypdf")
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(SYNTH))
    writer.encrypt(user_password="not-empty", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- body compare


def body_lines(text: str) -> list[str]:
    """The non-blank lines from the first body heading on, each whitespace-normalised.

    Whitespace normalisation absorbs what legitimately differs between backends: trailing
    spaces, pdftotext's column padding and centring indents, CRLF, blank lines at page
    joins.  Everything else (words, hyphens, line breaks) must agree.
    """
    start = text.find(BODY_ANCHOR)
    if start < 0:
        return []
    # Back to the line start, so an indent before the heading is harmless.
    start = text.rfind("\n", 0, start) + 1
    return [" ".join(line.split()) for line in text[start:].splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("head\nHOW THE IMR FINAL DETERMINATION WAS MADE \n a  b \n\n \nc", None),
        ("   HOW THE IMR FINAL DETERMINATION WAS MADE\r\na\tb\r\n\fc", None),
        ("no anchor here", []),
    ],
    ids=["trailing-and-blank", "indent-crlf-formfeed", "no-anchor"],
)
def test_body_lines_normaliser(text: str, expected: list[str] | None) -> None:
    got = body_lines(text)
    if expected is None:
        assert got[0] == BODY_ANCHOR
        assert all(line == line.strip() and "  " not in line for line in got)
        assert "" not in got
        assert len(got) == 3
    else:
        assert got == expected


# --------------------------------------------------------------------------- corpus


def _corpus_pdfs() -> list[Path]:
    need_corpus()
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if not pdfs:
        pytest.skip(f"no PDFs in {CORPUS}")
    return pdfs


def _readable(backend: str) -> bool:
    try:
        need_corpus_backend(backend)
    except pytest.skip.Exception:
        return False
    return True


def need_corpus_backend(backend: str) -> None:
    """Skip unless ``backend`` can read the real letters (AES: pypdf needs cryptography)."""
    need_backend(backend)
    if backend == Backend.PYPDF:
        try:
            import cryptography  # noqa: F401
        except ImportError:
            pytest.skip(
                "the corpus PDFs are AES-encrypted and pypdf needs the 'cryptography' "
                "package for AES (pip install 'pypdf[crypto]')"
            )


_TEXT_CACHE: dict[str, dict[str, str]] = {}


def corpus_texts(backend: str) -> dict[str, str]:
    """case -> extracted text of every corpus PDF with ``backend``, computed once."""
    need_corpus_backend(backend)
    if backend not in _TEXT_CACHE:
        _TEXT_CACHE[backend] = {p.stem: extract_text(p, backend=backend) for p in _corpus_pdfs()}
    return _TEXT_CACHE[backend]


@pytest.mark.corpus
def test_pypdf_reproduces_corpus_text_files() -> None:
    texts = corpus_texts("pypdf")
    differ = [
        case
        for case, text in texts.items()
        if text != (CORPUS / f"{case}.pypdf.txt").read_text("utf-8")
    ]
    assert not differ, f"{len(differ)}/{len(texts)} differ from their .pypdf.txt: {differ[:10]}"


@pytest.mark.corpus
@pytest.mark.parametrize("backend", ["pdfium", "pdftotext"])
def test_backend_body_matches_pypdf(backend: str) -> None:
    texts = corpus_texts(backend)
    mismatches: list[str] = []
    for case, text in texts.items():
        want = body_lines((CORPUS / f"{case}.pypdf.txt").read_text("utf-8"))
        got = body_lines(text)
        assert want, f"{case}: the reference text has no {BODY_ANCHOR!r} heading"
        if got != want:
            at = next(
                (i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
                min(len(want), len(got)),
            )
            mismatches.append(
                f"{case} line {at}: want {want[at:at + 1]!r} got {got[at:at + 1]!r}"
            )
    assert not mismatches, (
        f"{backend}: {len(texts) - len(mismatches)}/{len(texts)} bodies match pypdf; "
        + "; ".join(mismatches[:5])
    )


@pytest.mark.corpus
@pytest.mark.parametrize("backend", ["pdfium", "pdftotext"])
def test_backend_text_is_clean(backend: str) -> None:
    """No CR, no PDFium soft-hyphen marks, no form feeds reach the parser."""
    for case, text in corpus_texts(backend).items():
        for bad in ("\r", "\ufffe", "\f"):
            assert bad not in text, f"{case}: {bad!r} in the {backend} text"


@pytest.mark.corpus
@pytest.mark.parametrize("backend", BACKENDS)
def test_bytes_and_path_agree_and_page_count(backend: str) -> None:
    need_corpus_backend(backend)
    pdf = _corpus_pdfs()[0]
    text = extract_text(pdf, backend=backend)
    assert extract_text(pdf.read_bytes(), backend=backend) == text
    assert extract_text(str(pdf), backend=backend) == text
    counts = {b: page_count(pdf, backend=b) for b in BACKENDS if _readable(b)}
    assert len(set(counts.values())) == 1, counts
    assert counts[backend] >= 1


# --------------------------------------------------------------------------- synthetic


@pytest.mark.parametrize("backend", BACKENDS)
def test_synthetic_pages_in_order(backend: str) -> None:
    need_backend(backend)
    text = extract_text(SYNTH, backend=backend)
    words = [line.strip() for line in text.splitlines() if line.strip()]
    assert words == [line for page in SYNTH_PAGES for line in page]
    assert page_count(SYNTH, backend=backend) == len(SYNTH_PAGES)


def _missing_file(tmp: Path) -> tuple[str | Path | bytes, str]:
    path = tmp / "nowhere" / "letter.pdf"
    return path, str(path)


def _as_file(data: bytes, name: str) -> Callable[[Path], tuple[str | Path | bytes, str]]:
    def make(tmp: Path) -> tuple[str | Path | bytes, str]:
        path = tmp / name
        path.write_bytes(data)
        return path, str(path)

    return make


def _as_bytes(data: bytes) -> Callable[[Path], tuple[str | Path | bytes, str]]:
    return lambda tmp: (data, BYTES_NAME)


def _corpus_cut_in_half(tmp: Path) -> tuple[str | Path | bytes, str]:
    data = _corpus_pdfs()[0].read_bytes()
    path = tmp / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path, str(path)


#: (id, make(tmp) -> (source, name the error must give), phrase the message must contain)
ERROR_CASES: list[tuple[str, Callable[[Path], tuple[str | Path | bytes, str]], str]] = [
    ("missing-file", _missing_file, "file not found"),
    ("directory", lambda tmp: (tmp, str(tmp)), "directory"),
    ("empty-bytes", _as_bytes(b""), "empty"),
    ("empty-file", _as_file(b"", "empty.pdf"), "empty"),
    ("non-pdf-bytes", _as_bytes(b"Plain words, certainly no PDF.\n" * 3), "not a PDF"),
    ("header-only", _as_bytes(b"%PDF-1.7\n"), "broken"),
    ("corpus-pdf-cut-in-half", _corpus_cut_in_half, "broken"),
    ("synthetic-cut-in-half", _as_bytes(SYNTH[: len(SYNTH) // 2]), "broken"),
    ("blank-page", _as_file(BLANK, "blank.pdf"), "no text layer"),
    ("image-only-page", _as_bytes(IMAGE_ONLY), "no text layer"),
    ("password", lambda tmp: (_encrypted(), BYTES_NAME), "encrypted"),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_name_the_file_and_stay_quiet(
    backend: str,
    case: tuple[str, Callable[[Path], tuple[str | Path | bytes, str]], str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    need_backend(backend)
    _, make, phrase = case
    source, name = make(tmp_path)
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(PdfError) as info:
            extract_text(source, backend=backend)
    err = info.value
    assert isinstance(err, ImrParseError)
    assert isinstance(err, ValueError)
    assert str(err).startswith(f"{name}: "), str(err)
    assert phrase in str(err), str(err)
    assert not caught, [str(w.message) for w in caught]
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    out, errout = capfd.readouterr()
    assert out == errout == "", (out, errout)


@pytest.mark.parametrize(
    ("backend", "block", "hint"),
    [
        ("pypdf", ("pypdf",), "pip install 'imrparse[pdf]'"),
        ("pdfium", ("pypdfium2",), "pip install 'imrparse[pdf-fast]'"),
        ("pdftotext", (), "poppler-utils"),
    ],
    ids=["pypdf", "pdfium", "pdftotext"],
)
def test_missing_backend_gives_install_hint(
    backend: str, block: tuple[str, ...], hint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in block:
        monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    if backend == "pdftotext":
        monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PdfError) as info:
        extract_text(SYNTH, backend=backend)
    assert hint in str(info.value)
    assert str(info.value).startswith(f"{BYTES_NAME}: ")
    with pytest.raises(PdfError, match="not installed"):
        page_count(SYNTH, backend=backend)


def test_pypdf_without_cryptography_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    """The DWC letters are AES-encrypted; pypdf alone cannot open them."""
    need_backend("pypdf")
    from pypdf.errors import DependencyError

    def no_aes(*args: object, **kwargs: object) -> object:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    import pypdf

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", no_aes)
    # An encrypted source is needed for `decrypt` to be called at all.
    with pytest.raises(PdfError, match=r"cryptography.*imrparse\[pdf\]") as info:
        extract_text(_encrypted(), backend="pypdf")
    assert isinstance(info.value.__cause__, DependencyError)


def test_unknown_backend() -> None:
    with pytest.raises(PdfError, match="unknown PDF backend 'ocr'"):
        extract_text(SYNTH, backend="ocr")


@pytest.mark.parametrize("backend", BACKENDS)
@given(noise=st.binary(max_size=300))
def test_garbage_after_a_header_gives_pdf_error_only(backend: str, noise: bytes) -> None:
    """Whatever follows a PDF header, the only exception is PdfError."""
    need_backend(backend)
    for data in (b"%PDF-1.4\n" + noise, SYNTH[:200] + noise):
        try:
            extract_text(data, backend=backend)
        except PdfError as err:
            assert str(err).startswith(BYTES_NAME)


# --------------------------------------------------------------------------- normaliser


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("a \r\nb", "a \nb"),
        ("x\uffferay", "x-\nray"),
        ("lone\rcr", "lone\ncr"),
        ("T7-T8 Non-MTUS", "T7-T8 Non-MTUS"),
    ],
    ids=["crlf", "fffe-hyphen-at-line-end", "lone-cr", "real-hyphens-kept"],
)
def test_normalize_pdfium_table(raw: str, want: str) -> None:
    assert _normalize_pdfium(raw) == want


@given(st.text(alphabet=st.sampled_from("ab -\r\n\ufffe")))
def test_normalize_pdfium_keeps_every_other_character(raw: str) -> None:
    got = _normalize_pdfium(raw)
    assert "\r" not in got and "\ufffe" not in got

    def skeleton(s: str) -> str:
        return s.replace("\ufffe", "-").replace("\r", "").replace("\n", "")

    assert skeleton(got) == skeleton(raw)


# --------------------------------------------------------------------------- parse_pdf


def _parse() -> Callable[..., Determination]:
    imrparse = pytest.importorskip("imrparse")
    parse = getattr(imrparse, "parse", None)
    if parse is None:
        pytest.skip("imrparse.parse is not importable yet")
    return parse  # type: ignore[no-any-return]


@pytest.mark.corpus
@pytest.mark.parametrize("backend", BACKENDS)
def test_parse_pdf_agrees_with_parsing_the_text(backend: str) -> None:
    parse = _parse()
    need_corpus_backend(backend)
    from imrparse.pdf import parse_pdf

    # Three letters spread over the sorted corpus: a fixed sample, not tuned to content.
    pdfs = _corpus_pdfs()
    for pdf in (pdfs[0], pdfs[len(pdfs) // 2], pdfs[-1]):
        got = parse_pdf(pdf, backend=backend)
        want = parse((CORPUS / f"{pdf.stem}.pypdf.txt").read_text("utf-8"))
        assert got.header.case_number == want.header.case_number
        assert [i.outcome for i in got.items] == [i.outcome for i in want.items]
        if backend == "pypdf":
            assert got == want


def test_parse_pdf_error_names_the_file(tmp_path: Path) -> None:
    _parse()
    need_backend("pypdf")
    from imrparse.pdf import parse_pdf

    path = tmp_path / "not-a-letter.pdf"
    path.write_bytes(SYNTH)
    with pytest.raises(ImrParseError) as info:
        parse_pdf(path)
    assert not isinstance(info.value, PdfError)
    assert str(path) in str(info.value)


# --------------------------------------------------------------------------- example PDF


def test_bundled_example_pdf_is_current() -> None:
    """``imrparse.example_pdf()`` is the example letter as written by tests/pdfwriter.py
    (regenerate with ``python -m tests.pdfwriter``)."""
    from tests.pdfwriter import write_pdf

    assert imrparse.example_pdf().read_bytes() == write_pdf(imrparse.example_letter())


@pytest.mark.parametrize("backend", BACKENDS)
def test_example_pdf_parses_as_the_example_text(backend: str) -> None:
    need_backend(backend)
    from imrparse.pdf import parse_pdf

    d = parse_pdf(imrparse.example_pdf(), backend=backend)
    assert d == imrparse.parse(imrparse.example_letter())
    assert d.defects == ()

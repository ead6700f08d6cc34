"""The one reader of letter files (``imrparse.parse_file``, the command line, the batch):
PDF or text, encodings, invalid bytes reported as defects, and a message for each kind of
file that is not a letter."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import DefectCode
from imrparse.batch.files import _decode, decode_text, letter_text
from imrparse.batch.run import parse_bytes

EXAMPLE = imrparse.example_letter()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# Each row: a file's name and bytes, and the text it must decode to.
ENCODINGS = [
    ("utf-8", "l.txt", EXAMPLE.encode("utf-8")),
    ("utf-8-bom", "l.txt", codecs.BOM_UTF8 + EXAMPLE.encode("utf-8")),
    ("utf-16-bom", "l.txt", EXAMPLE.encode("utf-16")),  # the platform's order, with a BOM
    ("utf-16-be-bom", "l.txt", codecs.BOM_UTF16_BE + EXAMPLE.encode("utf-16-be")),
    ("utf-16-le-no-bom", "l.txt", EXAMPLE.encode("utf-16-le")),
    ("utf-16-be-no-bom", "l.txt", EXAMPLE.encode("utf-16-be")),
    ("utf-32-bom", "l.txt", EXAMPLE.encode("utf-32")),
    ("crlf", "l.text", EXAMPLE.replace("\n", "\r\n").encode("utf-8")),
]


@pytest.mark.parametrize(("name", "data"), [(n, d) for _, n, d in ENCODINGS],
                         ids=[i for i, _, _ in ENCODINGS])
def test_text_files_in_each_encoding_parse(tmp_path: Path, name: str, data: bytes) -> None:
    d = imrparse.parse_file(_write(tmp_path, name, data))
    assert d.case_number == "CM16-0000001" and len(d.items) == 2
    assert d.defects == ()


def test_a_pdf_is_known_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    data = imrparse.example_pdf().read_bytes()
    for name in ("letter.pdf", "letter.txt", "letter"):
        d = imrparse.parse_file(_write(tmp_path, name, data))
        assert d.case_number == "CM16-0000001"
        assert [i.outcome for i in d.items] == ["upheld", "overturned"]
    assert letter_text(data, "x").pdf


def test_parse_file_takes_str_and_pathlike(tmp_path: Path) -> None:
    path = _write(tmp_path, "l.txt", EXAMPLE.encode())
    assert imrparse.parse_file(str(path)) == imrparse.parse_file(path) == imrparse.parse(EXAMPLE)


# Each row: bytes that are no letter, the error, and what its message must say.
NOT_LETTERS = [
    ("empty", "l.txt", b"", imrparse.NotALetterError, "empty file (0 bytes)"),
    ("bom-only", "l.txt", codecs.BOM_UTF8, imrparse.NotALetterError, "empty file"),
    ("blank", "l.txt", b" \n\t\n", imrparse.NotALetterError, "blank (4 bytes of white space)"),
    ("binary", "l.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", imrparse.NotALetterError,
     "binary file (a NUL byte at offset 8)"),
    ("undecodable", "l.txt", bytes(range(128, 256)) * 4, imrparse.NotALetterError,
     "binary file or not UTF-8 text"),
    ("prose", "l.txt", b"Milk, eggs and bread.\n", imrparse.NotALetterError,
     "not an IMR Final Determination Letter"),
    ("utf-16-prose", "l.txt", "Milk, eggs and bread.\n".encode("utf-16"),
     imrparse.NotALetterError, "not an IMR Final Determination Letter"),
    ("empty-pdf", "l.pdf", b"", imrparse.NotALetterError, "empty file (0 bytes)"),
    ("text-named-pdf", "l.pdf", EXAMPLE.encode(), imrparse.PdfError, "not a PDF"),
]


@pytest.mark.parametrize(("name", "data", "error", "says"),
                         [row[1:] for row in NOT_LETTERS], ids=[row[0] for row in NOT_LETTERS])
def test_each_kind_of_non_letter_gets_its_own_short_message(
        tmp_path: Path, name: str, data: bytes, error: type[Exception], says: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(error) as info:
        imrparse.parse_file(path)
    exc = info.value
    assert isinstance(exc, imrparse.ImrParseError)
    assert says in exc.message
    assert len(exc.message) < 200
    # The file is named once: in ``source``, which str() puts first.
    assert exc.source == str(path) and str(exc) == f"{path}: {exc.message}"
    assert str(path) not in exc.message


def test_files_that_cannot_be_read_raise_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        imrparse.parse_file(tmp_path / "nowhere.txt")
    with pytest.raises(IsADirectoryError):
        imrparse.parse_file(tmp_path)


# --------------------------------------------------------------------------- invalid bytes


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    """Regression: invalid UTF-8 became U+FFFD with no word to the user."""
    text = EXAMPLE.replace("Tramadol", "Tr\u00e4madol", 1)
    data = text.encode("latin-1")
    first = data.index(b"\xe4")
    d = imrparse.parse_file(_write(tmp_path, "l.txt", data))
    assert d.source_text == data.decode("utf-8", "replace")
    [defect] = [x for x in d.defects if x.code is DefectCode.INVALID_ENCODING]
    assert defect.code == "invalid-encoding" and defect.path == "source_text"
    assert f"invalid UTF-8 at byte {first} (e4)" in defect.message
    assert d.source_text[defect.span.start:defect.span.end] == "\ufffd"
    assert defect.span.start == first  # ASCII before it: bytes and characters agree
    assert d.items[0].request == "Tr\ufffdmadol ER 150mg #30"
    with pytest.raises(imrparse.StrictModeError, match="invalid-encoding") as info:
        imrparse.parse_file(tmp_path / "l.txt", strict=True)
    assert info.value.source == str(tmp_path / "l.txt")
    assert info.value.partial is not None


def test_a_run_of_invalid_bytes_is_one_defect() -> None:
    data = "café ".encode() + b"\x93quoted\x94 and \xff\xfe\xfd end"
    decoded = decode_text(data, "x.txt")
    assert decoded.text == data.decode("utf-8", "replace")
    messages = [d.message for d in decoded.defects]
    q1, q2, ff, fd = (data.index(b) for b in (b"\x93", b"\x94", b"\xff", b"\xfd"))
    assert messages == [
        f"invalid UTF-8 at byte {q1} (93); read as U+FFFD",
        f"invalid UTF-8 at byte {q2} (94); read as U+FFFD",
        f"invalid UTF-8 at bytes {ff}-{fd} (ff fe fd); read as 3 U+FFFD characters",
    ]
    assert [decoded.text[d.span.start:d.span.end] for d in decoded.defects] == [
        "\ufffd", "\ufffd", "\ufffd" * 3]


def test_the_batch_reads_files_as_parse_file_does(tmp_path: Path) -> None:
    data = EXAMPLE.replace("Oregon", "Or\xe9gon").encode("latin-1")
    result = parse_bytes("l.txt", data)
    assert result.determination is not None
    assert result.determination == imrparse.parse_file(_write(tmp_path, "l.txt", data))
    assert [d.code for d in result.determination.defects].count(
        DefectCode.INVALID_ENCODING) == 1
    failed = parse_bytes("e.txt", b"")
    assert failed.error_type == "NotALetterError"
    assert failed.message == ("empty file (0 bytes); expected the text or PDF of an IMR Final "
                              "Determination Letter")


@given(st.binary(max_size=300).filter(lambda b: b"\0" not in b))
def test_decoding_is_errors_replace_with_every_replacement_reported(data: bytes) -> None:
    text, defects = _decode(data, 0, "utf-8", "UTF-8")
    assert text == data.decode("utf-8", "replace")
    spans = [d.span for d in defects]
    assert spans == sorted(spans, key=lambda s: s.start)
    reported = sum(s.end - s.start for s in spans)
    assert all(set(text[s.start:s.end]) == {"\ufffd"} for s in spans)
    # Every U+FFFD comes from a reported run, unless the input itself held one.
    assert reported == text.count("\ufffd") - data.count("\ufffd".encode())
    for d in defects:
        found = re.search(r"at bytes? (\d+)", d.message)
        assert found is not None
        offset = int(found.group(1))
        with pytest.raises(UnicodeDecodeError):
            data[offset:].decode("utf-8")


def test_the_pdf_error_names_the_file_once(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = _write(tmp_path, "broken.pdf", imrparse.example_pdf().read_bytes()[:900])
    with pytest.raises(imrparse.PdfError) as info:
        imrparse.parse_file(path)
    assert str(info.value).count(os.fspath(path)) == 1

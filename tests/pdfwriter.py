"""A minimal PDF writer: the tiny PDFs of tests/test_pdf.py and the bundled example PDF
(one text line per line of the letter, Helvetica, 48 lines a page).  Standard library
only, byte-for-byte reproducible (no dates, no IDs), so a test can check that the bundled
file is current.

Regenerate with ``python -m tests.pdfwriter`` after changing the example letter.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import imrparse

EXAMPLE_PDF = Path(imrparse.__file__).parent / "examples" / "example-letter.pdf"
_LINES_PER_PAGE = 48


def _escape(line: str) -> bytes:
    raw = line.rstrip().encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_of_pages(pages: list[bytes], *, image: bool = False) -> bytes:
    """A minimal valid PDF whose pages draw the given content streams.

    Fonts: Helvetica as /F1.  With ``image``, a 2x2 grey image is available as /Im0.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    xobjects = b""
    if image:
        pixels = zlib.compress(b"\x20\xe0\xe0\x20")
        img = add(
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (len(pixels), pixels)
        )
        xobjects = b" /XObject << /Im0 %d 0 R >>" % img
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for content in pages:
        stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >>%s >> >>"
                % (pages_id, stream, font, xobjects)
            )
        )
    assert add(
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    ) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return assemble(objects, root=catalog)


def assemble(objects: list[bytes], *, root: int) -> bytes:
    """A PDF file of ``objects`` (numbered from 1 in order), its cross-reference table and
    a trailer naming object ``root`` as the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def text_page(*lines: str) -> bytes:
    """A content stream drawing ``lines`` one under the other (12 points, 14 leading)."""
    ops = [b"BT /F1 12 Tf 54 750 Td 14 TL"]
    ops += [b"(%s) Tj T*" % _escape(line) for line in lines]
    return b"\n".join([*ops, b"ET"])


def write_pdf(text: str) -> bytes:
    """The PDF of ``text``, one line of the PDF for each line of the text."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return pdf_of_pages([text_page(*lines[i:i + _LINES_PER_PAGE])
                         for i in range(0, len(lines), _LINES_PER_PAGE)])


if __name__ == "__main__":
    EXAMPLE_PDF.write_bytes(write_pdf(imrparse.example_letter()))
    print(f"wrote {EXAMPLE_PDF}")

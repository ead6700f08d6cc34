"""Show where each value came from: the input with every value's text marked.

>>> import imrparse
>>> d = imrparse.parse(imrparse.example_letter())
>>> print(annotate(d).splitlines()[1])
Case Number: [header.case_number|CM16-0000001]
"""

from __future__ import annotations

import html

from imrparse.model import Determination

__all__ = ["annotate", "value_marks"]


def value_marks(determination: Determination) -> list[tuple[int, int, str]]:
    """Every value span of the result as ``(start, end, path)``, in document order; an
    enclosing value comes before the values inside it.

    Never raises.
    """
    marks = [
        (span.start, span.end, f"{path}.{name}" if path else name)
        for path, obj in determination.iter_located()
        for name, span in obj.value_spans
    ]
    marks.extend((s.heading.start, s.heading.end, f"heading:{s.kind.value}")
                 for s in determination.sections if s.heading is not None)
    marks.sort(key=lambda mark: (mark[0], -mark[1]))
    return marks


def annotate(determination: Determination, *, html_output: bool = False) -> str:
    """The letter's text with each value wrapped in a mark naming its model path.

    Plain text marks read ``[path|text]``; with ``html_output`` the text is escaped and
    each value is a ``<mark title="path">``.  Trailing blanks of each line are dropped in
    plain text so that the result reads well.

    Never raises.
    """
    text = determination.source_text
    events: list[tuple[int, int, str]] = []  # (position, order, piece)
    for order, (start, end, path) in enumerate(value_marks(determination)):
        opening = (f'<mark title="{html.escape(path)}">' if html_output else f"[{path}|")
        closing = "</mark>" if html_output else "]"
        events.append((start, order, opening))
        # Closings at one position come before openings there, innermost first.
        events.append((end, -1 - order, closing))
    events.sort(key=lambda e: (e[0], e[1] >= 0, -e[1] if e[1] < 0 else e[1]))
    out: list[str] = []
    pos = 0
    for position, _, piece in events:
        chunk = text[pos:position]
        out.append(html.escape(chunk) if html_output else chunk)
        out.append(piece)
        pos = position
    tail = text[pos:]
    out.append(html.escape(tail) if html_output else tail)
    result = "".join(out)
    if html_output:
        return f"<pre class=\"imrparse-annotated\">{result}</pre>"
    return "\n".join(line.rstrip() for line in result.splitlines())

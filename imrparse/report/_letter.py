"""One letter's page: the text with its values and defects marked, the defects listed with
links to their place, and the parsed model as a readable summary with every value.

:func:`letter_section` is the content, shared by the report's pages and the notebook view
(:class:`LetterView`); the pages add navigation, the style sheets and a small script that
shows the field and value of a clicked mark.
"""

from __future__ import annotations

import itertools
from importlib import resources

from imrparse.model import Determination
from imrparse.model.display import summary
from imrparse.report._marks import (
    ValueMark,
    escape,
    letter_marks,
    marked_text,
    model_values,
    value_list,
)

__all__ = ["LetterView", "letter_html", "letter_section", "page"]

#: The Content Security Policy of every page: nothing but the report's own files, no
#: inline script or style; a letter's text could not run a script even if it were not
#: escaped.
CSP = ("default-src 'none'; script-src 'self' file:; style-src 'self' file:; "
       "img-src 'self' data:; base-uri 'none'; form-action 'none'")

#: Marks the pages this writer made: a folder whose index has it may be written over.
GENERATOR = '<meta name="generator" content="imrparse report">'

_counter = itertools.count()


def static(name: str) -> str:
    """The text of one of the report's style sheets or scripts (package data)."""
    return (resources.files("imrparse.report") / "static" / name).read_text("utf-8")


def page(*, title: str, body: str, root: str, scripts: tuple[str, ...] = ()) -> str:
    """A complete HTML page with the report's policy and style sheets; ``root`` is the
    relative way to the report's folder (``""`` or ``"../../"``), ``scripts`` the paths of
    its scripts from there."""
    tags = "".join(f'<script src="{root}{escape(s)}" defer></script>' for s in scripts)
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{GENERATOR}"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{root}assets/marks.css">'
        f'<link rel="stylesheet" href="{root}assets/report.css">{tags}</head>\n'
        f"<body>{body}</body></html>\n")


def letter_section(d: Determination, *, marked: bool, source: str | None = None,
                   note: str | None = None, prefix: str = "") -> str:
    """The content of a letter's page (no navigation): note, marked text, defects,
    summary and values.  ``prefix`` starts every ``id`` (a notebook shows many letters
    on one page); without ``marked`` the text is left out and nothing links to it.

    Never raises.
    """
    values = value_list(d) if marked else model_values(d)
    parts = ['<div class="imr-letter">']
    facts = [f"layout {d.layout.value}", f"{len(values)} values",
             f"{len(d.items)} decision(s)", f"{len(d.defects)} defect(s)"]
    if source:
        facts.insert(0, source)
    parts.append(f'<p class="facts">{escape(" · ".join(facts))}</p>')
    if note:
        parts.append(f'<p class="note" role="note">{escape(note)}</p>')
    parts.append('<div class="columns">')
    if marked:
        text = marked_text(d.source_text, letter_marks(d, values, prefix))
        parts.append('<section class="text"><h2>Letter text</h2>'
                     f'<pre class="imr-text">{text}</pre></section>')
    parts.append('<aside class="side">')
    if marked:
        parts.append(f'<div id="{prefix}info" class="info" aria-live="polite">Click a marked '
                     "value to see its field and value; hover to see it in a tip.</div>")
    parts.append(_defects(d, marked, prefix))
    parts.append('<section class="summary"><h2>Parsed model</h2>'
                 f"<pre>{escape(summary(d))}</pre></section>")
    parts.append(_values(values, marked, prefix))
    parts.append("</aside></div></div>")
    return "".join(parts)


def _defects(d: Determination, marked: bool, prefix: str) -> str:
    if not d.defects:
        return '<section class="defects"><h2>Defects</h2><p>None.</p></section>'
    rows = []
    for n, x in enumerate(d.defects):
        code = escape(x.code.value)
        where = f" at <code>{escape(x.path)}</code>" if x.path else ""
        place = f" [{x.span.start}:{x.span.end}]" if marked else ""
        link = (f'<a class="defect-link" href="#{prefix}defect-{n}">{code}</a>' if marked
                else f"<strong>{code}</strong>")
        rows.append(f"<li>{link}{where}{place}: {escape(x.message)}</li>")
    return (f'<section class="defects"><h2>Defects ({len(d.defects)})</h2>'
            f'<ol>{"".join(rows)}</ol></section>')


def _values(values: list[ValueMark], marked: bool, prefix: str) -> str:
    rows = []
    for n, v in enumerate(values):
        path = escape(v.path)
        cell = f'<a href="#{prefix}v-{n}">{path}</a>' if marked else path
        rows.append(f"<tr><td>{cell}</td><td>{escape(v.value)}</td></tr>")
    return (f'<section class="values"><h2>Values ({len(values)})</h2>'
            '<table><thead><tr><th>Field</th><th>Value</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


class LetterView:
    """A letter's marked page for a notebook: ``_repr_html_`` gives the content with its
    style inline (no script: hover a value to see its field and value)."""

    def __init__(self, d: Determination) -> None:
        self.determination = d
        marked = bool(d.source_text)
        note = None if marked else ("This determination has no source text (read from "
                                    "JSON?): only its values are shown.")
        prefix = f"imr{next(_counter)}-"
        self.html = (f"<style>{static('marks.css')}</style>"
                     + letter_section(d, marked=marked, note=note, prefix=prefix))

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def letter_html(d: Determination) -> LetterView:
    """One letter's marked page, shown inline by Jupyter (``_repr_html_``); ``str()``
    gives the HTML.

    >>> import imrparse
    >>> from imrparse.report import letter_html
    >>> view = letter_html(imrparse.parse(imrparse.example_letter()))
    >>> 'title="header.case_number = CM16-0000001"' in view._repr_html_()
    True

    Never raises.
    """
    return LetterView(d)



"""A letter's text as HTML with every value and defect marked at its span.

Values come from :func:`imrparse.annotate.value_marks` (the same paths ``annotate`` shows),
with the value the model holds; defects are marked in their own colour.  Marks may nest
(an item's request inside the item) and may cross (a defect spanning the end of a value):
a mark that crosses another is closed and reopened around it, so the HTML always nests.
Everything from the letter is escaped.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Iterable, Sequence

import attrs
import regex

from imrparse.model import Determination
from imrparse.model.spans import Located

__all__ = ["Mark", "ValueMark", "display", "escape", "letter_marks", "marked_text",
           "model_values", "value_list"]

#: Longest value shown in a title or the values table; a longer one (a rationale
#: paragraph) is cut there and says how long it is.
SHOWN_CHARACTERS = 160

#: ``licensure_states[1]``: a field name, and the index of a tuple member.
_NAME = regex.compile(r"(\w+)(?:\[(\d+)\])?")
#: Characters no HTML text may hold (NUL, other C0 controls but tab, line breaks).
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(text: str) -> str:
    """``text`` escaped for an HTML text node or a quoted attribute; control characters
    (which no HTML document may hold) become U+FFFD, as a browser would show them."""
    text = html.escape(text, quote=True)
    if text.isprintable() or _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub("\ufffd", text)


@attrs.frozen(kw_only=True)
class ValueMark:
    """A value of the model: its path, the value as shown, and its span."""

    path: str
    value: str
    start: int
    end: int

    @property
    def group(self) -> str:
        """The part of the model the value belongs to (``header``, ``items``...)."""
        return self.path.partition(".")[0].partition("[")[0].partition(":")[0]


def display(value: object) -> str:
    """A model value as the report shows it: enums by their value, dates in ISO form,
    long text cut at :data:`SHOWN_CHARACTERS` characters.

    Never raises.
    """
    if value is None:
        return "(none)"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if len(text) > SHOWN_CHARACTERS:
        return f"{text[:SHOWN_CHARACTERS]}… ({len(text)} characters)"
    return text


def _value_at(obj: Located, name: str) -> object:
    """The value a ``value_spans`` name names on ``obj`` (``levels[1]``: a tuple member)."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    value = getattr(obj, match[1], None)
    if match[2] is not None:
        index = int(match[2])
        return value[index] if isinstance(value, tuple) and index < len(value) else None
    return value


def value_list(d: Determination) -> list[ValueMark]:
    """Every value of ``d`` with its path, shown value and span, in document order (an
    enclosing value before the values inside it): the marks of
    :func:`imrparse.annotate.value_marks`, with their values.

    Never raises.
    """
    # One walk of the model (value_marks would walk it again without the values).
    marks = [ValueMark(path=f"{path}.{name}" if path else name,
                       value=display(_value_at(obj, name)), start=span.start, end=span.end)
             for path, obj in d.iter_located() for name, span in obj.value_spans]
    marks.extend(ValueMark(path=f"heading:{s.kind.value}", value=display(s.title),
                           start=s.heading.start, end=s.heading.end)
                 for s in d.sections if s.heading is not None)
    marks.sort(key=lambda mark: (mark.start, -mark.end))
    return marks


def model_values(d: Determination) -> list[ValueMark]:
    """Every value the model holds, by path, without positions (for a model whose text is
    not at hand, or read from JSON written without spans): the leaves of its JSON form.

    Never raises.
    """
    from imrparse.jsonio import to_dict  # noqa: PLC0415 (a page without text is rare)

    out: list[ValueMark] = []

    def walk(path: str, value: object) -> None:
        if isinstance(value, dict):
            for key, member in value.items():
                walk(f"{path}.{key}" if path else key, member)
        elif isinstance(value, list):
            for n, member in enumerate(value):
                walk(f"{path}[{n}]", member)
        elif value is not None:
            out.append(ValueMark(path=path, value=display(value), start=0, end=0))

    data = to_dict(d, spans=False)
    for listed_apart in ("format", "defects"):
        data.pop(listed_apart, None)
    walk("", data)
    return out


@attrs.frozen(kw_only=True)
class Mark:
    """One marked range of the text: an element named by ``tag`` with ``classes``,
    ``title`` and, on its first piece, ``id``."""

    start: int
    end: int
    classes: str
    title: str
    id: str | None = None
    tag: str = "mark"

    def opening(self, first: bool) -> str:
        ident = f' id="{escape(self.id)}"' if first and self.id else ""
        return f'<{self.tag}{ident} class="{self.classes}" title="{escape(self.title)}">'

    def closing(self) -> str:
        return f"</{self.tag}>"


def marked_text(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with each mark an element around its range.

    An empty mark is an empty element at its position (the style sheet draws it); marks
    that cross are split so that the elements nest.  Never raises.
    """
    # One pass for the control characters (one character each way: offsets keep).
    text = _CONTROLS.sub("\ufffd", text)
    ranged = sorted((m for m in marks if m.end > m.start), key=lambda m: (m.start, -m.end))
    empty = sorted((m for m in marks if m.end <= m.start), key=lambda m: m.start)
    cuts = sorted({0, len(text), *(m.start for m in ranged), *(m.end for m in ranged),
                   *(m.start for m in empty)})
    out: list[str] = []
    stack: list[Mark] = []
    opening = iter(ranged)
    empties = iter(empty)
    next_open = next(opening, None)
    next_empty = next(empties, None)
    previous = 0
    for cut in cuts:
        if cut > previous:
            out.append(html.escape(text[previous:cut], quote=False))
            previous = cut
        if any(m.end <= cut for m in stack):
            # Close down to the deepest mark that ends here; reopen those that go on.
            depth = min(i for i, m in enumerate(stack) if m.end <= cut)
            out.extend(m.closing() for m in reversed(stack[depth:]))
            going_on = [m for m in stack[depth:] if m.end > cut]
            del stack[depth:]
            for m in going_on:
                out.append(m.opening(first=False))
                stack.append(m)
        while next_empty is not None and next_empty.start <= cut:
            out.append(next_empty.opening(first=True) + next_empty.closing())
            next_empty = next(empties, None)
        while next_open is not None and next_open.start <= cut:
            out.append(next_open.opening(first=True))
            stack.append(next_open)
            next_open = next(opening, None)
    out.extend(m.closing() for m in reversed(stack))
    return "".join(out)


def letter_marks(d: Determination, values: Sequence[ValueMark], prefix: str = ""
                 ) -> list[Mark]:
    """The marks of a letter page: each value (id ``v-N``, N its place in ``values``), each
    defect (id ``defect-N``), and an anchor at each item (id ``item-N``, N its number);
    every id starts with ``prefix``."""
    limit = len(d.source_text)
    marks = [Mark(start=v.start, end=min(v.end, limit), classes=f"v g-{v.group}",
                  title=f"{v.path} = {v.value}", id=f"{prefix}v-{n}")
             for n, v in enumerate(values) if v.start <= limit]
    marks.extend(Mark(start=x.span.start, end=min(x.span.end, limit),
                      classes="defect" if x.span.end > x.span.start else "defect at",
                      title=f"defect {x.code.value}{' at ' + x.path if x.path else ''}: "
                            f"{x.message}", id=f"{prefix}defect-{n}", tag="span")
                 for n, x in enumerate(d.defects) if x.span.start <= limit)
    marks.extend(Mark(start=item.span.start, end=item.span.start, classes="anchor",
                      title=f"item {item.number}", id=f"{prefix}item-{item.number}", tag="span")
                 for item in d.items if item.span.start <= limit)
    return marks

"""The JSON form of a :class:`~imrparse.Determination` (serialization lives at the edges).

``to_dict`` gives plain JSON-ready data: ISO dates, enums as their lower-case values,
spans as ``[start, end]`` pairs.  The form is versioned by :data:`FORMAT_VERSION`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import attrs

from imrparse._base import Span
from imrparse.errors import Defect
from imrparse.model import Determination

#: Bumped whenever the JSON form changes incompatibly.
FORMAT_VERSION = 1

__all__ = ["FORMAT_VERSION", "dumps", "to_dict"]


def to_dict(determination: Determination, *, spans: bool = True) -> dict[str, Any]:
    """The determination as JSON-ready data.

    :param spans: include every ``span`` and the ``value_spans`` of each object.
    """
    data = _value(determination, spans)
    assert isinstance(data, dict)
    data.pop("source_text", None)
    return {"format": FORMAT_VERSION, **data}


def dumps(determination: Determination, *, spans: bool = True, indent: int | None = None) -> str:
    """:func:`to_dict` as a JSON string."""
    return json.dumps(to_dict(determination, spans=spans), indent=indent, ensure_ascii=False)


def _value(value: object, spans: bool) -> Any:
    if isinstance(value, Span):
        return [value.start, value.end]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(member, spans) for member in value]
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            name = field.name
            member = getattr(value, name)
            if name == "value_spans":
                if spans:
                    out[name] = {key: [s.start, s.end] for key, s in member}
                continue
            if not spans and (isinstance(member, Span) or name in ("sections", "heading")):
                continue
            if isinstance(value, Defect) and name == "span" and not spans:
                continue
            out[name] = _value(member, spans)
        return out
    return value

"""The JSON form of a :class:`~imrparse.Determination` (serialization lives at the edges).

``to_dict`` gives plain JSON-ready data: ISO dates, enums as their values (the model's own
enums are lower-case; DWC vocabularies keep DWC's spelling), spans as ``[start, end]``
pairs, ``value_spans`` as an object from value name to span.  The form is versioned by
:data:`FORMAT_VERSION` and described by the JSON Schema that :mod:`imrparse.schema` ships.

``from_dict`` reads it back.  Both walk the attrs fields and their type hints, so a field
added to the model needs no change here:

>>> import imrparse
>>> from imrparse.jsonio import from_dict, to_dict
>>> d = imrparse.parse(imrparse.example_letter())
>>> from_dict(to_dict(d)) == d
True
>>> to_dict(d)["header"]["decision_date"]
'2016-12-09'
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from imrparse.model import Determination
from imrparse.model.spans import Span
from imrparse.text.caches import cached

#: Bumped whenever the JSON form changes incompatibly (a new optional field is compatible).
FORMAT_VERSION = 1

__all__ = ["FORMAT_VERSION", "dumps", "from_dict", "loads", "to_dict"]

#: Fields that only hold positions; left out with ``spans=False``.
_POSITION_FIELDS = frozenset({"span", "value_spans", "heading"})


#: Bounds of the caches below: one entry per model class (twenty), and per class and
#: ``spans``.
_CLASSES = 64


@cached(maxsize=_CLASSES)
def _positions(cls: type) -> frozenset[str]:
    """The fields of ``cls`` that hold positions, left out of the JSON written without
    spans: spans, and the sections that tile the input (``sections`` of a citation are
    values)."""
    hints = _hints(cls)
    return frozenset(f.name for f in attrs.fields(cls)
                     if f.name in _POSITION_FIELDS or _involves_span(hints[f.name])
                     or (cls is Determination and f.name == "sections"))
#: Stand-in span for objects read from JSON written without spans.
_NO_SPAN = Span(0, 0)


def to_dict(determination: Determination, *, spans: bool = True) -> dict[str, Any]:
    """The determination as JSON-ready data.

    :param spans: include every ``span``, the ``value_spans`` of each object and the
        sections.

    Never raises for a :class:`~imrparse.Determination`.
    """
    data = _value(determination, spans)
    assert isinstance(data, dict)
    data.pop("source_text", None)
    return {"format": FORMAT_VERSION, **data}


def dumps(determination: Determination, *, spans: bool = True, indent: int | None = None) -> str:
    """:func:`to_dict` as a JSON string.

    Never raises for a :class:`~imrparse.Determination`.
    """
    return json.dumps(to_dict(determination, spans=spans), indent=indent, ensure_ascii=False)


def from_dict(data: Mapping[str, Any], *, source_text: str = "") -> Determination:
    """Rebuild a :class:`~imrparse.Determination` from :func:`to_dict`'s data.

    ``from_dict(to_dict(d)) == d`` holds, and with spans the spans come back too.  Data
    written with ``spans=False`` gives objects whose spans are ``Span(0, 0)``.  Keys the
    model does not know are ignored, so data from a newer minor version still reads.

    :param source_text: the letter text to attach (``to_dict`` leaves it out).
    :raises ValueError: if the data is of a newer, incompatible :data:`FORMAT_VERSION` or
        does not have the shape of a determination.
    """
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ValueError(f"JSON format {version!r} is newer than this imrparse reads "
                         f"({FORMAT_VERSION}); upgrade imrparse")
    try:
        result = _build(Determination, data)
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"not the JSON form of a determination: {exc}") from exc
    assert isinstance(result, Determination)
    return attrs.evolve(result, source_text=source_text) if source_text else result


def loads(text: str, *, source_text: str = "") -> Determination:
    """:func:`from_dict` of a JSON string.

    :raises ValueError: ``text`` is not JSON (``json.JSONDecodeError``) or, as
        :func:`from_dict`, not the JSON form of a determination.
    """
    return from_dict(json.loads(text), source_text=source_text)


# --------------------------------------------------------------------------- to JSON


def _value(value: object, spans: bool) -> Any:
    cls = type(value)
    if cls in _AS_IS:
        return value
    if isinstance(value, Span):
        return [value.start, value.end]
    if isinstance(value, tuple):
        return [_value(member, spans) for member in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if attrs.has(cls):
        out: dict[str, Any] = {}
        for name in _written(cls, spans):
            member = getattr(value, name)
            if name == "value_spans":
                out[name] = {key: [s.start, s.end] for key, s in member}
            else:
                out[name] = _value(member, spans)
        return out
    return value


#: Types written as they are (checked by exact type first: most values are these).
_AS_IS = frozenset({str, int, bool, float, type(None)})


@cached(maxsize=2 * _CLASSES)
def _written(cls: type, spans: bool) -> tuple[str, ...]:
    """The fields of ``cls`` that :func:`to_dict` writes, in order."""
    # Without spans, every field that holds positions (``span`` and ``value_spans``
    # included) is left out.
    left_out = frozenset() if spans else _positions(cls)
    return tuple(f.name for f in attrs.fields(cls) if f.name not in left_out)


# --------------------------------------------------------------------------- from JSON


@cached(maxsize=_CLASSES)
def _hints(cls: type) -> dict[str, Any]:
    """The type hints of a model class's fields, resolved."""
    return typing.get_type_hints(cls)


def _build(cls: type, data: Mapping[str, Any]) -> object:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.name in data:
            kwargs[field.name] = _read(hints[field.name], data[field.name])
        elif field.default is attrs.NOTHING and _involves_span(hints[field.name]):
            kwargs[field.name] = _read(hints[field.name], None)
    return cls(**kwargs)


def _read(hint: Any, raw: Any) -> Any:
    """The model value of type ``hint`` for the JSON value ``raw``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if raw is None and type(None) in options:
            return None
        real = [o for o in options if o is not type(None)]
        if len(real) == 1:
            return _read(real[0], raw)
        return _read(_pick_class(real, raw), raw)
    if origin is tuple:
        args = typing.get_args(hint)
        member = args[0]
        if isinstance(raw, Mapping):  # value_spans: {"name": [start, end]}
            return tuple((key, _read(typing.get_args(member)[1], value))
                         for key, value in raw.items())
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(member, item) for item in raw)
        return tuple(_read(a, item) for a, item in zip(args, raw, strict=True))
    if hint is Span:
        return _NO_SPAN if raw is None else Span(int(raw[0]), int(raw[1]))
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return hint(raw)
        if issubclass(hint, dt.date):
            return dt.date.fromisoformat(raw)
        if attrs.has(hint):
            return _build(hint, raw)
    return raw


def _pick_class(options: list[Any], raw: Any) -> Any:
    """The member of a union of attrs classes whose fields fit the keys of ``raw``."""
    if isinstance(raw, Mapping):
        keys = set(raw)
        for option in options:
            if not (isinstance(option, type) and attrs.has(option)):
                continue
            fields = attrs.fields(option)
            names = {f.name for f in fields}
            required = {f.name for f in fields
                        if f.default is attrs.NOTHING and f.name not in _positions(option)}
            if required <= keys <= names:
                return option
    raise TypeError(f"no type of {options} fits {raw!r:.80}")


def _involves_span(hint: Any) -> bool:
    if hint is Span:
        return True
    return any(_involves_span(a) for a in typing.get_args(hint))

"""The JSON Schema (draft 2020-12) of :func:`imrparse.jsonio.to_dict`'s output.

The schema ships as package data, ``imrparse/schema/determination.schema.json``:

>>> from imrparse.schema import load_schema
>>> load_schema()["$schema"]
'https://json-schema.org/draft/2020-12/schema'

It is generated from the model's attrs classes and their type hints by
:func:`build_schema`.  After a model change, regenerate the shipped file with::

    python -m imrparse.schema --write

(the test suite fails while the shipped file and the model disagree).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
import types
import typing
from importlib import resources
from typing import Any

import attrs

from imrparse.jsonio import _POSITION_FIELDS, FORMAT_VERSION
from imrparse.model import Determination
from imrparse.model.spans import Span
from imrparse.text.caches import cached

__all__ = ["SCHEMA_ID", "build_schema", "load_schema", "validate"]

SCHEMA_ID = "https://imrparse.readthedocs.io/schema/determination.schema.json"
_FILE = "determination.schema.json"
_SPAN: dict[str, Any] = {
    "type": "array", "prefixItems": [{"type": "integer", "minimum": 0}] * 2,
    "minItems": 2, "maxItems": 2,
    "description": "Half-open [start, end) character offsets into the letter text.",
}


@cached()
def load_schema() -> dict[str, Any]:
    """The shipped schema (parsed JSON)."""
    text = resources.files(__name__).joinpath(_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(data: object) -> None:
    """Check ``data`` (a :func:`~imrparse.jsonio.to_dict` result) against the schema.

    :raises ImportError: if ``jsonschema`` is not installed.
    :raises jsonschema.ValidationError: if the data does not fit.
    """
    import importlib  # noqa: PLC0415

    jsonschema = importlib.import_module("jsonschema")  # optional: test extra
    jsonschema.Draft202012Validator(load_schema()).validate(data)


def build_schema() -> dict[str, Any]:
    """Generate the schema from the model classes (what the shipped file must equal).

    Never raises.
    """
    defs: dict[str, Any] = {"Span": _SPAN}
    root = _object(Determination, defs)
    root["properties"] = {"format": {"const": FORMAT_VERSION}, **root["properties"]}
    root["required"] = ["format", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "imrparse Determination",
        "description": "A parsed IMR Final Determination Letter, as imrparse.jsonio.to_dict "
                       "writes it (with or without spans).",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.name == "source_text":
            continue
        if field.name == "value_spans":
            properties[field.name] = {"type": "object",
                                      "additionalProperties": {"$ref": "#/$defs/Span"}}
            continue
        properties[field.name] = _type(hints[field.name], defs)
        if field.default is attrs.NOTHING and field.name not in _POSITION_FIELDS:
            required.append(field.name)
    out: dict[str, Any] = {"type": "object", "properties": properties,
                           "required": required, "additionalProperties": False}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        out = {"description": " ".join(doc.split()), **out}
    return out


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type(a, defs) for a in typing.get_args(hint)]
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], defs)}
        return {"type": "array", "prefixItems": [_type(a, defs) for a in args],
                "minItems": len(args), "maxItems": len(args)}
    if hint is type(None):
        return {"type": "null"}
    if hint is Span:
        return {"$ref": "#/$defs/Span"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return {"type": "string"}
    if isinstance(hint, type) and issubclass(hint, dt.date):
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        name = _def_name(hint)
        defs.setdefault(name, {"enum": [m.value for m in hint]})
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(hint, type) and attrs.has(hint):
        name = _def_name(hint)
        if name not in defs:
            defs[name] = {}  # placeholder: stops recursion
            defs[name] = _object(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema type for {hint!r}")


_OWNERS: dict[str, type] = {}


def _def_name(cls: type) -> str:
    """The ``$defs`` name of a class: its own name, refused if another class has it."""
    owner = _OWNERS.setdefault(cls.__name__, cls)
    if owner is not cls:
        raise TypeError(f"two model classes are named {cls.__name__}: "
                        f"{owner.__module__} and {cls.__module__}")
    return cls.__name__


def _main(argv: list[str]) -> int:
    text = json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
    if argv[:1] == ["--write"]:
        resources.files(__name__).joinpath(_FILE).write_text(text, "utf-8")  # type: ignore[attr-defined]
        print(f"wrote {_FILE}")
    else:
        sys.stdout.write(text)
    return 0



"""A file's rows as the bytes that ``imrparse parse`` appends to its CSV or JSON Lines
tables, made in the worker so that the main process only writes them.

One encoder for both sides: the worker's lines and the main process's (for rows that come
as dicts) are the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from imrparse.tables import CSV_ENCODING, DECISION_COLUMNS, LETTER_COLUMNS, csv_row, json_row

__all__ = ["encode", "header"]

#: How a table's text becomes bytes: no character stops a run, one UTF-8 cannot hold is
#: written escaped.  (The CSV byte-order mark comes with the header, at the file's start.)
_ERRORS = "backslashreplace"


def encode(fmt: str, letter: dict[str, Any], decisions: Sequence[dict[str, Any]],
           nested: str | None, *, neutralize: bool) -> tuple[bytes, bytes]:
    """The lines of one file for the letters and the decisions tables of format ``fmt``
    (``"csv"`` or ``"jsonl"``); ``nested`` is the letters line of JSON Lines when made."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(csv_row(letter, LETTER_COLUMNS, neutralize=neutralize))
        first = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_row(r, DECISION_COLUMNS, neutralize=neutralize)
                         for r in decisions)
        second = buffer.getvalue()
    else:
        first = (nested or json.dumps(json_row(letter))) + "\n"
        second = "".join(json.dumps(json_row(r), ensure_ascii=False) + "\n"
                         for r in decisions)
    return first.encode("utf-8", _ERRORS), second.encode("utf-8", _ERRORS)


def header(fmt: str, columns: Sequence[str]) -> bytes:
    """The first bytes of a new table: for CSV, the byte-order mark and the header row."""
    if fmt != "csv":
        return b""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(columns)
    return buffer.getvalue().encode(CSV_ENCODING, _ERRORS)

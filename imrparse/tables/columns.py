"""What a column of the flat tables is: its type (and how each format writes it), the
closed vocabularies the tables add (:class:`LetterOutcome`, :class:`GuidelineFamily`), the
error of a file that is no table, and the constants every format shares.

Takes nothing; gives the types :mod:`imrparse.tables.rows` declares its columns with.
"""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts import check as _check

__all__ = ["CSV_ENCODING", "LIST_SEPARATOR", "SCHEMA_FILE", "SCHEMA_VERSION", "Column",
           "ColumnType", "GuidelineFamily", "LetterOutcome", "TableError"]

#: CSV files are UTF-8 with a byte-order mark: spreadsheets (Excel on Windows) otherwise
#: read them in the machine's code page and garble every accent.
CSV_ENCODING = "utf-8-sig"
#: What joins the members of a list in a CSV field (see :func:`join_list`).
LIST_SEPARATOR = "; "
#: The data dictionary written beside the tables (:func:`schema_document`).
SCHEMA_FILE = "schema.json"
#: Raised with each change of a column's name or type.
SCHEMA_VERSION = 2


class ColumnType(enum.StrEnum):
    """The type of a column, and how each output format writes it."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    #: ISO ``YYYY-MM-DD`` in CSV and JSON, ``date32`` in Arrow, Parquet and pandas.
    DATE = "date"
    #: A list of strings (never null: empty when there is none); CSV joins the members
    #: (:func:`join_list`).
    STRING_LIST = "list<string>"

    def arrow_name(self) -> str:
        """The Arrow type of the column on every route (``string``, ``int64``, ``bool``,
        ``date32``, ``list<string>``).

        Never raises.
        """
        return _ARROW_NAMES[self]


_ARROW_NAMES = {ColumnType.STRING: "string", ColumnType.INTEGER: "int64",
                ColumnType.BOOLEAN: "bool", ColumnType.DATE: "date32",
                ColumnType.STRING_LIST: "list<string>"}
_check.covers("_ARROW_NAMES", _ARROW_NAMES, ColumnType)


class LetterOutcome(enum.StrEnum):
    """A letter's outcome, in the words of the items' :class:`~imrparse.Outcome` (DWC's
    decision search says ``Uphold``, ``Overturn``, ``Partial Overturn``)."""

    #: Every item upheld.
    UPHELD = "upheld"
    #: Every item overturned.
    OVERTURNED = "overturned"
    #: Some items upheld, some overturned.
    PARTIALLY_OVERTURNED = "partially-overturned"


class GuidelineFamily(enum.StrEnum):
    """The main source a guideline paragraph relies on (MTUS first, then ODG, ACOEM)."""

    MTUS = "mtus"
    ODG = "odg"
    ACOEM = "acoem"
    OTHER = "other"
    #: The paragraph says no medical evidence was cited, or cites nothing.
    NONE = "none"


@attrs.frozen
class Column:
    """One column of a flat table."""

    name: str
    type: ColumnType
    description: str


class TableError(ValueError):
    """A file or folder that is not a table ``imrparse parse`` writes, or holds a value its
    column's type cannot take.  The message names the file (and line)."""


def _parser_version() -> str:
    import imrparse  # noqa: PLC0415 (imrparse/__init__ may import this module)

    return imrparse.__version__

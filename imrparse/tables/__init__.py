"""The flat tables for analysts: one row per letter, one row per decision, one per failed
file; one typed schema for every route.

Takes determinations (or what ``imrparse parse`` wrote); gives their rows, the frames of
those rows and the tables read back.  One module a job: ``columns`` (the column types),
``rows`` (each column with how its value is read), ``formats`` (CSV, JSON, Arrow, pandas,
the data dictionary) and ``read`` (reading an output folder back); every public name is
imported from ``imrparse.tables``.

The rows are plain dicts of plain values (``str``, ``int``, ``bool``, :class:`datetime.date`,
``list[str]`` or ``None``), named and typed by :data:`LETTER_COLUMNS`,
:data:`DECISION_COLUMNS` and :data:`ERROR_COLUMNS`.  The decisions table repeats the key
letter columns so that it stands alone.  The same row functions and the same schema feed
the command line (``imrparse parse``: JSON Lines, CSV, Parquet), the pandas frames
(:func:`to_pandas`, :func:`read_tables`) and the Dask frames (:mod:`imrparse.dask`): a
column has one type on every route (:meth:`ColumnType.arrow_name`), and every pandas column
is the :class:`pandas.ArrowDtype` of that type.

>>> import imrparse
>>> from imrparse.tables import decision_rows, letter_row
>>> d = imrparse.parse(imrparse.example_letter())
>>> row = letter_row(d)
>>> row["case_number"], row["n_upheld"], row["n_overturned"], row["letter_outcome"]
('CM16-0000001', 1, 1, 'partially-overturned')
>>> [(r["item_number"], r["outcome"], r["drugs"]) for r in decision_rows(d)]
[(1, 'upheld', ['tramadol']), (2, 'overturned', [])]

CSV holds a list as its members joined with ``"; "`` (:func:`join_list`,
:func:`split_list`), and is written UTF-8 with a byte-order mark so that spreadsheets read
its accents right.  :func:`read_tables` reads any output folder (or one of its files) back
into the typed frames.
"""

from imrparse.tables.columns import (
    CSV_ENCODING,
    LIST_SEPARATOR,
    SCHEMA_FILE,
    Column,
    ColumnType,
    GuidelineFamily,
    LetterOutcome,
    TableError,
)
from imrparse.tables.formats import (
    arrow_schema,
    csv_row,
    empty_frame,
    join_list,
    json_row,
    rows_to_frame,
    schema_document,
    split_list,
    to_pandas,
)
from imrparse.tables.read import Tables, read_tables
from imrparse.tables.rows import (
    DECISION_COLUMNS,
    ERROR_COLUMNS,
    LETTER_COLUMNS,
    TABLES,
    decision_rows,
    letter_row,
)

__all__ = [
    "CSV_ENCODING",
    "DECISION_COLUMNS",
    "ERROR_COLUMNS",
    "LETTER_COLUMNS",
    "LIST_SEPARATOR",
    "SCHEMA_FILE",
    "TABLES",
    "Column",
    "ColumnType",
    "GuidelineFamily",
    "LetterOutcome",
    "TableError",
    "Tables",
    "arrow_schema",
    "csv_row",
    "decision_rows",
    "empty_frame",
    "join_list",
    "json_row",
    "letter_row",
    "read_tables",
    "rows_to_frame",
    "schema_document",
    "split_list",
    "to_pandas",
]


"""Closed vocabularies of the letters, as declarative tables.

Each module holds plain data (enums and tuples of small frozen records) that the readers
compile; read them to see what imrparse recognizes, and extend them where a module says how.

* :mod:`imrparse.vocab.guidelines`: MTUS guideline names and ODG chapters cited in the
  guideline paragraphs.
* :mod:`imrparse.vocab.treatments`: the DWC treatment taxonomy (category, subcategory,
  drug class), the words that name each kind of treatment, drug names and their classes,
  and body regions, used by :func:`imrparse.read_treatment`.
"""

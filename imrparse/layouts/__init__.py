"""The layouts as data: every heading, label, boilerplate opening, item form and outcome
wording of each letter layout DWC has published, in declarative tables checked at import.

Takes nothing; gives the tables by topic (:mod:`.words`: how wording becomes a pattern;
:mod:`.headings`, :mod:`.fields`, :mod:`.items`, :mod:`.parties`, :mod:`.catalogue`: the
layouts themselves), read by the tokenizer, the section splitter, the structure readers and
the writer through their one face :mod:`.grammar`, which runs their checks at import
(:mod:`.check`, also used by the vocabularies); and :mod:`.prose` (the writer's own
sentences between the tables' fixed words).  A new layout is new rows here and, where its
items have a new form, one reader registered in :mod:`imrparse.structure.items`.  Internal.
"""

"""The layouts as data: every heading, label, boilerplate opening, item form and outcome
wording of each letter layout DWC has published, in declarative tables checked at import.

Takes nothing; gives :mod:`.grammar` (the tables the tokenizer, the section splitter, the
structure readers and the writer all read), :mod:`.check` (the checks the tables, and the
vocabularies, run at import) and :mod:`.prose` (the writer's own sentences between the
tables' fixed words).  A new layout is new rows here and, where its items have a new form,
one reader registered in :mod:`imrparse.structure.items`.  Internal.
"""

"""Files and batches: letters on disk into determinations and tables.

Takes paths (text or PDF files, folders, globs); gives :mod:`.files` (the one reader of a
letter file: PDF by its first bytes, text in UTF-8 or UTF-16/32, undecodable bytes and lone
surrogates reported; ``imrparse.parse_file``), :mod:`.extras` (which optional extra a run
needs, named once) and ``imrparse parse``: :mod:`.discover` (the files paths name, and what
cannot be searched), :mod:`.workers` (bounded worker processes), :mod:`.sinks` (tables,
manifest, crash-safe commits), :mod:`.lock` (one run per folder) and :mod:`.run` (the run,
resume).  Internal: the public face is the command line and :mod:`imrparse`.
"""

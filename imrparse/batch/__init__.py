"""Files and batches: letters on disk into determinations and tables.

Takes paths (text or PDF files, folders, globs); gives :mod:`.files` (the one reader of a
letter file: PDF by its first bytes, text in UTF-8 or UTF-16/32, undecodable bytes reported;
``imrparse.parse_file``), :mod:`.extras` (which optional extra a run needs, named once) and
:mod:`.run` (``imrparse parse``: worker processes, the tables written as results arrive,
resume).  Internal: the public face is the command line and :mod:`imrparse`.
"""

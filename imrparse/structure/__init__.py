"""Stage 2, the structure: sections read into the model's parts.

Takes the tokens and sections of :mod:`imrparse.text` and the tables of
:mod:`imrparse.layouts`; gives the case header (:mod:`.header`), the parties of a mailed
letter (:mod:`.parties`), the reviewer (:mod:`.reviewer`, with :mod:`.fields`' small value
grammars), the documents reviewed (:mod:`.documents`) and the disputed items, one reader per
item form (:mod:`.items`).  :mod:`.build` runs the stages in order: it is ``imrparse.parse``.
Internal: the public face is :mod:`imrparse`.
"""

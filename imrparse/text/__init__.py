"""Stage 1, the text: one parse's input read into what the later stages walk.

Takes the exact input string; gives its normalizing helpers (:mod:`.normalize`: the one trim,
paragraph gaps, hyphen-broken words), the one date reader (:mod:`.dates`), the lossless
token stream of the letter's fixed lines (:mod:`.tokenizer`), the sections that tile the
input and the detected layout (:mod:`.sections`), and one parse's state through which every
defect is reported (:mod:`.reading`).  :mod:`.caches` holds every cache imrparse keeps.
Internal: the public face is :mod:`imrparse`.
"""

"""Coverage-guided fuzzing of :func:`imrparse.parse` and :func:`imrparse.tokenize` (atheris).

    .venv/bin/pip install atheris
    mkdir -p /tmp/imr-fuzz-corpus && .venv/bin/python tests/fuzz/atheris_parse.py \\
        --seed-corpus /tmp/imr-fuzz-corpus -- /tmp/imr-fuzz-corpus -max_total_time=300

``--seed-corpus DIR`` first writes the example letter and (where present) the real letters
of ``../shared/corpus`` into DIR, so the fuzzer mutates letters rather than starting from
nothing; everything after ``--`` goes to libFuzzer.  The input bytes are decoded as UTF-8
with ``surrogateescape`` (so every byte string is some text, lone surrogates included), or,
when the first byte is odd, as UTF-16 (which reaches other code points faster).

A finding is any exception other than :class:`imrparse.ImrParseError`, an
:class:`imrparse.InternalError` (a wrapped crash) or an ``internal-error`` defect (a crash
in one part of the letter), or a broken invariant (see :func:`check`); libFuzzer
then writes ``crash-<sha1>`` with the input.  Each finding becomes a named test in
``tests/test_fuzz.py`` (see docs/fuzzing.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import imrparse

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def decode(data: bytes) -> str:
    if data[:1] and data[0] & 1:
        body = data[1 : 1 + (len(data) - 1) // 2 * 2]
        return body.decode("utf-16-le", errors="surrogatepass")
    return data.decode("utf-8", errors="surrogateescape")


def check(text: str) -> None:
    """Raise AssertionError if an invariant of ``tests/test_fuzz.py`` does not hold."""
    tokens = imrparse.tokenize(text)
    if "".join(t.text for t in tokens) != text:
        raise AssertionError("tokens do not concatenate to the input")
    try:
        d = imrparse.parse(text)
    except imrparse.ImrParseError as exc:
        if isinstance(exc, imrparse.InternalError):
            raise AssertionError(f"crash wrapped as {exc!r}") from exc
        return
    n = len(text)
    for defect in d.defects:
        if defect.code is imrparse.DefectCode.INTERNAL_ERROR:
            raise AssertionError(f"crash in one part: {defect}")
        if not 0 <= defect.span.start <= defect.span.end <= n:
            raise AssertionError(f"defect span outside the input: {defect}")
    pos = 0
    for section in d.sections:
        if section.span.start != pos:
            raise AssertionError(f"sections do not tile the input at {pos}")
        pos = section.span.end
    if pos != n:
        raise AssertionError("sections end before the input does")
    for path, obj in d.iter_located():
        spans = [obj.span, *(s for _, s in obj.value_spans)]
        if any(not 0 <= s.start <= s.end <= n for s in spans):
            raise AssertionError(f"span of {path or 'determination'} outside the input")


def test_one_input(data: bytes) -> None:
    check(decode(data))


def write_seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "example.txt").write_text(imrparse.example_letter(), "utf-8")
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt")):
            (folder / path.name).write_bytes(path.read_bytes())


def main() -> None:
    argv = list(sys.argv)
    if "--seed-corpus" in argv:
        at = argv.index("--seed-corpus")
        write_seeds(Path(argv[at + 1]))
        del argv[at : at + 2]
    if "--" in argv:
        argv.remove("--")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

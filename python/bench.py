"""lectio.collatex against CollateX's Python port (issue #20).

    pip install collatex==2.3 python-Levenshtein     # in the venv where lectio is installed
    python python/bench.py [--repeat N]

Witnesses: the shipped letter's emended English text (1.2k words, from the repository's edition
store via `lectio cat`) and copies of it with deterministic edits (one word in 23 replaced, one
in 41 dropped, a different stride per copy). Prints a Markdown table: seconds per collation
(best of N for lectio; one run for CollateX, which is slow), and the ratio; then a diff of two
1M-word texts and a collation of TEI chapters (Frankenstein dev set), Python against the CLI.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def letter() -> str:
    binary = os.environ.get("LECTIO_BIN") or str(ROOT / "target" / "release" / "lectio")
    return subprocess.run(
        [binary, "--store", str(ROOT / "editions"), "cat", "politburo-1932/en-emended@1"],
        check=True, capture_output=True, text=True,
    ).stdout


def variant(words, k):
    out = []
    for i, w in enumerate(words):
        if (i + k) % (41 + k) == 0:
            continue
        out.append(f"{w}x" if (i * (k + 1)) % (23 + k) == 0 else w)
    return " ".join(out)


def timed(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def run(module, texts, repeat):
    def once():
        c = module.Collation()
        for i, t in enumerate(texts):
            c.add_plain_witness(f"W{i}", t)
        module.collate(c, output="json", segmentation=True)

    return timed(once, repeat)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-collatex-8", action="store_true")
    ap.add_argument("--diff-words", type=int, default=1_000_000)
    args = ap.parse_args()
    import collatex  # noqa: F401  (CollateX's Python port, collatex==2.3)

    import lectio.collatex as lx

    words = letter().split()
    rows = []
    for n in (2, 8):
        texts = [" ".join(words)] + [variant(words, k) for k in range(1, n)]
        ours = run(lx, texts, args.repeat)
        if n == 8 and args.skip_collatex_8:
            theirs = None
        else:
            theirs = run(collatex, texts, 1)
        rows.append((n, len(words), ours, theirs))
        print(f"{n} witnesses: lectio {ours:.4f}s, collatex {theirs}", file=sys.stderr)
    print("| witnesses | words each | lectio.collatex (s) | collatex 2.3 (s) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for n, w, ours, theirs in rows:
        t = "not run" if theirs is None else f"{theirs:.2f}"
        r = "" if theirs is None else f"{theirs / ours:.0f}×"
        print(f"| {n} | {w} | {ours:.4f} | {t} | {r} |")
    print()
    diff_vs_cli(args.diff_words, args.repeat)
    print()
    tei_vs_cli(args.repeat)


def diff_vs_cli(n_words, repeat):
    """A diff of two n-word texts: lectio.diff(...).to_json() against `lectio diff --format json`."""
    import random
    import tempfile

    import lectio

    rng = random.Random(20)
    vocab = [f"w{i}" for i in range(5000)]
    a = [rng.choice(vocab) for _ in range(n_words)]
    b = list(a)
    for i in range(0, n_words, 997):
        b[i] = "changed"
    binary = os.environ.get("LECTIO_BIN") or str(ROOT / "target" / "release" / "lectio")
    with tempfile.TemporaryDirectory() as d:
        pa, pb = Path(d, "a.txt"), Path(d, "b.txt")
        for p, ws in ((pa, a), (pb, b)):
            p.write_text("\n".join(" ".join(ws[i:i + 12]) for i in range(0, len(ws), 12)) + "\n")
        cli = timed(lambda: subprocess.run([binary, "diff", str(pa), str(pb), "--format", "json"],
                                           stdout=subprocess.DEVNULL, check=False), repeat)
        py = timed(lambda: lectio.diff(pa, pb).to_json(), repeat)
    print("| diff of two texts | CLI (s) | Python (s) | Python / CLI |")
    print("| --- | --- | --- | --- |")
    print(f"| {n_words} words, {len(range(0, n_words, 997))} changes | {cli:.3f} | {py:.3f} "
          f"| {py / cli:.2f} |")


def tei_vs_cli(repeat):
    """A collation of TEI files (the Frankenstein Variorum's chapter iv of four witnesses, the
    Thomas copy read after correction): lectio.collate(paths).to_json() against `lectio collate
    --format json`, and with `layers=True` / `--layers`."""
    shared = Path(os.environ.get("LECTIO_SHARED") or ROOT.parent / "shared")
    tei = shared / "frankenstein-dev" / "tei"
    files = [tei / f"{w}_vol_1_chapter_iv.xml" for w in ("f1818", "fThomas", "f1823")]
    files.append(tei / "f1831_chapter_v.xml")
    if not all(f.is_file() for f in files):
        print(f"(no Frankenstein dev set at {tei}: TEI row skipped)", file=sys.stderr)
        return
    import lectio

    binary = os.environ.get("LECTIO_BIN") or str(ROOT / "target" / "release" / "lectio")
    print("| collate, TEI | CLI (s) | Python (s) | Python / CLI |")
    print("| --- | --- | --- | --- |")
    for layers in (False, True):
        flags = ["--layers"] if layers else []
        cli = timed(lambda: subprocess.run([binary, "collate", *map(str, files), *flags,
                                            "--format", "json"],
                                           stdout=subprocess.DEVNULL, check=False), repeat)
        py = timed(lambda: lectio.collate(files, layers=layers).to_json(), repeat)
        what = "4 chapters (~2.4k words each)" + (", --layers (5 witnesses)" if layers else "")
        print(f"| {what} | {cli:.3f} | {py:.3f} | {py / cli:.2f} |")


if __name__ == "__main__":
    main()

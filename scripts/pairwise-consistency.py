#!/usr/bin/env python3
"""Pairwise consistency of the collation against the pairwise diff (issue 16, "Measure").

For every pair of witnesses of a multi-edition text, the collation projected onto the pair
should report no more differing tokens than `lectio diff --algorithm patience` of the pair:
a passage two editions read alike must never appear as omission plus addition.

Texts: the Frankenstein Variorum's four printed witnesses (1818, Thomas, 1823, 1831), units
C09-C12, extracted from the TEI chapters as `scripts/score-spine.py` does (real, public-domain
editions; `../shared/frankenstein-dev`); or, with `--origin`, three editions of Darwin's
*Origin of Species* kept in the repository (`tests/data/origin/`, see SOURCES.md there): the
Introduction and the opening of chapter I of 1859, 1860 and 1872.

Per unit and pair:
- collate: tokens the projected table differs in — per column, the two cells' key sequences,
  `len(a) + len(b) - 2 * LCS(a, b)`, summed; places: runs of adjacent columns where they
  differ;
- diff: `edits` (tokens deleted plus inserted) and the number of variants of
  `lectio diff --algorithm patience --format json`.

Usage:
    scripts/pairwise-consistency.py [--lectio target/release/lectio] [--data DIR] [--markdown]
    scripts/pairwise-consistency.py --origin [--lectio target/release/lectio] [--markdown]
"""

import argparse
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = os.path.join(HERE, "..", "tests", "data", "origin")


def spine_module():
    spec = importlib.util.spec_from_file_location(
        "score_spine", os.path.join(HERE, "score-spine.py")
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr}")
    return json.loads(r.stdout)


def pair_rows(lectio, unit, names, paths):
    """Rows (unit, pair, collate tokens, diff tokens, collate places, diff places)."""
    doc = run([lectio, "collate", "--format", "json", *paths])
    rows = []
    for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
        tokens = places = 0
        inside = False
        for col in doc["table"]:
            ca, cb = col["cells"][i], col["cells"][j]
            ka = ca["n"] if ca else []
            kb = cb["n"] if cb else []
            if ka != kb:
                tokens += len(ka) + len(kb) - 2 * lcs(ka, kb)
                if not inside:
                    places += 1
                inside = True
            elif ka or kb:
                inside = False
        dv = run([lectio, "diff", "--algorithm", "patience", "--format", "json",
                  paths[i], paths[j]])
        rows.append((unit, f"{a}~{b}", tokens, dv["edits"], places, len(dv["variants"])))
    return rows


def frankenstein_rows(args):
    sp = spine_module()
    exs = {w: sp.extract(args.data, w) for w in sp.WITNESSES}
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for unit in ["C09", "C10", "C11", "C12"]:
            paths = []
            for w in sp.WITNESSES:
                p = os.path.join(d, f"{unit}-{w}.txt")
                with open(p, "w", encoding="utf-8") as f:
                    f.write(exs[w].units[unit])
                paths.append(p)
            rows += pair_rows(args.lectio, unit, sp.WITNESSES, paths)
    return rows


ORIGIN_UNITS = [("Introduction", "intro", ["1859", "1860", "1872"]),
                ("Chapter I", "ch1", ["1859", "1860", "1872"])]


def origin_rows(args):
    rows = []
    for unit, stem, years in ORIGIN_UNITS:
        paths = [os.path.join(ORIGIN, f"{stem}-{y}.txt") for y in years]
        rows += pair_rows(args.lectio, unit, years, paths)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lectio", default=os.path.join(HERE, "..", "target", "release", "lectio"))
    ap.add_argument(
        "--data", default=os.path.join(HERE, "..", "..", "..", "shared", "frankenstein-dev")
    )
    ap.add_argument("--origin", action="store_true",
                    help="the Origin of Species editions in tests/data/origin")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    rows = origin_rows(args) if args.origin else frankenstein_rows(args)
    if args.markdown:
        print("| unit | pair | collate tokens | diff tokens | ratio | collate places | diff places |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for u, p, t, e, pl, dp in rows:
            r = f"{t / e:.2f}" if e else "-"
            print(f"| {u} | {p} | {t} | {e} | {r} | {pl} | {dp} |")
    else:
        for u, p, t, e, pl, dp in rows:
            print(u, p, "collate", t, "diff", e, "places", pl, dp)
    worse = [r for r in rows if r[2] > r[3]]
    total_c = sum(r[2] for r in rows)
    total_d = sum(r[3] for r in rows)
    print(f"\n{len(worse)} of {len(rows)} pairs report more differing tokens in the "
          f"collation than in the pairwise diff; in all, {total_c} against {total_d}")


if __name__ == "__main__":
    main()

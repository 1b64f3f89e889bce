#!/usr/bin/env python3
"""Token agreement of `lectio extract` with the Frankenstein Variorum's own reading text.

For each chapter file, the witness's token sequence is rebuilt from the spine: the normalised
tokens of every <rdgGrp n="[...]"> whose <rdg> points (by <ptr target>) into that file, in app
order. Pseudo-markup is dropped (<p-start/>, <note>…</note>, deletions for the post-correction
reading), %q% reads as a double quote, case is folded. Agreement = the longest common
subsequence of those tokens and the extracted text's tokens (split on whitespace, case folded),
over the number of spine tokens. Both sides are normalised alike (case, curly double quotes). (Apps where all witnesses agree are left out of the spine, so
the extracted text has more tokens; the spine's must all be found, in order.)

Usage: scripts/tei-agreement.py [LECTIO] [DEV_DIR]   (defaults: target/release/lectio,
../shared/frankenstein-dev). Prints a Markdown table.
"""
import ast
from collections import Counter
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
lectio = sys.argv[1] if len(sys.argv) > 1 else "target/release/lectio"
dev = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../shared/frankenstein-dev")


def spine_words(tok):
    t = html.unescape(tok).replace("%q%", '"')
    t = re.sub(r"<note\b[^>]*>.*?</note>", " ", t, flags=re.S)
    t = re.sub(r"<(del|mdel|del-inner)>.*?</\1>", " ", t, flags=re.I)
    t = re.sub(r"<[^>]*>", "", t)
    return norm(t)


def norm(t):
    """Case folded, curly double quotes read as straight ones (the spine's %q%)."""
    return t.replace("\u201c", '"').replace("\u201d", '"').lower().split()


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


per_file = {}
for name in sorted(os.listdir(os.path.join(dev, "spine"))):
    root = ET.parse(os.path.join(dev, "spine", name)).getroot()
    for app in root.iter(TEI + "app"):
        for grp in app.iter(TEI + "rdgGrp"):
            toks = ast.literal_eval(grp.get("n", "[]"))
            for rdg in grp.iter(TEI + "rdg"):
                # A reading split over parts (segs __I, __M, __F) has one <ptr> per part: its
                # tokens count once per file.
                targets = {
                    ptr.get("target", "").split("#")[0].rsplit("/", 1)[-1]
                    for ptr in rdg.iter(TEI + "ptr")
                }
                for target in sorted(targets):
                    if target.endswith(".xml") and os.path.exists(os.path.join(dev, "tei", target)):
                        words = [w for t in toks for w in spine_words(t)]
                        per_file.setdefault(target, []).extend(words)

print("| file | spine tokens | extracted tokens | found in order (LCS) | in order | found (multiset) | found |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
tot_s = tot_f = tot_m = 0
for f in sorted(per_file):
    text = subprocess.run([lectio, "extract", os.path.join(dev, "tei", f)], capture_output=True, text=True, check=True).stdout
    ours = norm(text)
    spine = per_file[f]
    found = lcs(spine, ours)
    bag = Counter(ours)
    multi = sum(min(c, bag[w]) for w, c in Counter(spine).items())
    tot_s += len(spine)
    tot_f += found
    tot_m += multi
    print(f"| `{f}` | {len(spine)} | {len(ours)} | {found} | {100 * found / len(spine):.2f} % "
          f"| {multi} | {100 * multi / len(spine):.2f} % |")
print(f"| **all** | {tot_s} | | {tot_f} | **{100 * tot_f / tot_s:.2f} %** | {tot_m} "
      f"| **{100 * tot_m / tot_s:.2f} %** |")

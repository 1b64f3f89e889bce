#!/usr/bin/env python3
"""Score lectio's collation places against the Frankenstein Variorum's own collation (issue 16).

For every unit of the development set (default ../shared/frankenstein-dev, see its README):

1. extract each print witness's plain reading text from the TEI chapter files (a small stdlib
   XML pass: notes and deletions dropped, Thomas read after correction, paragraphs kept as
   blank lines), remembering where each spine seg (`C10_app59-f1818`) stands in that text;
2. run `lectio collate --format json` on the four texts;
3. compare lectio's variation places with the spine's *variant apps* (apps whose four
   print-witness readings differ as plain text).

Reported per unit:
- recall: share of spine variant apps overlapped by a lectio place in at least one witness
  (a lectio place that reads nothing in a witness covers the gap between its neighbours);
- seg-split misses: missed apps whose readings differ only by presence, where each witness that
  lacks the reading has it within 300 characters: the spine split a phrase all witnesses share
  (README: "apps 63-64 give 1831 nothing for 'became so ardent and eager'"); counted apart
  and left out of the recall's denominator in the `recall*` column;
- places and ratio: lectio places (variant columns) not case-only, over spine variant apps;
- case-only: lectio places whose readings differ only in letter case (the spine lower-cases
  tokens, so these have no counterpart there);
- cover: share of the witnesses' characters inside variant places, lectio's against the
  spine's (guards against a few huge places raising recall).

Python 3 standard library only. Usage:
    scripts/score-spine.py [--lectio target/release/lectio] [--data DIR] [--markdown]
        [-- extra lectio collate options]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
WITNESSES = ["f1818", "fThomas", "f1823", "f1831"]
FILES = {
    "f1818": ["f1818_vol_1_chapter_iii", "f1818_vol_1_chapter_iv", "f1818_vol_1_chapter_v"],
    "fThomas": [
        "fThomas_vol_1_chapter_iii",
        "fThomas_vol_1_chapter_iv",
        "fThomas_vol_1_chapter_v",
    ],
    "f1823": ["f1823_vol_1_chapter_iii", "f1823_vol_1_chapter_iv", "f1823_vol_1_chapter_v"],
    "f1831": ["f1831_chapter_iv", "f1831_chapter_v", "f1831_chapter_vi"],
}
SKIP = {"teiHeader", "note", "del", "del-INNER"}
BLOCK = {"p", "head", "lg", "div", "ab", "cit", "quote"}
LINE = {"l"}
SEG_ID = re.compile(r"^(C\d\d)_(app\d+)-(\w+?)(?:__[IMF])?$")
WINDOW = 300


class Extractor:
    """Plain text of one witness, split into units at collate anchors, with seg ranges."""

    def __init__(self):
        self.units = {}  # unit -> text
        self.segs = {}  # (unit, app) -> list of (start, end)
        self.unit = "C09"
        self.out = []
        self.len = 0
        self.pending = ""  # whitespace to emit before the next text: "", " ", "\n", "\n\n"
        self.open = []  # segs waiting for their start

    def flush_unit(self):
        self.units[self.unit] = "".join(self.out)
        self.out, self.len, self.pending = [], 0, ""

    def brk(self, s):
        if self.len and len(s) > len(self.pending):
            self.pending = s

    def text(self, t):
        if not t:
            return
        parts = re.split(r"(\s+)", t)
        for p in parts:
            if not p:
                continue
            if p.isspace():
                if self.len and not self.pending:
                    self.pending = " "
                continue
            if self.pending:
                self.out.append(self.pending)
                self.len += len(self.pending)
                self.pending = ""
            for seg in self.open:
                if seg[0] is None:
                    seg[0] = self.len
            self.out.append(p)
            self.len += len(p)

    def walk(self, el):
        tag = el.tag.replace(TEI, "")
        if tag in SKIP:
            self.text_tail(el)
            return
        if tag == "anchor" and el.get("type") == "collate":
            self.flush_unit()
            self.unit = el.get("{http://www.w3.org/XML/1998/namespace}id")
            self.text_tail(el)
            return
        if tag in BLOCK:
            self.brk("\n\n")
        elif tag in LINE:
            self.brk("\n")
        seg = None
        if tag == "seg":
            sid = el.get("{http://www.w3.org/XML/1998/namespace}id") or ""
            m = SEG_ID.match(sid)
            if m:
                seg = [None, None, (m.group(1), m.group(2))]
                self.open.append(seg)
        self.text(el.text)
        for child in el:
            self.walk(child)
        if seg is not None:
            self.open.remove(seg)
            start = self.len if seg[0] is None else seg[0]
            self.segs.setdefault((self.unit, seg[2][1]), []).append((start, self.len))
        if tag in BLOCK:
            self.brk("\n\n")
        elif tag in LINE:
            self.brk("\n")
        self.text_tail(el)

    def text_tail(self, el):
        self.text(el.tail)


def extract(data, wit):
    ex = Extractor()
    for name in FILES[wit]:
        root = ET.parse(os.path.join(data, "tei", name + ".xml")).getroot()
        body = root.find(f"{TEI}text/{TEI}body")
        for child in body:
            ex.walk(child)
        ex.brk("\n\n")
    ex.flush_unit()
    return ex


def norm(s):
    return " ".join(s.split())


def reading(ex, unit, app):
    text = ex.units[unit]
    return norm(" ".join(text[s:e] for s, e in ex.segs.get((unit, app), [])))


def spine_apps(data, unit):
    root = ET.parse(os.path.join(data, "spine", f"spine_{unit}.xml")).getroot()
    return [
        a.get("{http://www.w3.org/XML/1998/namespace}id").split("_", 1)[1]
        for a in root.iter(f"{TEI}app")
    ]


def run_lectio(lectio, texts, extra):
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for w in WITNESSES:
            p = os.path.join(d, w + ".txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(texts[w])
            paths.append(p)
        r = subprocess.run(
            [lectio, "collate", "--format", "json", *extra, *paths],
            capture_output=True,
            text=True,
        )
        if r.returncode not in (0, 1):
            sys.exit(f"lectio failed ({r.returncode}): {r.stderr}")
        return json.loads(r.stdout)


def lectio_places(doc, texts):
    """Per variant column: its readings and, per witness, its char range (empty: the gap)."""
    cursor = {w: 0 for w in WITNESSES}
    places = []
    for col in doc["table"]:
        ranges = {}
        for w, cell in zip(WITNESSES, col["cells"]):
            text = texts[w]
            if cell is None or not cell.get("t"):
                nxt = len(text)
                m = re.compile(r"\S").search(text, cursor[w])
                if m:
                    nxt = m.start()
                ranges[w] = (cursor[w], nxt, True)
                continue
            start = None
            for t in cell["t"]:
                i = text.find(t, cursor[w])
                if i < 0:
                    sys.exit(f"token {t!r} not found in {w} after {cursor[w]}")
                if start is None:
                    start = i
                cursor[w] = i + len(t)
            ranges[w] = (start, cursor[w], False)
        if col["variant"]:
            cells = [
                (c or {}).get("text", "") if isinstance(c, dict) else "" for c in col["cells"]
            ]
            places.append((cells, ranges))
    return places


def overlaps(a, b):
    s1, e1, g1 = a
    s2, e2, g2 = b
    if g1 or g2 or s1 == e1 or s2 == e2:
        return s1 <= e2 and s2 <= e1
    return s1 < e2 and s2 < e1


def position(ex, unit, app):
    """Where app stands in a witness: its seg, or the end of the nearest earlier app's seg."""
    segs = ex.segs.get((unit, app))
    if segs:
        return segs[0][0]
    n = int(app[3:])
    best = None
    for (u, a), ss in ex.segs.items():
        k = int(a[3:])
        if u == unit and k < n and (best is None or k > best[0]):
            best = (k, ss[-1][1])
    return None if best is None else best[1]


def seg_split(exs, unit, app, reads):
    present = {r for r in reads.values() if r}
    if len(present) != 1:
        return False
    r = next(iter(present)).lower()
    for w, v in reads.items():
        if v:
            continue
        p = position(exs[w], unit, app)
        if p is None:
            return False
        text = exs[w].units[unit]
        near = norm(text[max(0, p - WINDOW) : p + WINDOW]).lower()
        if r not in near:
            return False
    return True


def score(data, lectio, extra, show_misses=False):
    exs = {w: extract(data, w) for w in WITNESSES}
    rows = []
    for unit in ["C09", "C10", "C11", "C12"]:
        texts = {w: exs[w].units[unit] for w in WITNESSES}
        variant = []
        for app in spine_apps(data, unit):
            reads = {w: reading(exs[w], unit, app) for w in WITNESSES}
            if len(set(reads.values())) > 1:
                variant.append((app, reads))
        doc = run_lectio(lectio, texts, extra)
        places = lectio_places(doc, texts)
        case_only = sum(
            1 for cells, _ in places if len({c.lower() for c in cells}) == 1
        )
        hit = split = 0
        for app, reads in variant:
            found = False
            for w in WITNESSES:
                segs = exs[w].segs.get((unit, app), [])
                for s, e in segs:
                    gap = s == e
                    if any(overlaps((s, e, gap), r[w]) for _, r in places):
                        found = True
                        break
                if found:
                    break
            if found:
                hit += 1
            elif seg_split(exs, unit, app, reads):
                split += 1
                if show_misses:
                    print(f"{unit} {app} (seg split): {reads}", file=sys.stderr)
            elif show_misses:
                print(f"{unit} {app}: {reads}", file=sys.stderr)
        total = sum(len(t) for t in texts.values())
        lcov = sum(e - s for _, r in places for (s, e, g) in r.values() if not g)
        scov = sum(
            e - s
            for app, _ in variant
            for w in WITNESSES
            for s, e in exs[w].segs.get((unit, app), [])
        )
        n = len(variant)
        rows.append(
            {
                "unit": unit,
                "spine": n,
                "hit": hit,
                "split": split,
                "places": len(places) - case_only,
                "case": case_only,
                "lcov": lcov / total,
                "scov": scov / total,
            }
        )
    tot = {k: sum(r[k] for r in rows) for k in ("spine", "hit", "split", "places", "case")}
    tot["unit"] = "all"
    tot["lcov"] = sum(r["lcov"] for r in rows) / len(rows)
    tot["scov"] = sum(r["scov"] for r in rows) / len(rows)
    return rows + [tot]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--lectio", default=os.path.join(here, "..", "target", "release", "lectio"))
    ap.add_argument(
        "--data", default=os.path.join(here, "..", "..", "..", "shared", "frankenstein-dev")
    )
    ap.add_argument("--dump", help="write the extracted witness texts into this folder")
    ap.add_argument("--misses", action="store_true", help="list the missed spine apps")
    ap.add_argument("extra", nargs="*", help="extra `lectio collate` options (after --)")
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        a.data = "/work/shared/frankenstein-dev"
    if a.dump:
        os.makedirs(a.dump, exist_ok=True)
        for w in WITNESSES:
            ex = extract(a.data, w)
            for u, t in ex.units.items():
                with open(os.path.join(a.dump, f"{u}-{w}.txt"), "w", encoding="utf-8") as f:
                    f.write(t)
    rows = score(a.data, a.lectio, a.extra, a.misses)
    print("| unit | spine variant apps | hit | seg-split misses | recall | recall* "
          "| lectio places (not case-only) | case-only | ratio | cover lectio | cover spine |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        rec = r["hit"] / r["spine"]
        rec2 = r["hit"] / max(1, r["spine"] - r["split"])
        print(
            f"| {r['unit']} | {r['spine']} | {r['hit']} | {r['split']} | {rec:.3f} | {rec2:.3f} "
            f"| {r['places']} | {r['case']} | {r['places'] / r['spine']:.2f} "
            f"| {r['lcov']:.3f} | {r['scov']:.3f} |"
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score `lectio align --format json` output against a verse gold (bible-dev spans).

Usage: scripts/score-verses.py ALIGN.json SRC.spans.json TGT.spans.json

Gold: a source and a target sentence belong to one gold bead when they share a verse
(connected components over sentences and verses). The verse gold cannot say how sentences
inside one verse pair up, so predicted beads that lie inside one gold bead are merged before
scoring (strict: a merged bead must equal a gold bead; only beads non-empty on both sides
count, as in Sennrich & Volk 2011). Also prints the findings by kind and name findings per
100 source sentences.
"""
import json, sys, collections

def verse_of(sents, spans):
    """For every sentence, the set of verse keys it overlaps."""
    out = []
    k = 0
    for s in sents:
        vs = set()
        for (c, v, a, b) in spans:
            if a < s["end"] and b > s["start"]:
                vs.add((c, v))
        out.append(vs)
    return out

def main():
    d = json.load(open(sys.argv[1]))
    sspans = json.load(open(sys.argv[2]))
    tspans = json.load(open(sys.argv[3]))
    src = d["source"]["sentences"]
    t = d["translations"][0]
    tgt = t["target"]["sentences"]
    sv = verse_of(src, sspans)
    tv = verse_of(tgt, tspans)
    parent = {}
    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    def union(a, b):
        parent[find(a)] = find(b)
    for i, vs in enumerate(sv):
        find(("s", i))
        for v in vs:
            union(("s", i), ("v", v))
    for j, vs in enumerate(tv):
        find(("t", j))
        for v in vs:
            union(("t", j), ("v", v))
    comp = collections.defaultdict(lambda: (set(), set()))
    for i in range(len(src)):
        comp[find(("s", i))][0].add(i)
    for j in range(len(tgt)):
        comp[find(("t", j))][1].add(j)
    gold = {(tuple(sorted(a)), tuple(sorted(b))) for a, b in comp.values() if a and b}
    # merge predicted beads lying inside one gold component
    merged = []
    cur = None
    for b in t["beads"]:
        keys = {find(("s", i)) for i in b["src"]} | {find(("t", j)) for j in b["tgt"]}
        key = next(iter(keys)) if len(keys) == 1 else None
        if key is not None and cur is not None and cur[0] == key:
            cur[1].extend(b["src"]); cur[2].extend(b["tgt"])
        else:
            if cur: merged.append(cur)
            cur = [key, list(b["src"]), list(b["tgt"])]
    if cur: merged.append(cur)
    pred = {(tuple(sorted(s)), tuple(sorted(tt))) for _, s, tt in merged if s and tt}
    ok = len(pred & gold)
    p = ok / len(pred) if pred else 0
    r = ok / len(gold) if gold else 0
    f = 2 * p * r / (p + r) if p + r else 0
    kinds = collections.Counter(x["kind"] for x in t["findings"])
    names = kinds.get("name", 0)
    print(f"strict P {p:.4f} R {r:.4f} F1 {f:.4f} ({len(pred)} predicted, {len(gold)} gold)")
    print(f"findings {dict(sorted(kinds.items()))}; name findings per 100 source sentences: "
          f"{100 * names / max(1, len(src)):.2f}")

main()

"""The package is typed (inline annotations, py.typed, stubs of the native module): mypy
--strict accepts a notebook-style use of the whole API and infers the result types."""

import pytest

SNIPPET = '''
from pathlib import Path
from typing import Dict, List, Optional, Tuple
import lectio

d: lectio.Diff = lectio.diff("a b", Path("b.txt"), ignore=["case"])
kinds: List[str] = [v.kind for v in d.variants]
c: lectio.Collation = lectio.collate({"A": "x", "B": "y"}, near_match=True)
places: List[Dict[str, object]] = c.places
a: lectio.Alignment = lectio.align("One.", Path("x.txt"), "Uno.", source_lang="en")
beads: List[lectio.Bead] = a.pairs[0].beads
src: Tuple[int, ...] = a.beads[0].src
findings: List[lectio.Finding] = a.findings
tmx: str = a.to_tmx(pair=0)
v: lectio.Variants = lectio.variants({"A": "x", "B": Path("y")}, tree="upgma")
m: List[List[float]] = v.matrix
dist: float = v.distances[("A", "B")]
newick: str = v.newick
p: Optional[List[Dict[str, object]]] = v.places
s = lectio.Store("editions")
sa: lectio.Alignment = s.align("w/a", "w/b")
sv: lectio.Variants = s.variants(work="w", lang="en")
text: str = lectio.extract(Path("a.xml"), layer="ac", choose="diplomatic", keep=["note"])
tokens: str = lectio.extract("<TEI/>", format="json", input_format="tei", unclear="gap")
ct: lectio.Collation = lectio.collate([Path("a.xml"), Path("b.xml")], layers=True)
cm: lectio.Collation = lectio.collate({"A": Path("a.xml"), "B": "text"}, keep="fw")
dt: lectio.Diff = lectio.diff(Path("a.xml"), "b", input_format="text", granularity="word")
at: lectio.Alignment = lectio.align(Path("en.xml"), Path("es.xml"), layer="ac")
vt: lectio.Variants = lectio.variants([Path("a.xml"), Path("b.xml")], layer="ac")
record = s.add(Path("a.xml"), edition="w/a", input_format="tei")
words: int = record["record"]["words"]
se: str = s.extract("w/a", format="json")
'''


def test_mypy_strict_accepts_the_api(tmp_path):
    api = pytest.importorskip("mypy.api")
    f = tmp_path / "use.py"
    f.write_text(SNIPPET)
    out, err, code = api.run(["--strict", "--no-incremental", str(f)])
    assert code == 0, out + err

import json
from html.parser import HTMLParser

import pytest

import lectio

BLACK_CAT = {"A": "The black cat", "B": "The black and white cat", "C": "The black and green cat"}


@pytest.fixture(scope="module")
def letter_files(tmp_path_factory, letter):
    d = tmp_path_factory.mktemp("variants")
    out = []
    for name, text in letter.items():
        p = d / f"{name.replace('@', '-')}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def test_json_byte_for_byte_with_the_cli_on_the_letter(letter_files, cli):
    v = lectio.variants(letter_files)
    assert v.to_json().encode() == cli("variants", "--format", "json", *letter_files)
    assert v.to_newick().encode() == cli("variants", "--format", "newick", *letter_files)
    assert v.to_text().encode() == cli("variants", "--format", "text", *letter_files)
    assert v.to_html().encode() == cli("variants", "--format", "html", *letter_files)
    for t in ["pairs", "matrix", "places"]:
        assert v.to_csv(t).encode() == cli("variants", "--format", "csv", "--table", t,
                                           *letter_files), t


def test_options_as_the_cli(letter_files, cli):
    v = lectio.variants(letter_files, ignore=["case", "punctuation"], tree="upgma",
                        places=False, only=["substantive"])
    assert v.to_json().encode() == cli(
        "variants", "--format", "json", "--ignore", "case,punctuation", "--tree", "upgma",
        "--no-places", "--only", "substantive", *letter_files)
    assert v.places is None
    with pytest.raises(lectio.UsageError):
        v.to_csv("places")


def test_matrix_tree_newick():
    v = lectio.variants(BLACK_CAT)
    d = v.to_dict()
    assert v.sigla == ["A", "B", "C"]
    assert v.matrix == d["matrix"] and len(v.matrix) == 3
    assert all(v.matrix[i][i] == 0 for i in range(3))
    assert v.distances[("A", "B")] == v.distances[("B", "A")] > 0
    assert v.newick == d["newick"] and v.newick.endswith(";")
    assert all(s in v.newick for s in v.sigla)
    assert v.tree == d["tree"] and v.totals == d["totals"] and v.pairs == d["pairs"]
    assert bool(v)
    assert not lectio.variants({"A": "same text", "B": "same text"})


def test_witness_forms_and_errors(tmp_path):
    pairs = list(BLACK_CAT.items())
    assert lectio.variants(pairs).to_json() == lectio.variants(BLACK_CAT).to_json()
    p = tmp_path / "w.txt"
    p.write_text("The black cat")
    named = lectio.variants({"X": p, "B": BLACK_CAT["B"]})
    assert named.sigla == ["X", "B"]
    with pytest.raises(lectio.UsageError, match="at least two witnesses"):
        lectio.variants({"A": "only one"})
    with pytest.raises(lectio.UsageError):
        lectio.variants(BLACK_CAT, tree="nope")
    with pytest.raises(TypeError):
        lectio.variants(["a text without a siglum", "another"])


def test_places_of_collation_are_those_of_variants(letter_files):
    c = lectio.collate({p.stem: p.read_text(encoding="utf-8") for p in letter_files})
    v = lectio.variants(letter_files)
    assert c.places == v.places
    assert c.places and c.places[0]["n"] == 1 and c.places[0]["readings"][0]["lemma"]
    assert len(c.places) == len(c.apparatus)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_repr_html():
    v = lectio.variants(BLACK_CAT)
    assert v._repr_html_() == v.to_html()
    p = _Parser()
    p.feed(v._repr_html_())
    assert "html" in p.tags or "table" in p.tags


def test_store_variants_of_refs_and_of_a_work_as_the_cli(cli):
    from conftest import ROOT
    store = ROOT / "editions"
    s = lectio.Store(store)
    refs = ["politburo-1932/en-marxists@1", "politburo-1932/en-marxists@2",
            "politburo-1932/en-emended"]
    v = s.variants(*refs)
    assert v.to_json().encode() == cli("--store", store, "variants", "--format", "json", *refs)
    w = s.variants(work="politburo-1932", lang="en", tree="upgma")
    assert w.to_json().encode() == cli("--store", store, "variants", "--format", "json",
                                       "--work", "politburo-1932", "--lang", "en",
                                       "--tree", "upgma")
    with pytest.raises(lectio.LectioError, match="no work"):
        s.variants(work="no-such-work")
    with pytest.raises(TypeError):
        s.variants(*refs, work="politburo-1932")


def test_releases_the_gil_while_comparing():
    """Python code in another thread runs while the comparison runs: with the GIL held, the
    main thread could not finish its loop before the call returned."""
    import random
    import threading
    import time

    rng = random.Random(1)
    base = [f"w{rng.randrange(5000)}" for _ in range(100000)]
    ws = {}
    for k in "ABC":
        t = list(base)
        for i in range(0, len(t), 50):
            t[i] = f"x{rng.randrange(9999)}"
        ws[k] = " ".join(t)
    lectio.variants(ws, places=False)  # warm up
    started = time.monotonic()
    returned = []

    def work():
        lectio.variants(ws, places=False)
        returned.append(time.monotonic())

    worker = threading.Thread(target=work)
    worker.start()
    time.sleep(0.02)
    sum(range(100000))
    done = time.monotonic()
    worker.join()
    took = returned[0] - started
    if took < 0.15:
        pytest.skip(f"the comparison took only {took:.3f}s here: too short to tell")
    assert done + 0.05 < returned[0], (done - started, took)

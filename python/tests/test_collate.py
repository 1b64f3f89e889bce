import json

import pytest

import lectio

BLACK_CAT = {"A": "The black cat", "B": "The black and white cat", "C": "The black and green cat"}


def test_table_and_apparatus():
    c = lectio.collate({"A": "The black cat", "B": "The white cat", "C": "The black dog"})
    assert c.sigla == ["A", "B", "C"] and bool(c)
    texts = [[cell and cell["text"] for cell in col["cells"]] for col in c.table]
    # Block placement (the default, #16): the witnesses share too few content words after
    # "The" for word-level places, so the rest is one place with each witness's whole reading.
    assert ["The", "The", "The"] in texts
    assert ["black cat", "white cat", "black dog"] in texts
    assert [e["kind"] for e in c.apparatus] == ["substitution"]
    lemma = c.apparatus[0]["readings"][0]
    assert lemma["lemma"] and lemma["text"] == "black cat" and lemma["witnesses"] == ["A"]


def test_witness_forms_agree():
    pairs = list(BLACK_CAT.items())
    cx = {"witnesses": [{"id": k, "content": v} for k, v in pairs]}
    one = lectio.collate(BLACK_CAT).to_json()
    assert lectio.collate(pairs).to_json() == one
    assert lectio.collate(cx).to_json() == one


def test_order_independent():
    fwd = lectio.collate(BLACK_CAT)
    rev = lectio.collate(dict(reversed(list(BLACK_CAT.items()))), base="A")

    def places(c):
        return [sorted((r["text"], sorted(r["witnesses"])) for r in e["readings"]) for e in c.apparatus]

    assert places(fwd) == places(rev)


def test_options():
    c = lectio.collate({"A": "The Cat", "B": "the cat"}, ignore=["case"])
    assert not c
    s = lectio.collate(BLACK_CAT, segmentation=False)
    assert len(s.table) > len(lectio.collate(BLACK_CAT).table)
    assert lectio.collate(BLACK_CAT, base="B").to_dict()["base"] == "B"
    near = lectio.collate({"A": "the colour red", "B": "the color blue"}, near_match=True)
    assert near.to_dict()["witnesses"][0]["siglum"] == "A"


def test_pretokenized_keeps_properties():
    d = {"witnesses": [
        {"id": "A", "tokens": [{"t": "The ", "n": "the", "page": 1}, {"t": "cat", "page": 1}]},
        {"id": "B", "tokens": [{"t": "the ", "n": "the", "page": 7}, {"t": "dog", "page": 7}]},
    ]}
    c = lectio.collate(d)
    doc = json.loads(c.to_collatex_json())
    assert doc["witnesses"] == ["A", "B"]
    assert doc["table"][0][0][0]["page"] == 1 and doc["table"][1][0][0]["page"] == 7


def test_errors():
    # One witness is a valid collation: a one-row table (#16).
    one = lectio.collate({"A": "only one"})
    assert one.sigla == ["A"] and not one.apparatus
    with pytest.raises(lectio.UsageError, match="not among"):
        lectio.collate(BLACK_CAT, base="Z")
    with pytest.raises(lectio.UsageError, match="unknown name"):
        lectio.collate(BLACK_CAT, ignore=["spelling"])
    with pytest.raises(lectio.InputError):
        lectio.collate({"witnesses": [{"id": "A"}, {"id": "B", "content": "x"}]})
    with pytest.raises(TypeError):
        lectio.collate([("A", 1), ("B", "x")])


def test_formats():
    c = lectio.collate(BLACK_CAT)
    assert c.to_tei().lstrip().startswith("<")
    assert "<app" in c.to_tei()
    assert c.to_csv().splitlines()[0].split(",")[:3] == ["A", "B", "C"] or "A" in c.to_csv()
    assert "\t" in c.to_tsv()
    assert "<html" in c.to_html().lower()
    assert c._repr_html_() == c.to_html()
    assert "digraph" in c.to_dot()
    assert "graphml" in c.to_graphml()
    assert str(c).startswith("A |")
    with pytest.raises(lectio.UsageError):
        c.render("pdf")


def test_json_equals_cli_byte_for_byte(cli, letter, tmp_path):
    cases = [
        {"witnesses": [{"id": k, "content": v} for k, v in BLACK_CAT.items()]},
        {"witnesses": [{"id": "A", "tokens": [{"t": "The ", "x": 1}, {"t": "cat"}]},
                       {"id": "B", "tokens": [{"t": "A "}, {"t": "cat", "n": "cat"}]}]},
        {"witnesses": [{"id": n, "content": t} for n, t in letter.items()]},
    ]
    for i, d in enumerate(cases):
        path = tmp_path / f"d{i}.json"
        path.write_text(json.dumps(d), encoding="utf-8")
        for fmt, method in [("json", "to_json"), ("collatex", "to_collatex_json"),
                            ("tei", "to_tei"), ("csv", "to_csv")]:
            want = cli("collate", "--input", path, "--format", fmt)
            got = getattr(lectio.collate(d), method)()
            assert got.encode() == want, (i, fmt)

import json

import pytest

from lectio import UsageError
from lectio.collatex import AlignmentTable, Collation, collate


def black_cat():
    # CollateX's README example.
    collation = Collation()
    collation.add_plain_witness("A", "The black cat")
    collation.add_plain_witness("B", "The black and white cat")
    collation.add_plain_witness("C", "The black and green cat")
    return collation


def test_readme_black_cat_table():
    table = collate(black_cat())
    assert isinstance(table, AlignmentTable)
    lines = str(table).splitlines()
    assert lines[0].split("|")[0].strip() == "A"
    # CollateX's shape: a row per witness, "-" for a gap. lectio segments where the set of
    # agreeing witnesses changes, so "and" (B and C agree) is a column apart from
    # "white"/"green" (CollateX prints "and white" / "and green"; python/README.md).
    # Adjacent places share one column (#16), as CollateX prints "and white" / "and green".
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in lines[:3]]
    assert cells[0] == ["The black", "-", "cat"]
    assert cells[1] == ["The black", "and white", "cat"]
    assert cells[2] == ["The black", "and green", "cat"]


def test_readme_black_cat_json_shape():
    doc = json.loads(collate(black_cat(), output="json", segmentation=False))
    assert doc["witnesses"] == ["A", "B", "C"]
    rows = doc["table"]
    assert len(rows) == 3 and len({len(r) for r in rows}) == 1
    assert [tok["t"].strip() for cell in rows[1] for tok in cell] == \
        ["The", "black", "and", "white", "cat"]
    assert rows[0][2] is None  # A has no "and"
    assert rows[1][2][0]["n"] == "and"


def test_create_from_dict_pretokenized():
    data = {"witnesses": [
        {"id": "A", "tokens": [{"t": "A", "ref": 123}, {"t": "black"}, {"t": "cat"}]},
        {"id": "B", "tokens": [{"t": "A"}, {"t": "white", "adj": True}, {"t": "cat"}]},
    ]}
    c = Collation.create_from_dict(data)
    assert c.get_sigla() == ["A", "B"]
    doc = json.loads(collate(c, output="json", segmentation=False))
    assert doc["table"][0][0][0]["ref"] == 123
    assert doc["table"][1][1][0]["adj"] is True


def test_outputs_and_layout():
    c = black_cat()
    vertical = str(collate(c, layout="vertical"))
    assert vertical != str(collate(c))
    assert "<app" in collate(c, output="tei") and collate(c, output="xml") == collate(c, output="tei")
    assert "\t" in collate(c, output="tsv")
    assert "," in collate(c, output="csv")
    assert "<html" in collate(c, output="html").lower()
    assert collate(c, output="json", indent=True).startswith("{\n")
    rows = collate(c).rows
    assert len(rows) == 3
    with pytest.raises(UsageError):
        collate(c, output="svg")
    with pytest.raises(UsageError):
        collate(c, layout="diagonal")

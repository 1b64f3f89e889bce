import json
import os
import threading
from pathlib import Path

import pytest

import lectio


def test_variants_kind_class_readings_spans():
    d = lectio.diff("The black cat sat.", "The white cat sat down.")
    assert bool(d) and len(d) == 2
    v = d.variants
    assert [(x.kind, x.class_, x.readings) for x in v] == [
        ("substitution", "substantive", ("black", "white")),
        ("addition", "substantive", ("", "down")),
    ]
    assert v[0]["class"] == "substantive"
    assert v[0].spans == ((4, 9), (4, 9))
    assert (v[1].new.line, v[1].new.column) == (1, 19)
    assert d.stats["variants"] == 2
    assert d.stats["kind"]["addition"] == 1


def test_no_variants_is_falsy():
    d = lectio.diff("same text", "same\ntext")
    assert not d and len(d) == 0 and d.variants == []


def test_ignore_case_and_only():
    assert not lectio.diff("Stalin wrote", "stalin wrote", ignore=["case"])
    d = lectio.diff("Stalin wrote it", "stalin wrote that", only="case")
    assert [v.class_ for v in d.variants] == ["case"]


def test_regularize_dict_and_text():
    assert lectio.diff("the colour", "the color")
    # A regularized pair stays, classed spelling (README, docs/diff-json.md; #16).
    for reg in ({"colour": "color"}, "colour = color\n"):
        d = lectio.diff("the colour", "the color", regularize=reg)
        assert [v["class"] for v in d.variants] == ["spelling"]
    assert not lectio.diff("the colour", "the color", ignore=["spelling"], regularize="colour = color\n")


def test_algorithms():
    for algorithm in ("myers", "patience", "histogram"):
        d = lectio.diff("a b c d", "a c b d", algorithm=algorithm)
        assert d.to_dict()["algorithm"] == algorithm


def test_errors():
    with pytest.raises(lectio.UsageError, match="unknown algorithm"):
        lectio.diff("a", "b", algorithm="quick")
    with pytest.raises(lectio.UsageError, match="unknown name"):
        lectio.diff("a", "b", ignore=["colour"])
    with pytest.raises(lectio.LectioError, match="no-such-file.txt"):
        lectio.diff(Path("no-such-file.txt"), "b")
    with pytest.raises(lectio.InputError, match="regularize:1"):
        lectio.diff("a", "b", regularize="colour =")  # a rule with an empty side
    with pytest.raises(TypeError):
        lectio.diff(1, "b")
    assert issubclass(lectio.InputError, lectio.LectioError)


def test_json_equals_cli_byte_for_byte(cli, tmp_path):
    a = tmp_path / "A.txt"
    b = tmp_path / "B.txt"
    a.write_text("The black cat\nsat on the mat.\n", encoding="utf-8")
    b.write_text("The white cat sat\non the Mat, and slept.\n", encoding="utf-8")
    for opts, kw in [([], {}), (["--ignore", "case"], {"ignore": ["case"]}),
                     (["--only", "substantive"], {"only": ["substantive"]})]:
        want = cli("diff", "A.txt", "B.txt", "--format", "json", *opts, cwd=tmp_path)
        # Files are read relative to the working directory, as the CLI reads them.
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            got = lectio.diff(Path("A.txt"), Path("B.txt"), **kw).to_json()
        finally:
            os.chdir(cwd)
        assert got.encode() == want
    # Texts with labels give the same document as files with those names.
    got = lectio.diff(a.read_text(), b.read_text(), labels=("A.txt", "B.txt")).to_json()
    doc = json.loads(got)
    assert doc["old"]["label"] == "A.txt" and doc["variants"] == json.loads(want)["variants"]


def test_letter_parity(cli, letter, tmp_path):
    for name, text in letter.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    want = cli("diff", "en-marxists@1.txt", "en-emended@1.txt", "--format", "json", cwd=tmp_path)
    got = lectio.diff(letter["en-marxists@1"], letter["en-emended@1"],
                      labels=("en-marxists@1.txt", "en-emended@1.txt")).to_json()
    assert got.encode() == want
    assert len(json.loads(got)["variants"]) > 3


def test_other_formats_and_html_repr(cli, tmp_path):
    d = lectio.diff("The black cat", "The white cat")
    assert "black" in d.to_text() and "white" in d.to_text()
    assert d.to_csv().splitlines()[0].startswith("kind")
    assert "\t" in d.to_tsv()
    assert "[-black-]{+white+}" in d.to_word_diff()
    assert "1 variant" in d.stat()
    html = d._repr_html_()
    from html.parser import HTMLParser

    class P(HTMLParser):
        tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    p = P()
    p.feed(html)
    assert "html" in p.tags and "body" in p.tags
    assert "white" in html and "http://" not in html.replace("http://www.w3.org", "")


def test_releases_the_gil():
    a = " ".join(f"w{i}" for i in range(20000))
    b = a.replace("w5 ", "x5 ")
    results = []

    def work():
        results.append(len(lectio.diff(a, b)))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1, 1, 1]


def test_every_ignore_name_of_the_cli_gives_the_cli_json(cli, tmp_path):
    # One table in the library (lectio::diff::ignore) serves both: the names the CLI lists are
    # the names the binding accepts, and each gives the CLI's JSON.
    help_text = cli("diff", "--help").decode()
    section = help_text.split("--ignore <NAME>")[1].split("Possible values:")[1]
    names = [line.split(":")[0].strip()[2:] for line in section.split("\n\n")[0].strip()
             .splitlines() if line.strip().startswith("- ")]
    assert "case" in names and "substantive" in names and len(names) == 10
    a, b = "Stalin wrote the colour, café.\n", "stalin wrote a color cafe\n"
    (tmp_path / "a.txt").write_text(a)
    (tmp_path / "b.txt").write_text(b)
    for name in names:
        want = cli("diff", "--ignore", name, "--format", "json", "a.txt", "b.txt", cwd=tmp_path)
        got = lectio.diff(a, b, labels=("a.txt", "b.txt"), ignore=[name]).to_json()
        assert json.loads(got) == json.loads(want), name

"""TEI XML witnesses through the Python API (#17, #20): read as the CLI reads them
(recognised, or by input_format; layer, choose, keep, unclear), with pages and lines kept in
the collation, and compared with the CLI's output byte for byte. Real data: the Frankenstein
Variorum's TEI chapters (/work/shared/frankenstein-dev, or LECTIO_SHARED); small files of our
own for each option."""

import json
import os
from pathlib import Path

import pytest

import lectio

from conftest import ROOT

SHARED = Path(os.environ.get("LECTIO_SHARED") or ROOT.parent / "shared")
FRANK = SHARED / "frankenstein-dev" / "tei"

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Header words</title></titleStmt></fileDesc></teiHeader>
  <text><body>
    <pb n="7"/>
    <p>It was <choice><sic>teh</sic><corr>the</corr></choice> <del>old</del><add>new</add>
    suc<pb n="8"/>cess of <choice><abbr>Dr.</abbr><expan>Doctor</expan></choice> Smith<note>a
    note</note>.</p>
    <fw type="header">RUNNING HEAD</fw>
    <p>A <gap reason="illegible"/> word and an <unclear>unclear</unclear> one.</p>
  </body></text>
</TEI>
"""

OTHER = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>
<pb n="1"/><p>It was the new suc<lb n="2"/>cess of Doctor Jones.</p>
<p>A little word and an unclear one.</p>
</body></text></TEI>
"""


@pytest.fixture()
def tei(tmp_path):
    a = tmp_path / "a.xml"
    b = tmp_path / "b.xml"
    a.write_text(TEI, encoding="utf-8")
    b.write_text(OTHER, encoding="utf-8")
    return a, b


def frank(name):
    p = FRANK / name
    if not p.is_file():
        pytest.skip(f"the Frankenstein dev set is missing at {FRANK}")
    return p


OPTIONS = [
    ({}, []),
    ({"layer": "ac"}, ["--layer", "ac"]),
    ({"choose": "diplomatic"}, ["--choose", "diplomatic"]),
    ({"keep": ["note", "fw"]}, ["--keep", "note,fw"]),
    ({"keep": "note"}, ["--keep", "note"]),
    ({"unclear": "gap"}, ["--unclear", "gap"]),
    ({"input_format": "text"}, ["--input-format", "text"]),
    ({"layer": "ac", "choose": "diplomatic", "keep": ("fw",)},
     ["--layer", "ac", "--choose", "diplomatic", "--keep", "fw"]),
]


@pytest.mark.parametrize("kw,flags", OPTIONS)
def test_extract_as_the_cli(cli, tei, kw, flags):
    a, _ = tei
    for fmt in ("text", "json"):
        expected = cli("extract", a, "--format", fmt, *flags).decode()
        assert lectio.extract(a, format=fmt, **kw) == expected
    # Text given as a str reads the same; the JSON names it by its label.
    assert lectio.extract(TEI, **kw) == cli("extract", a, *flags).decode()
    doc = json.loads(lectio.extract(TEI, format="json", label=str(a), **kw))
    assert doc == json.loads(cli("extract", a, "--format", "json", *flags))


def test_extract_rules_and_locations(tei):
    a, _ = tei
    text = lectio.extract(a)
    assert "the new success of Doctor Smith." in text
    assert "teh" not in text and "old" not in text and "note" not in text
    assert "Header" not in text and "RUNNING" not in text and "<" not in text
    ac = lectio.extract(a, layer="ac", choose="diplomatic")
    assert "teh old success of Dr. Smith" in ac and "new" not in ac
    assert "a note" in lectio.extract(a, keep=["note"])
    doc = json.loads(lectio.extract(a, format="json"))
    assert doc["input_format"] == "tei" and doc["source"] == str(a)
    success = next(t for t in doc["tokens"] if t["t"] == "success")
    assert success["loc"]["page"] == "7"  # the word starts on page 7, across the break
    smith = next(t for t in doc["tokens"] if t["t"] == "Smith")
    assert smith["loc"]["page"] == "8" and smith["loc"]["xml_line"] == 7
    assert len(doc["lacunae"]) == 1
    plain = json.loads(lectio.extract("just words", format="json"))
    assert plain["input_format"] == "text" and plain["tokens"][0]["loc"] is None
    assert lectio.extract("just words\n") == "just words\n"


def test_extract_frankenstein_thomas_layers(cli):
    f = frank("fThomas_vol_1_chapter_iv.xml")
    for flags, kw in (([], {}), (["--layer", "ac"], {"layer": "ac"})):
        assert lectio.extract(f, format="json", **kw) == \
            cli("extract", f, "--format", "json", *flags).decode()
    assert lectio.extract(f) != lectio.extract(f, layer="ac")


def test_option_names_are_checked(tei):
    a, _ = tei
    for kw, name in (({"layer": "xx"}, "layer"), ({"choose": "both"}, "choose"),
                     ({"input_format": "xml"}, "input_format"), ({"keep": ["head"]}, "keep"),
                     ({"unclear": "drop"}, "unclear")):
        with pytest.raises(lectio.UsageError, match=name):
            lectio.extract(a, **kw)
        with pytest.raises(lectio.UsageError, match=name):
            lectio.diff(a, a, **kw)
    with pytest.raises(lectio.UsageError, match="format"):
        lectio.extract(a, format="xml")


def test_invalid_and_refused_xml_are_input_errors_with_the_cli_message(cli_error, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a <b>b</p>'
                   '</body></text></TEI>\n', encoding="utf-8")
    code, err = cli_error("extract", bad)
    assert code == 2
    message = err.strip().removeprefix("error: ")
    assert message.startswith(f"{bad}:1:") and "invalid XML" in message
    with pytest.raises(lectio.InputError) as e:
        lectio.extract(bad)
    assert str(e.value) == message
    with pytest.raises(lectio.InputError) as e:
        lectio.diff(bad, "x")
    assert str(e.value) == message
    with pytest.raises(lectio.InputError):
        lectio.collate([bad, bad])
    lol = tmp_path / "lol.xml"
    lol.write_text('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                   '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&b;</p></body>'
                   '</text></TEI>', encoding="utf-8")
    code, err = cli_error("extract", lol, "--input-format", "tei")
    with pytest.raises(lectio.InputError) as e:
        lectio.extract(lol, input_format="tei")
    assert code == 2 and str(e.value) == err.strip().removeprefix("error: ")
    assert "refused" in str(e.value)
    # Not TEI: read as text unless told otherwise.
    assert lectio.extract("<p>not TEI</p>") == "<p>not TEI</p>"
    with pytest.raises(lectio.InputError):
        lectio.extract("<p>a</b>", input_format="tei")


@pytest.mark.parametrize("kw,flags", OPTIONS)
def test_diff_reads_tei_as_the_cli(cli, tei, kw, flags):
    a, b = tei
    d = lectio.diff(a, b, **kw)
    assert d.to_json() == cli("diff", a, b, "--format", "json", *flags).decode()
    assert d.to_apparatus() == cli("diff", a, b, "--format", "apparatus", *flags).decode()


def test_diff_of_tei_text_compares_reading_texts(tei):
    a, _ = tei
    assert not lectio.diff(TEI, a.read_text(encoding="utf-8").replace("  ", "\t"))
    # Markup alone changed: no variant.
    marked = TEI.replace("Smith", "<hi rend='italic'>Smith</hi>")
    assert not lectio.diff(TEI, marked)
    assert lectio.diff(TEI, marked, input_format="text")
    d = lectio.diff(TEI, TEI, layer="ac")
    assert not d
    assert [v.readings for v in lectio.diff(lectio.extract(TEI, layer="ac"),
                                            lectio.extract(TEI)).variants]


def test_diff_frankenstein_as_the_cli(cli):
    a, b = frank("f1818_vol_1_chapter_iv.xml"), frank("fThomas_vol_1_chapter_iv.xml")
    for kw, flags in (({}, []), ({"layer": "ac"}, ["--layer", "ac"])):
        d = lectio.diff(a, b, **kw)
        assert d.to_json() == cli("diff", a, b, "--format", "json", *flags).decode()
    assert len(lectio.diff(a, b, layer="ac")) < len(lectio.diff(a, b))


def _cites(c):
    return [r.get("cites") or r.get("loc") for e in c.to_dict()["apparatus"] for r in e["readings"]]


@pytest.mark.parametrize("kw,flags", OPTIONS[:4] + [({"layers": True}, ["--layers"])])
def test_collate_tei_files_as_the_cli(cli, tei, kw, flags):
    a, b = tei
    c = lectio.collate([a, b], **kw)
    for fmt in ("json", "apparatus", "tei", "collatex"):
        assert c.render(fmt) == cli("collate", a, b, "--format", fmt, *flags).decode(), fmt


def test_collate_keeps_pages_and_lines(tei):
    a, b = tei
    c = lectio.collate([a, b])
    assert c.sigla == ["a", "b"]
    assert "p. 8" in c.to_apparatus() and "p. 1" in c.to_apparatus()
    # The same texts without their markup cite nothing.
    plain = lectio.collate({"a": lectio.extract(a), "b": lectio.extract(b)})
    assert "p. 8" not in plain.to_apparatus()
    # TEI given as text is recognised too, and keeps its pages.
    as_text = lectio.collate({"a": TEI, "b": OTHER})
    assert "p. 8" in as_text.to_apparatus()
    assert lectio.collate({"A": a, "B": b}).sigla == ["A", "B"]
    # The lacuna of <gap/> is lac., never om.
    app = c.to_apparatus()
    assert "lac." in app


def test_collate_layers(tei):
    a, b = tei
    c = lectio.collate([a, b], layers=True)
    assert c.sigla == ["a-ac", "a-pc", "b"]
    one = lectio.collate([a, b], layers=True, layer="ac")
    assert one.sigla == c.sigla
    assert lectio.collate({"x": "no revisions", "y": "none"}, layers=True).sigla == ["x", "y"]


def test_collate_frankenstein_as_the_cli(cli):
    files = [frank(f"{w}_vol_1_chapter_iv.xml") for w in ("f1818", "fThomas", "f1823")]
    c = lectio.collate(files)
    assert c.to_json() == cli("collate", *files, "--format", "json").decode()
    assert c.to_apparatus() == cli("collate", *files, "--format", "apparatus").decode()
    assert "[p. " in c.to_apparatus()
    lay = lectio.collate(files, layers=True)
    assert lay.sigla == ["f1818_vol_1_chapter_iv", "fThomas_vol_1_chapter_iv-ac",
                         "fThomas_vol_1_chapter_iv-pc", "f1823_vol_1_chapter_iv"]
    assert lay.to_json() == cli("collate", *files, "--layers", "--format", "json").decode()


@pytest.mark.parametrize("kw,flags", OPTIONS[:3] + OPTIONS[5:6])
def test_variants_tei_as_the_cli(cli, tei, kw, flags):
    a, b = tei
    v = lectio.variants([a, b], **kw)
    assert v.to_json() == cli("variants", a, b, "--format", "json", *flags).decode()


def test_variants_frankenstein_as_the_cli(cli):
    files = [frank(f"{w}_vol_1_chapter_iv.xml") for w in ("f1818", "fThomas", "f1823")]
    v = lectio.variants(files, places=False)
    assert v.to_json() == cli("variants", *files, "--no-places", "--format", "json").decode()


def test_align_tei_as_the_cli(cli, tmp_path):
    en = tmp_path / "en-text.xml"
    es = tmp_path / "es-text.xml"
    en.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><title>T'
                  '</title></fileDesc></teiHeader><text><body><p>The cat sat on the mat. '
                  'It was <del>very</del> happy.</p><p>Then it slept.</p></body></text></TEI>',
                  encoding="utf-8")
    es.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>El gato se sentó '
                  'en la alfombra. Estaba <add>muy</add> contento.</p><p>Luego durmió.</p>'
                  '</body></text></TEI>', encoding="utf-8")
    for kw, flags in (({}, []), ({"layer": "ac"}, ["--layer", "ac"])):
        a = lectio.align(en, es, **kw)
        assert a.to_json() == cli("align", en, es, "--format", "json", *flags).decode()
    assert "<" not in lectio.align(en, es).to_text()
    assert "T" not in [s.strip() for s in lectio.align(en, es).source_sentences]


def test_store_add_tei_as_the_cli(cli, cli_error, tei, tmp_path):
    a, _ = tei
    ours = lectio.Store(tmp_path / "ours")
    ours.init()
    cli("--store", tmp_path / "theirs", "init")
    got = ours.add(a, edition="w/tei", lang="en", kind="transcription")
    theirs = json.loads(cli("--store", tmp_path / "theirs", "add", a, "--edition", "w/tei",
                            "--lang", "en", "--kind", "transcription", "--format", "json"))
    # The reading text's words, not the markup's.
    words = len(lectio.extract(a).split())
    assert got["record"]["words"] == theirs["record"]["words"] == words
    assert got["hash"] == theirs["hash"]
    assert ours.cat_bytes("w/tei") == a.read_bytes()  # stored byte for byte
    as_text = ours.add(a, edition="w/text", lang="en", kind="transcription",
                       input_format="text")
    theirs_text = json.loads(cli("--store", tmp_path / "theirs", "add", a, "--edition",
                                 "w/text", "--lang", "en", "--kind", "transcription",
                                 "--input-format", "text", "--format", "json"))
    assert as_text["record"]["words"] == theirs_text["record"]["words"] > words
    plain = tmp_path / "plain.txt"
    plain.write_text("One two three four.\n", encoding="utf-8")
    p = ours.add(plain, edition="w/plain", lang="en", kind="original")
    assert p["record"]["words"] == json.loads(cli(
        "--store", tmp_path / "theirs", "add", plain, "--edition", "w/plain", "--lang", "en",
        "--kind", "original", "--format", "json"))["record"]["words"]


def test_store_add_refuses_invalid_tei_as_the_cli(cli, cli_error, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a <b>b</p>'
                   '</body></text></TEI>\n', encoding="utf-8")
    notxml = tmp_path / "x.txt"
    notxml.write_text("<p>a</b>\n", encoding="utf-8")
    ours = lectio.Store(tmp_path / "ours")
    ours.init()
    cli("--store", tmp_path / "theirs", "init")
    for path, flags, kw in ((bad, [], {}), (notxml, ["--input-format", "tei"],
                                            {"input_format": "tei"})):
        code, err = cli_error("--store", tmp_path / "theirs", "add", path, "--edition", "w/e",
                              "--lang", "en", "--kind", "original", *flags)
        assert code == 2
        with pytest.raises(lectio.InputError) as e:
            ours.add(path, edition="w/e", lang="en", kind="original", **kw)
        assert str(e.value) == err.strip().removeprefix("error: ")
    assert ours.list() == json.loads(cli("--store", tmp_path / "theirs", "list", "--format",
                                         "json")) or not ours.list()["editions"]
    # Stored as text when told so, as the CLI does.
    ours.add(bad, edition="w/e", lang="en", kind="original", input_format="text")
    assert ours.cat_bytes("w/e") == bad.read_bytes()
    with pytest.raises(lectio.UsageError, match="input_format"):
        ours.add(bad, edition="w/f", lang="en", kind="original", input_format="xml")


def test_store_extract_and_stored_tei(cli, tei, tmp_path):
    a, b = tei
    store = lectio.Store(tmp_path / "st")
    store.init()
    store.add(a, edition="w/a", lang="en", kind="transcription")
    store.add(b, edition="w/b", lang="en", kind="transcription")
    assert store.extract("w/a") == lectio.extract(a)
    assert store.extract("w/a", format="json", layer="ac") == cli(
        "--store", tmp_path / "st", "extract", "w/a", "--format", "json", "--layer", "ac").decode()
    v = store.variants("w/a", "w/b")
    assert v.to_json() == cli("--store", tmp_path / "st", "variants", "w/a", "w/b",
                              "--format", "json").decode()
    assert store.variants(work="w", layer="ac").to_json() == cli(
        "--store", tmp_path / "st", "variants", "--work", "w", "--layer", "ac",
        "--format", "json").decode()


@pytest.mark.parametrize("granularity", ["block", "word"])
def test_granularity_as_the_cli(cli, tei, granularity):
    a, b = tei
    flags = ["--input-format", "text", "--granularity", granularity]
    d = lectio.diff(a, b, input_format="text", granularity=granularity)
    assert d.to_json() == cli("diff", a, b, "--format", "json", *flags).decode()
    c = lectio.collate([a, b], granularity=granularity)
    assert c.to_json() == cli("collate", a, b, "--format", "json", "--granularity",
                              granularity).decode()
    with pytest.raises(lectio.UsageError, match="granularity"):
        lectio.diff(a, b, granularity="line")

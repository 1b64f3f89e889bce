import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

import lectio

from conftest import ROOT

EN = ("History has again arrived at one of its great turning points. In 1932 Germany decides "
      "the fate of the Comintern.\n\nStalin weighed the pro's and con's. The pro's were obvious "
      "& clear <always>.\n")
ES = ("La historia llegó nuevamente a uno de sus momentos decisivos. En 1932 Alemania decide la "
      "suerte de la Comintern.\n\nStalin sopesó los pros y los contras. Los pros eran obvios y "
      "claros <siempre>.\n")
# tests/cli/align.rs: the translation leaves out source sentence 2.
GAP_EN = ("In 1901 the railway reached the valley. In 1902 the first hotel opened its doors. "
          "The guides of the village, poor farmers until then, suddenly found themselves in "
          "demand by wealthy visitors from abroad. In 1905 a school was built. In 1910 the "
          "church got a new bell.\n")
GAP_ES = ("En 1901 el ferrocarril llegó al valle. En 1902 abrió sus puertas el primer hotel. "
          "En 1905 se construyó una escuela. En 1910 la iglesia recibió una campana nueva.\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory, cli):
    d = tmp_path_factory.mktemp("align")
    store = ROOT / "editions"
    out = {}
    for name in ["en-marxists", "es-ceip", "ru-iskra"]:
        p = d / f"{name}.txt"
        p.write_bytes(cli("--store", store, "cat", f"politburo-1932/{name}"))
        out[name] = p
    (d / "en.txt").write_text(EN)
    (d / "es.txt").write_text(ES)
    out["en"], out["es"] = d / "en.txt", d / "es.txt"
    return out


def test_json_byte_for_byte_with_the_cli_on_the_letter(files, cli):
    en, es = files["en-marxists"], files["es-ceip"]
    a = lectio.align(en, es)
    assert a.to_json().encode() == cli("align", "--format", "json", en, es)
    # The partial Spanish translation leaves an omission (tests/cli/align.rs).
    assert any(f.kind == "omission" for f in a.findings)
    assert bool(a)


def test_several_translations_and_their_pairs(files, cli):
    en, es, ru = files["en-marxists"], files["es-ceip"], files["ru-iskra"]
    a = lectio.align(ru, en, es)
    assert a.to_json().encode() == cli("align", "--format", "json", ru, en, es)
    assert [p.label for p in a.pairs] == [str(en), str(es)]
    with pytest.raises(ValueError):
        a.beads
    with pytest.raises(lectio.UsageError, match="pair"):
        a.to_tmx()
    for k, t in enumerate([en, es]):
        assert a.pairs[k].to_tmx().encode() == cli("align", "--format", "tmx", ru, t)
        assert a.to_beads(k).encode() == cli("align", "--format", "beads", ru, t)


def test_beads_findings_and_dict_match_the_json(files):
    a = lectio.align(files["en"], files["es"])
    doc = json.loads(a.to_json())
    assert a.to_dict() == doc
    pair = doc["translations"][0]
    assert [b.to_dict() for b in a.beads] == pair["beads"]
    assert [f.to_dict() for f in a.findings] == pair["findings"]
    src = [s["text"] for s in doc["source"]["sentences"]]
    first = a.beads[0]
    assert first.source_text == " ".join(src[i] for i in first.src)
    assert a.pairs[0].lang == "es" and doc["source"]["lang"] == "en"


def test_tmx_text_tsv_html_as_the_cli(files, cli):
    en, es = files["en"], files["es"]
    a = lectio.align(en, es)
    for fmt, out in [("tmx", a.to_tmx()), ("text", a.to_text()), ("tsv", a.to_tsv()),
                     ("html", a.to_html()), ("beads", a.to_beads())]:
        assert out.encode() == cli("align", "--format", fmt, en, es), fmt
    root = ET.fromstring(a.to_tmx().encode())
    assert root.tag == "tmx" and root.find("body/tu") is not None


def test_texts_languages_and_options():
    gap = lectio.align(GAP_EN, GAP_ES, source_lang="en", target_lang="es")
    assert [f.kind for f in gap.findings] == ["omission"]
    assert [(b.src, b.tgt) for b in gap.beads if not b.tgt] == [((2,), ())]
    assert gap.findings[0].src == (2,) and gap.findings[0].bead == 3
    assert gap.to_dict()["source"]["label"] == "source"
    assert gap.to_dict()["translations"][0]["target"]["label"] == "translation1"
    # Languages detected from the text when not given.
    assert lectio.align(EN, ES).to_dict()["translations"][0]["target"]["lang"] == "es"
    seg = lectio.align("One.\nTwo.\n", "Uno.\nDos.\n", segmented=True, source_lang="en",
                       target_lang="es", labels=["en", "es"])
    assert len(seg.beads) == 2 and not seg
    g = lectio.align(EN, ES, glossary={"always": "siempre"})
    assert g.to_json() == lectio.align(EN, ES, glossary="always\tsiempre\n").to_json()


def test_tmx_refuses_an_unknown_language():
    a = lectio.align("1 2 3.", "4 5 6.")
    with pytest.raises(lectio.UsageError, match="language"):
        a.to_tmx()


def test_errors():
    with pytest.raises(TypeError):
        lectio.align(EN)
    with pytest.raises(lectio.InputError, match="cannot read /nonexistent/en.txt"):
        lectio.align(Path("/nonexistent/en.txt"), ES)
    with pytest.raises(lectio.UsageError, match="cannot read glossary"):
        lectio.align(EN, ES, glossary=Path("/nonexistent/glossary.tsv"))
    with pytest.raises(lectio.InputError, match="glossary:1"):
        lectio.align(EN, ES, glossary="no separator\n")
    assert lectio.align(EN, ES, glossary="always = siempre").to_json() == \
        lectio.align(EN, ES, glossary={"always": "siempre"}).to_json()
    with pytest.raises(lectio.UsageError):
        lectio.align(EN, ES).to_tmx(pair=3)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_repr_html_is_the_html_view(files):
    a = lectio.align(files["en"], files["es"])
    html = a._repr_html_()
    assert html == a.to_html()
    p = _Parser()
    p.feed(html)
    assert "table" in p.tags
    assert "&lt;always&gt;" in html and "<always>" not in html


def _shared(rel):
    roots = [os.environ.get("LECTIO_SHARED"), ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]
    for r in roots:
        if r and (Path(r) / rel).exists():
            return Path(r) / rel
    if os.environ.get("LECTIO_REQUIRE_ALL") == "1":
        pytest.fail(f"shared/{rel} not found and LECTIO_REQUIRE_ALL=1")
    pytest.skip(f"shared/{rel} not found")


def test_dev_set_segmented_languages_from_file_names(cli):
    """The German-French dev set (GPL, read in place): `--segmented`, languages from the
    `.de` / `.fr` names (the CLI's rule), the same JSON and TMX as the CLI."""
    d = _shared("align-dev")
    de, fr = d / "dev.de", d / "dev.fr"
    a = lectio.align(de, fr, segmented=True)
    assert a.to_json().encode() == cli("align", "--segmented", "--format", "json", de, fr)
    assert a.to_tmx().encode() == cli("align", "--segmented", "--format", "tmx", de, fr)
    doc = a.to_dict()
    assert doc["source"]["lang"] == "de" and doc["translations"][0]["target"]["lang"] == "fr"
    assert len(a.beads) > 300


def test_glossary_and_deadline_as_the_cli(files, cli, tmp_path):
    g = tmp_path / "names.tsv"
    g.write_text("Germany\tAlemania\nalways\tsiempre\n")
    en, es = files["en"], files["es"]
    a = lectio.align(en, es, glossary=g, deadline=5)
    assert a.to_json().encode() == cli("align", "--format", "json", "--glossary", g,
                                       "--deadline", "5", en, es)
    assert not a.approximate


def test_store_align_of_refs_with_languages_from_metadata(cli):
    store = ROOT / "editions"
    refs = ["politburo-1932/ru-iskra", "politburo-1932/en-marxists", "politburo-1932/es-ceip"]
    a = lectio.Store(store).align(*refs)
    assert a.to_json().encode() == cli("--store", store, "align", "--format", "json", *refs)
    assert [p.lang for p in a.pairs] == ["en", "es"]
    assert a.to_tmx(pair=1).encode() == cli("--store", store, "align", "--format", "tmx",
                                            refs[0], refs[2])
    with pytest.raises(lectio.LectioError):
        lectio.Store(store).align("politburo-1932/no-such", refs[1])

import json

import pytest

import lectio


def test_init_add_list_log_cat_verify(cli, tmp_path):
    store = lectio.Store(tmp_path / "st")
    assert store.init() is True
    assert store.init() is False
    (tmp_path / "v1.txt").write_text("The black cat.\n", encoding="utf-8")
    (tmp_path / "v2.txt").write_text("The white cat.\n", encoding="utf-8")
    added = store.add(tmp_path / "v1.txt", edition="w/e", lang="en", kind="transcription",
                      message="first")
    assert json.dumps(added)
    store.add(tmp_path / "v2.txt", edition="w/e", message="second")
    assert store.cat("w/e@1") == "The black cat.\n"
    assert store.cat("w/e") == "The white cat.\n"
    log = store.log("w/e")
    assert json.loads(cli("--store", tmp_path / "st", "log", "w/e", "--format", "json")) == log
    assert json.loads(cli("--store", tmp_path / "st", "list", "--format", "json")) == store.list()
    report = store.verify()
    assert report and isinstance(report, dict)
    assert report == json.loads(cli("--store", tmp_path / "st", "verify", "--format", "json"))
    d = lectio.diff(store.cat("w/e@1"), store.cat("w/e@2"))
    assert [v.readings for v in d.variants] == [("black", "white")]


def test_store_errors(tmp_path):
    with pytest.raises(lectio.LectioError):
        lectio.Store(tmp_path / "none").list()
    store = lectio.Store(tmp_path / "st")
    store.init()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(lectio.UsageError):
        store.add(tmp_path / "a.txt", edition="w/e")  # a new edition needs lang and kind
    with pytest.raises(lectio.UsageError):
        store.add(tmp_path / "a.txt", edition="noslash", lang="en", kind="original")
    with pytest.raises(lectio.LectioError):
        store.cat("w/missing@1")


def test_corrupt_store_is_not_sound(tmp_path):
    store = lectio.Store(tmp_path / "st")
    store.init()
    (tmp_path / "a.txt").write_text("some text\n", encoding="utf-8")
    store.add(tmp_path / "a.txt", edition="w/e", lang="en", kind="original")
    objects = [p for p in (tmp_path / "st" / "objects").rglob("*") if p.is_file()]
    assert objects
    for p in objects:
        p.chmod(0o644)
        p.write_bytes(b"tampered")
    assert not store.verify()


def test_add_expect_head_translation_partial_notes_as_the_cli(cli, tmp_path):
    (tmp_path / "en.txt").write_text("The black cat.\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("Die schwarze Katze.\n", encoding="utf-8")
    (tmp_path / "de2.txt").write_text("Die weisse Katze.\n", encoding="utf-8")
    # The binding's store and the CLI's, built with the same options, list the same metadata.
    py = lectio.Store(tmp_path / "py")
    py.init()
    py.add(tmp_path / "en.txt", edition="w/en", lang="en", kind="original", expect_head="none")
    py.add(tmp_path / "de.txt", edition="w/de", lang="de", kind="translation",
           translation_of="w/en", partial=True, notes="chapter 1 only")
    st = tmp_path / "cli"
    cli("--store", st, "init")
    cli("--store", st, "add", tmp_path / "en.txt", "--edition", "w/en", "--lang", "en",
        "--kind", "original", "--expect-head", "none")
    cli("--store", st, "add", tmp_path / "de.txt", "--edition", "w/de", "--lang", "de",
        "--kind", "translation", "--translation-of", "w/en", "--partial",
        "--notes", "chapter 1 only")

    def meta(listing):
        # Times (and the record ids that hash them) differ when the two stores' adds fall in
        # different seconds; every other field must agree.
        def latest(v):
            return {k: v[k] for k in v if k not in ("time", "record_id")}

        return [{k: (latest(e[k]) if k == "latest" else e[k]) for k in e
                 if k not in ("path", "source_path", "store", "time")}
                for e in listing["editions"]] if isinstance(listing, dict) else listing

    want = json.loads(cli("--store", st, "list", "--format", "json"))
    got = py.list()
    assert meta(got) == meta(want)
    assert "chapter 1 only" in json.dumps(got) and "w/en" in json.dumps(got)
    # expect_head: a stale head refuses (StoreBusy, as the CLI's exit 4); the right one adds.
    head = py.log("w/de")["versions"][0]["hash"]
    with pytest.raises(lectio.StoreBusy):
        py.add(tmp_path / "de2.txt", edition="w/de", expect_head="none")
    with pytest.raises(lectio.UsageError):
        py.add(tmp_path / "de2.txt", edition="w/de", expect_head="zzzzzz")
    py.add(tmp_path / "de2.txt", edition="w/de", expect_head=head[:8])
    assert py.cat("w/de") == "Die weisse Katze.\n"

"""lectio: word-level diff, collation, variants and sentence alignment of witnesses for
textual scholarship.

The computation and every output format come from the Rust library (the same code as the
``lectio`` command line); this module only turns Python arguments into its options and its
JSON into Python objects.

>>> import lectio
>>> d = lectio.diff("The black cat", "The white cat")
>>> [(v.kind, v.class_, v.readings) for v in d.variants]
[('substitution', 'substantive', ('black', 'white'))]
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lectio
from ._lectio import (
    InputError,
    LectioError,
    LectioIOError,
    LimitExceeded,
    StoreBusy,
    StoreCorruption,
    UsageError,
)

__all__ = [
    "diff",
    "collate",
    "extract",
    "Diff",
    "Variant",
    "Side",
    "Collation",
    "align",
    "Alignment",
    "AlignedPair",
    "Bead",
    "Finding",
    "variants",
    "Variants",
    "Store",
    "VerifyReport",
    "LectioError",
    "UsageError",
    "InputError",
    "StoreCorruption",
    "StoreBusy",
    "LimitExceeded",
    "LectioIOError",
]

Text = Union[str, "os.PathLike[str]"]
Regularize = Union[None, str, "os.PathLike[str]", Mapping[str, str]]


def _regularize(regularize: Regularize) -> Tuple[Optional[str], Optional[str]]:
    """(path, rules): a path-like is a table file, a str with ``=`` or a mapping is the rules."""
    if regularize is None:
        return None, None
    if isinstance(regularize, os.PathLike):
        return os.fspath(regularize), None
    if isinstance(regularize, str):
        if "=" in regularize:
            return None, regularize
        return regularize, None
    if isinstance(regularize, Mapping):
        rules = "\n".join(f"{k} = {v}" for k, v in regularize.items())
        return None, rules
    raise TypeError("regularize: a path, rules as text ('colour = color' lines) or a dict")


def _names(value: Union[str, Iterable[str]], what: str) -> List[str]:
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    names = list(value)
    for n in names:
        if not isinstance(n, str):
            raise TypeError(f"{what}: names are strings, not {type(n).__name__}")
    return names


ReadArgs = Tuple[str, str, str, List[str], str]


def _read(input_format: str, layer: str, choose: str, keep: Union[str, Iterable[str]],
          unclear: str) -> ReadArgs:
    """How texts are read, as the CLI's ``--input-format``, ``--layer``, ``--choose``,
    ``--keep`` and ``--unclear``."""
    for name, value in (("input_format", input_format), ("layer", layer), ("choose", choose),
                        ("unclear", unclear)):
        if not isinstance(value, str):
            raise TypeError(f"{name}: a str, not {type(value).__name__}")
    return (input_format, layer, choose, _names(keep, "keep"), unclear)


class Side:
    """One side of a variant: its reading and where it is in its text."""

    __slots__ = ("reading", "tokens", "bytes", "line", "column")

    def __init__(self, d: Mapping[str, Any]):
        self.reading: str = d["reading"]
        self.tokens: Tuple[int, int] = tuple(d["tokens"])  # type: ignore[assignment]
        self.bytes: Tuple[int, int] = tuple(d["bytes"])  # type: ignore[assignment]
        self.line: int = d["line"]
        self.column: int = d["column"]

    def __repr__(self) -> str:
        return f"Side({self.reading!r}, line={self.line}, column={self.column})"


class Variant:
    """A variant of a diff: ``kind``, ``class_`` (also ``v["class"]``), ``old`` and ``new``."""

    __slots__ = ("kind", "class_", "old", "new", "moved", "_d")

    def __init__(self, d: Mapping[str, Any]):
        self._d = d
        self.kind: str = d["kind"]
        self.class_: str = d["class"]
        self.old = Side(d["old"])
        self.new = Side(d["new"])
        self.moved: Optional[Dict[str, int]] = d.get("moved")

    @property
    def readings(self) -> Tuple[str, str]:
        """The old and the new reading."""
        return (self.old.reading, self.new.reading)

    @property
    def spans(self) -> Tuple[Tuple[int, int], Tuple[int, int]]:
        """Byte spans of the readings in the old and the new text."""
        return (self.old.bytes, self.new.bytes)

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._d))

    def __repr__(self) -> str:
        return f"Variant({self.kind}, {self.class_}, {self.old.reading!r} -> {self.new.reading!r})"


class Diff:
    """The result of :func:`diff`. Truthy when there are variants."""

    def __init__(self, native: Any):
        self._native = native
        self._dict: Optional[Dict[str, Any]] = None

    def to_json(self) -> str:
        """The JSON document of ``lectio diff --format json``, byte for byte."""
        return self._native.render("json")

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json` parsed."""
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return json.loads(json.dumps(self._dict))

    def _doc(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    @property
    def variants(self) -> List[Variant]:
        return [Variant(v) for v in self._doc()["variants"]]

    @property
    def stats(self) -> Dict[str, Any]:
        """Counts: ``variants``, by ``kind`` and by ``class``."""
        return json.loads(json.dumps(self._doc()["stats"]))

    @property
    def approximate(self) -> bool:
        return bool(self._native.approximate)

    def to_text(self, context: int = 3) -> str:
        return self._native.render("text", context)

    def to_html(self) -> str:
        return self._native.render("html")

    def to_csv(self) -> str:
        return self._native.render("csv")

    def to_tsv(self) -> str:
        return self._native.render("tsv")

    def to_apparatus(self) -> str:
        return self._native.render("apparatus")

    def to_word_diff(self) -> str:
        return self._native.render("word-diff")

    def stat(self) -> str:
        """The ``--stat`` summary."""
        return self._native.render("stat")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __bool__(self) -> bool:
        return not self._native.is_empty()

    def __len__(self) -> int:
        return len(self._doc()["variants"])

    def __repr__(self) -> str:
        return f"<lectio.Diff: {len(self)} variants>"


def _source(x: Text, name: str) -> Tuple[Optional[str], Optional[str]]:
    if isinstance(x, os.PathLike):
        return None, os.fspath(x)
    if isinstance(x, str):
        return x, None
    raise TypeError(f"{name}: a str (the text) or a path-like (a file), not {type(x).__name__}")


def diff(
    a: Text,
    b: Text,
    *,
    ignore: Union[str, Iterable[str]] = (),
    only: Union[str, Iterable[str]] = (),
    regularize: Regularize = None,
    algorithm: str = "myers",
    whitespace: bool = False,
    exact: bool = False,
    deadline: Optional[float] = 10.0,
    labels: Tuple[str, str] = ("a", "b"),
    input_format: str = "auto",
    layer: str = "pc",
    choose: str = "editorial",
    keep: Union[str, Iterable[str]] = (),
    unclear: str = "text",
    granularity: str = "block",
) -> Diff:
    """Compare two texts word by word, as ``lectio diff`` does.

    ``a`` and ``b`` are texts (``str``) or files (``pathlib.Path``; read and labelled as the
    command line reads them). ``ignore`` takes normalizations (case, punctuation, diacritics,
    nfkc) and classes to drop; ``only`` keeps the classes named; ``regularize`` is a table
    file, rules as text or a dict. TEI XML is read as its reading text, as the CLI reads it:
    ``input_format`` ``"auto"`` (recognise TEI), ``"text"`` or ``"tei"``; ``layer`` ``"pc"``
    or ``"ac"``; ``choose`` ``"editorial"`` or ``"diplomatic"``; ``keep`` ``note``/``fw``;
    ``unclear`` ``"text"`` or ``"gap"``. ``granularity`` is ``"block"`` (the CLI's default:
    a rewritten passage is one substitution with each text's whole reading) or ``"word"``
    (every word-level change). The GIL is released while the texts are compared.
    """
    at, ap = _source(a, "a")
    bt, bp = _source(b, "b")
    rp, rr = _regularize(regularize)
    native = _lectio.diff(
        at, ap, labels[0], bt, bp, labels[1],
        _names(ignore, "ignore"), _names(only, "only"), rp, rr,
        algorithm, whitespace, exact, deadline,
        _read(input_format, layer, choose, keep, unclear), granularity,
    )
    return Diff(native)


Witnesses = Union[Mapping[str, Any], Sequence[Tuple[str, Text]], Sequence["os.PathLike[str]"]]


class Collation:
    """The result of :func:`collate`. Truthy when the witnesses do not agree fully."""

    def __init__(self, native: Any):
        self._native = native
        self._dict: Optional[Dict[str, Any]] = None

    def _doc(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    @property
    def sigla(self) -> List[str]:
        return list(self._native.sigla)

    @property
    def table(self) -> List[Dict[str, Any]]:
        """The alignment table: one dict a column (``cells`` per witness, ``None`` for a gap)."""
        return json.loads(json.dumps(self._doc()["table"]))

    @property
    def apparatus(self) -> List[Dict[str, Any]]:
        """The critical apparatus: one entry per place of variation."""
        return json.loads(json.dumps(self._doc()["apparatus"]))

    @property
    def places(self) -> List[Dict[str, Any]]:
        """The variation places (as in ``lectio variants``' JSON ``places``): ``n``, ``column``,
        ``line``, ``class``, ``kind`` and ``readings`` (lemma first, each with ``text``,
        ``witnesses``, ``lemma``, ``class``, ``lacuna``, ``cites``)."""
        return json.loads(self._native.places_json())

    @property
    def transpositions(self) -> List[Dict[str, Any]]:
        return json.loads(json.dumps(self._doc()["transpositions"]))

    @property
    def approximate(self) -> bool:
        return bool(self._native.approximate)

    def to_json(self) -> str:
        """The JSON of ``lectio collate --format json``, byte for byte."""
        return self._native.render("json")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def to_collatex_json(self) -> str:
        """CollateX's JSON alignment table (``--format collatex``)."""
        return self._native.render("collatex")

    def to_table(self, vertical: bool = False) -> str:
        return self._native.render("table", vertical)

    def to_tei(self) -> str:
        return self._native.render("tei")

    def to_csv(self) -> str:
        return self._native.render("csv")

    def to_tsv(self) -> str:
        return self._native.render("tsv")

    def to_html(self) -> str:
        return self._native.render("html")

    def to_dot(self) -> str:
        return self._native.render("dot")

    def to_graphml(self) -> str:
        return self._native.render("graphml")

    def to_apparatus(self) -> str:
        return self._native.render("apparatus")

    def render(self, format: str, vertical: bool = False) -> str:
        """Any of ``lectio collate --format``'s formats, by name."""
        return self._native.render(format, vertical)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __bool__(self) -> bool:
        return bool(self._native.has_variants())

    def __str__(self) -> str:
        return self.to_table()

    def __repr__(self) -> str:
        return f"<lectio.Collation: {len(self.sigla)} witnesses, {len(self.apparatus)} places>"


WitnessArgs = List[Tuple[Optional[str], Optional[str], str, Optional[str]]]


def _witnesses(witnesses: Witnesses) -> Tuple[WitnessArgs, Optional[str]]:
    """((text, path, label, siglum) for each, CollateX JSON): a CollateX dict goes to the
    library's own reader; a path-like is a file, labelled by its path as the CLI labels it."""
    if isinstance(witnesses, Mapping):
        if "witnesses" in witnesses and not isinstance(witnesses["witnesses"], str):
            return [], json.dumps(witnesses)
        items: List[Any] = list(witnesses.items())
    else:
        items = list(witnesses)
    out: WitnessArgs = []
    for item in items:
        if isinstance(item, os.PathLike):
            out.append((None, os.fspath(item), os.fspath(item), None))
            continue
        pair = tuple(item)
        if len(pair) != 2 or not isinstance(pair[0], str) or \
                not isinstance(pair[1], (str, os.PathLike)):
            raise TypeError("witnesses: {id: text or path}, a list of (id, text or path) or of "
                            "paths, or CollateX's JSON dict")
        sig, x = pair
        if isinstance(x, os.PathLike):
            out.append((None, os.fspath(x), os.fspath(x), sig))
        else:
            out.append((x, None, sig, sig))
    return out, None


def collate(
    witnesses: Witnesses,
    *,
    ignore: Union[str, Iterable[str]] = (),
    regularize: Regularize = None,
    base: Optional[str] = None,
    segmentation: bool = True,
    near_match: bool = False,
    deadline: Optional[float] = 10.0,
    input_format: str = "auto",
    layer: str = "pc",
    choose: str = "editorial",
    keep: Union[str, Iterable[str]] = (),
    unclear: str = "text",
    layers: bool = False,
    granularity: str = "block",
) -> Collation:
    """Collate witnesses into an alignment table and an apparatus, as ``lectio collate``.

    ``witnesses`` is ``{id: text or path}``, a list of ``(id, text or path)``, a list of paths
    (``pathlib.Path``; sigla from the file stems, labels the paths, as the CLI names files), or
    CollateX's JSON input dict (``{"witnesses": [{"id": ..., "content": ...} or {"id": ...,
    "tokens": [...]}]}``; pre-tokenized tokens keep their extra properties).

    TEI XML witnesses are read as the CLI reads them (options as in :func:`diff`), and the
    apparatus and JSON cite their pages and lines; ``layers=True`` (``--layers``) makes each
    TEI witness with revisions two witnesses, ``ID-ac`` and ``ID-pc``. The GIL is released
    while collating. ``granularity`` as in :func:`diff` (``--granularity``).
    """
    pairs, cx = _witnesses(witnesses)
    rp, rr = _regularize(regularize)
    native = _lectio.collate(
        pairs, cx, "<witnesses>", _names(ignore, "ignore"), rp, rr,
        base, near_match, segmentation, deadline,
        _read(input_format, layer, choose, keep, unclear), layers, granularity,
    )
    return Collation(native)


def extract(
    text: Text,
    *,
    format: str = "text",
    input_format: str = "auto",
    layer: str = "pc",
    choose: str = "editorial",
    keep: Union[str, Iterable[str]] = (),
    unclear: str = "text",
    label: Optional[str] = None,
    _store: Optional[str] = None,
) -> str:
    """The reading text of a text or a file, as ``lectio extract``: TEI XML read as its words
    (options as in :func:`diff`), plain text unchanged. ``format="json"`` gives the CLI's JSON
    (every token with its ``loc``: ``page``, ``line``, ``xml_line``, ``xml_col``), byte for
    byte. ``label`` names a text in the JSON's ``source`` and in errors (default ``<input>``;
    a file is named by its path).
    """
    t, p = _source(text, "text")
    name = label if label is not None else (p if p is not None else "<input>")
    return _lectio.extract(t, p, name, format,
                           _read(input_format, layer, choose, keep, unclear), _store)


def _text_args(texts: Sequence[Text], labels: Optional[Sequence[str]], default: Sequence[str],
               what: str) -> List[Tuple[Optional[str], Optional[str], str]]:
    """(text, path, label) triples: a path-like is read as the CLI reads a file."""
    if labels is not None and len(labels) != len(texts):
        raise ValueError(f"labels: {len(labels)} given for {len(texts)} {what}")
    out = []
    for i, x in enumerate(texts):
        t, p = _source(x, f"{what}[{i}]")
        label = labels[i] if labels is not None else (p if p is not None else default[i])
        out.append((t, p, label))
    return out


class Bead:
    """One bead of an alignment: source sentences ``src`` and target sentences ``tgt`` (ids
    from 0; one side is empty for an omission or an addition), with their texts."""

    __slots__ = ("src", "tgt", "source_text", "target_text")

    def __init__(self, src: Sequence[int], tgt: Sequence[int], source_text: str,
                 target_text: str):
        self.src: Tuple[int, ...] = tuple(src)
        self.tgt: Tuple[int, ...] = tuple(tgt)
        self.source_text = source_text
        self.target_text = target_text

    def to_dict(self) -> Dict[str, Any]:
        return {"src": list(self.src), "tgt": list(self.tgt)}

    def __repr__(self) -> str:
        return f"Bead({list(self.src)}:{list(self.tgt)})"


class Finding:
    """A QA finding of an alignment (``kind``, ``message``, ``bead`` numbered from 1, ``src``,
    ``tgt``, lines and texts), as in ``lectio align --format json``."""

    __slots__ = ("kind", "message", "bead", "src", "tgt", "src_line", "tgt_line",
                 "source_text", "target_text", "_d")

    def __init__(self, d: Mapping[str, Any]):
        self._d = d
        self.kind: str = d["kind"]
        self.message: str = d["message"]
        self.bead: int = d["bead"]
        self.src: Tuple[int, ...] = tuple(d["src"])
        self.tgt: Tuple[int, ...] = tuple(d["tgt"])
        self.src_line: Optional[int] = d["src_line"]
        self.tgt_line: Optional[int] = d["tgt_line"]
        self.source_text: str = d["source_text"]
        self.target_text: str = d["target_text"]

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._d))

    def __repr__(self) -> str:
        return f"Finding({self.kind}, bead {self.bead}: {self.message!r})"


class AlignedPair:
    """The alignment of the source with one translation."""

    def __init__(self, source: Mapping[str, Any], d: Mapping[str, Any], index: int,
                 alignment: "Alignment"):
        self._d = d
        self.index = index
        self._alignment = alignment
        self.label: str = d["target"]["label"]
        self.lang: str = d["target"]["lang"]
        self.ratio: float = d["ratio"]
        src = [s["text"] for s in source["sentences"]]
        tgt = [s["text"] for s in d["target"]["sentences"]]
        self.beads: List[Bead] = [
            Bead(b["src"], b["tgt"], " ".join(src[i] for i in b["src"]),
                 " ".join(tgt[i] for i in b["tgt"]))
            for b in d["beads"]
        ]
        self.findings: List[Finding] = [Finding(f) for f in d["findings"]]

    def to_tmx(self) -> str:
        """TMX 1.4b of this pair (``lectio align --format tmx``)."""
        return self._alignment._native.render("tmx", self.index)

    def to_beads(self) -> str:
        """vecalign beads of this pair (``lectio align --format beads``)."""
        return self._alignment._native.render("beads", self.index)

    def __repr__(self) -> str:
        return f"<lectio.AlignedPair {self.label!r}: {len(self.beads)} beads, " \
               f"{len(self.findings)} findings>"


class Alignment:
    """The result of :func:`align`. Truthy when there are QA findings."""

    def __init__(self, native: Any):
        self._native = native
        self._dict = json.loads(self.to_json())
        self.pairs: List[AlignedPair] = [
            AlignedPair(self._dict["source"], p, k, self)
            for k, p in enumerate(self._dict["translations"])
        ]

    def _one(self) -> AlignedPair:
        if len(self.pairs) != 1:
            raise ValueError(f"{len(self.pairs)} translations: use .pairs[k]")
        return self.pairs[0]

    @property
    def beads(self) -> List[Bead]:
        """The beads (with one translation; else see :attr:`pairs`)."""
        return self._one().beads

    @property
    def findings(self) -> List[Finding]:
        """The QA findings (with one translation; else see :attr:`pairs`)."""
        return self._one().findings

    @property
    def source_sentences(self) -> List[str]:
        return [s["text"] for s in self._dict["source"]["sentences"]]

    @property
    def approximate(self) -> bool:
        """True when the deadline was reached for some translation."""
        return any(self._native.approximate)

    def to_json(self) -> str:
        """The JSON of ``lectio align --format json``, byte for byte."""
        return self._native.render("json")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._dict))

    def to_tmx(self, pair: Optional[int] = None) -> str:
        """TMX 1.4b (``--format tmx``) of one pair: ``pair`` is needed with several
        translations; ``UsageError`` when a language is unknown."""
        return self._native.render("tmx", pair)

    def to_beads(self, pair: Optional[int] = None) -> str:
        return self._native.render("beads", pair)

    def to_text(self) -> str:
        return self._native.render("text")

    def to_tsv(self) -> str:
        return self._native.render("tsv")

    def to_html(self) -> str:
        return self._native.render("html")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __bool__(self) -> bool:
        return self._native.finding_count() > 0

    def __repr__(self) -> str:
        n = sum(len(p.beads) for p in self.pairs)
        f = sum(len(p.findings) for p in self.pairs)
        return f"<lectio.Alignment: {len(self.pairs)} translations, {n} beads, {f} findings>"


def align(
    source: Text,
    *translations: Text,
    source_lang: Optional[str] = None,
    target_lang: Optional[str] = None,
    segmented: bool = False,
    glossary: Union[None, str, "os.PathLike[str]", Mapping[str, str]] = None,
    deadline: Optional[float] = 10.0,
    labels: Optional[Sequence[str]] = None,
    input_format: str = "auto",
    layer: str = "pc",
    choose: str = "editorial",
    keep: Union[str, Iterable[str]] = (),
    unclear: str = "text",
    _store: Optional[str] = None,
) -> Alignment:
    """Align a source with one or more translations sentence by sentence (``lectio align``).

    Texts are ``str`` or files (``pathlib.Path``). Languages come from ``source_lang`` /
    ``target_lang``, else a language code in a file name (``en-…``, ``….de``), else the text.
    ``glossary`` is a file of ``source<TAB>target`` (or ``source = target``) lines, such
    lines as text, or a dict.
    ``labels`` name the texts (default ``source``, ``translation1``…, or the file paths).
    TEI XML is read as its reading text (options as in :func:`diff`). The GIL is released
    while aligning.
    """
    if not translations:
        raise TypeError("align: give at least one translation")
    texts = (source,) + translations
    default = ["source"] + [f"translation{i}" for i in range(1, len(translations) + 1)]
    gp: Optional[str] = None
    gr: Optional[str] = None
    if isinstance(glossary, os.PathLike):
        gp = os.fspath(glossary)
    elif isinstance(glossary, str):
        if "\t" in glossary or "\n" in glossary or "=" in glossary:
            gr = glossary
        else:
            gp = glossary
    elif isinstance(glossary, Mapping):
        gr = "".join(f"{k}\t{v}\n" for k, v in glossary.items())
    elif glossary is not None:
        raise TypeError("glossary: a path, 'source<TAB>target' lines, or a dict")
    native = _lectio.align(
        _text_args(texts, labels, default, "texts"), source_lang, target_lang, segmented,
        gp, gr, deadline, _store, _read(input_format, layer, choose, keep, unclear),
    )
    return Alignment(native)


class Variants:
    """The result of :func:`variants`: every pair's counts, the distance matrix, a tree."""

    def __init__(self, native: Any):
        self._native = native
        self._dict: Dict[str, Any] = json.loads(self.to_json())

    @property
    def sigla(self) -> List[str]:
        return [w["siglum"] for w in self._dict["witnesses"]]

    @property
    def matrix(self) -> List[List[float]]:
        """The symmetric distance matrix (0 on the diagonal), in witness order."""
        return self._native.matrix

    @property
    def distances(self) -> Dict[Tuple[str, str], float]:
        """The distance of every ordered pair of sigla."""
        s, m = self.sigla, self.matrix
        return {(a, b): m[i][j] for i, a in enumerate(s) for j, b in enumerate(s)}

    @property
    def newick(self) -> str:
        """The tree in Newick format, leaves named by sigla."""
        return self._native.newick

    @property
    def tree(self) -> Optional[Dict[str, Any]]:
        """The tree as nested dicts (``type`` leaf or node), as in the JSON."""
        return json.loads(json.dumps(self._dict["tree"]))

    @property
    def pairs(self) -> List[Dict[str, Any]]:
        return json.loads(json.dumps(self._dict["pairs"]))

    @property
    def totals(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._dict["totals"]))

    @property
    def places(self) -> Optional[List[Dict[str, Any]]]:
        """The variation places (``None`` with ``places=False``)."""
        return json.loads(json.dumps(self._dict.get("places")))

    def to_json(self) -> str:
        """The JSON of ``lectio variants --format json``, byte for byte."""
        return self._native.render("json")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._dict))

    def to_text(self) -> str:
        return self._native.render("text")

    def to_csv(self, table: Optional[str] = None) -> str:
        """CSV: ``table`` is ``pairs`` (the default), ``matrix`` or ``places``."""
        return self._native.render("csv", table)

    def to_html(self) -> str:
        return self._native.render("html")

    def to_newick(self) -> str:
        """``--format newick``: the tree and a newline."""
        return self._native.render("newick")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __bool__(self) -> bool:
        return self._native.total > 0

    def __repr__(self) -> str:
        return f"<lectio.Variants: {len(self.sigla)} witnesses, {self._native.total} variants>"


def variants(
    witnesses: Union[Mapping[str, Text], Sequence[Text], Sequence[Tuple[str, Text]]],
    *,
    ignore: Union[str, Iterable[str]] = (),
    only: Union[str, Iterable[str]] = (),
    regularize: Regularize = None,
    algorithm: str = "myers",
    whitespace: bool = False,
    exact: bool = False,
    tree: str = "nj",
    places: bool = True,
    join_hyphens: bool = False,
    deadline: Optional[float] = 10.0,
    input_format: str = "auto",
    layer: str = "pc",
    choose: str = "editorial",
    keep: Union[str, Iterable[str]] = (),
    unclear: str = "text",
    _store: Optional[str] = None,
    _work: Optional[Tuple[str, Optional[str], Optional[str]]] = None,
) -> Variants:
    """Compare every pair of witnesses (``lectio variants``): counts, distances, a tree.

    ``witnesses`` is ``{siglum: text or path}``, a list of ``(siglum, text or path)``, or a
    list of paths (sigla from the file stems, as the CLI names them). ``tree`` is ``nj`` or
    ``upgma``; ``places=False`` skips the collation for the variation places. Options (TEI
    reading too) as in :func:`diff`; a TEI ``<gap/>`` is a lacuna, counted as neither an
    omission nor a variant. The GIL is released while comparing.
    """
    if isinstance(witnesses, Mapping):
        items: List[Tuple[Optional[str], Text]] = list(witnesses.items())
    else:
        items = [tuple(w) if isinstance(w, tuple) else (None, w)  # type: ignore[misc]
                 for w in witnesses]
    triples = []
    for i, (label, x) in enumerate(items):
        if label is not None and not isinstance(label, str):
            raise TypeError("witnesses: sigla are strings")
        t, p = _source(x, f"witnesses[{i}]")
        if label is None:
            if p is None:
                raise TypeError("witnesses: a text needs a siglum ({siglum: text})")
            label = p
        triples.append((t, p, label))
    rp, rr = _regularize(regularize)
    native = _lectio.variants(
        triples, _names(ignore, "ignore"), _names(only, "only"), rp, rr, algorithm,
        whitespace, exact, deadline, tree, places, join_hyphens, _store,
        *(_work or (None, None, None)),
        _read(input_format, layer, choose, keep, unclear),
    )
    return Variants(native)


class _RefPath(os.PathLike):  # type: ignore[type-arg]
    """A store reference or file name, passed on as a path (the native side resolves it)."""

    def __init__(self, spec: str):
        self.spec = spec

    def __fspath__(self) -> str:
        return self.spec


class VerifyReport(dict):
    """``lectio verify --format json`` as a dict; truthy when the store is sound."""

    def __init__(self, sound: bool, doc: Dict[str, Any]):
        super().__init__(doc)
        self.sound = sound

    def __bool__(self) -> bool:
        return self.sound


class Store:
    """An edition store (the CLI's ``--store DIR``). Methods return the CLI's JSON, parsed."""

    def __init__(self, path: Union[str, "os.PathLike[str]"] = ".lectio"):
        self.path = os.fspath(path)
        self._native = _lectio.NativeStore(self.path)

    def init(self) -> bool:
        """Create the store; ``True`` when it was created, ``False`` when it existed."""
        return self._native.init()

    def add(
        self,
        path: Union[str, "os.PathLike[str]"],
        *,
        edition: str,
        lang: Optional[str] = None,
        kind: Optional[str] = None,
        title: Optional[str] = None,
        source: Optional[str] = None,
        siglum: Optional[str] = None,
        message: Optional[str] = None,
        expect_head: Optional[str] = None,
        translation_of: Optional[str] = None,
        partial: Optional[bool] = None,
        notes: Optional[str] = None,
        input_format: str = "auto",
    ) -> Dict[str, Any]:
        """Store a file as the next version of ``edition`` (``WORK/EDITION``); returns
        ``lectio add --format json``'s document (``record["words"]`` is the word count).

        ``expect_head`` is the CLI's ``--expect-head`` (6+ hex digits of the latest version's
        hash, or ``"none"`` for a new edition: otherwise ``StoreBusy`` and nothing is added);
        ``translation_of``, ``partial`` and ``notes`` are the CLI's metadata options. As
        ``lectio add``, a TEI file (recognised, or any file with ``input_format="tei"``) is
        stored byte for byte only when its reading text can be derived (else ``InputError``
        with the CLI's message, ``file:line:column: invalid XML: …``, and nothing stored), and
        its record counts the reading text's words, not the markup's; ``input_format="text"``
        stores and counts it as plain text.
        """
        return json.loads(self._native.add(
            os.fspath(path), edition, lang, kind, title, source, siglum, message,
            expect_head, translation_of, partial, notes, input_format))

    def list(self) -> Any:
        return json.loads(self._native.list())

    def log(self, edition: str) -> Any:
        return json.loads(self._native.log(edition))

    def cat(self, ref: str) -> str:
        """The stored text of ``ref`` (``WORK/EDITION[@N]``)."""
        return self.cat_bytes(ref).decode("utf-8-sig")

    def cat_bytes(self, ref: str) -> bytes:
        return bytes(self._native.cat(ref))

    def extract(self, ref: str, **options: Any) -> str:
        """:func:`extract` of an edition reference (``WORK/EDITION[@N]``) or a file, as
        ``lectio --store DIR extract REF``."""
        if not isinstance(ref, str):
            raise TypeError("Store.extract: a reference or file name as str")
        return extract(_RefPath(ref), label=ref, _store=self.path, **options)

    def align(self, source: str, *translations: str, **options: Any) -> Alignment:
        """:func:`align` of edition references (``WORK/EDITION[@N]``) or files, as
        ``lectio --store DIR align``: languages also come from the editions' metadata."""
        for x in (source,) + translations:
            if not isinstance(x, str):
                raise TypeError("Store.align: references or file names as str")
        return align(_RefPath(source), *map(_RefPath, translations), _store=self.path,
                     **options)

    def variants(self, *refs: str, work: Optional[str] = None, lang: Optional[str] = None,
                 kind: Optional[str] = None, **options: Any) -> Variants:
        """:func:`variants` of edition references or files, or of every edition of ``work``
        (latest versions; only ``lang`` or ``kind`` if given), as ``lectio --store DIR
        variants REF… | --work W [--lang L] [--kind K]``."""
        if work is not None and refs:
            raise TypeError("Store.variants: references or work=, not both")
        if work is None and (lang is not None or kind is not None):
            raise TypeError("Store.variants: lang= and kind= go with work=")
        ws: List[Text] = [_RefPath(r) for r in refs]
        return variants(ws, _store=self.path,
                        _work=(work, lang, kind) if work is not None else None, **options)

    def verify(self) -> VerifyReport:
        sound, doc = self._native.verify()
        return VerifyReport(sound, json.loads(doc))

"""lectio: word-level diff and collation of witnesses for textual scholarship.

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
    "Diff",
    "Variant",
    "Side",
    "Collation",
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
) -> Diff:
    """Compare two texts word by word, as ``lectio diff`` does.

    ``a`` and ``b`` are texts (``str``) or files (``pathlib.Path``; read and labelled as the
    command line reads them). ``ignore`` takes normalizations (case, punctuation, diacritics,
    nfkc) and classes to drop; ``only`` keeps the classes named; ``regularize`` is a table
    file, rules as text or a dict. The GIL is released while the texts are compared.
    """
    at, ap = _source(a, "a")
    bt, bp = _source(b, "b")
    rp, rr = _regularize(regularize)
    native = _lectio.diff(
        at, ap, labels[0], bt, bp, labels[1],
        _names(ignore, "ignore"), _names(only, "only"), rp, rr,
        algorithm, whitespace, exact, deadline,
    )
    return Diff(native)


Witnesses = Union[Mapping[str, Any], Sequence[Tuple[str, str]]]


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


def _witnesses(witnesses: Witnesses) -> Tuple[List[Tuple[str, str]], Optional[str]]:
    """(pairs, CollateX JSON): a CollateX dict goes to the library's own reader."""
    if isinstance(witnesses, Mapping):
        if "witnesses" in witnesses and not isinstance(witnesses["witnesses"], str):
            return [], json.dumps(witnesses)
        pairs = list(witnesses.items())
    else:
        pairs = [tuple(p) for p in witnesses]  # type: ignore[misc]
    for p in pairs:
        if len(p) != 2 or not isinstance(p[0], str) or not isinstance(p[1], str):
            raise TypeError("witnesses: {id: text}, a list of (id, text), or CollateX's JSON dict")
    return pairs, None  # type: ignore[return-value]


def collate(
    witnesses: Witnesses,
    *,
    ignore: Union[str, Iterable[str]] = (),
    regularize: Regularize = None,
    base: Optional[str] = None,
    segmentation: bool = True,
    near_match: bool = False,
    deadline: Optional[float] = 10.0,
) -> Collation:
    """Collate witnesses into an alignment table and an apparatus, as ``lectio collate``.

    ``witnesses`` is ``{id: text}``, a list of ``(id, text)``, or CollateX's JSON input dict
    (``{"witnesses": [{"id": ..., "content": ...} or {"id": ..., "tokens": [...]}]}``;
    pre-tokenized tokens keep their extra properties). The GIL is released while collating.
    """
    pairs, cx = _witnesses(witnesses)
    rp, rr = _regularize(regularize)
    native = _lectio.collate(
        pairs, cx, "<witnesses>", _names(ignore, "ignore"), rp, rr,
        base, near_match, segmentation, deadline,
    )
    return Collation(native)


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
    ) -> Dict[str, Any]:
        """Store a file as the next version of ``edition`` (``WORK/EDITION``).

        ``expect_head`` is the CLI's ``--expect-head`` (6+ hex digits of the latest version's
        hash, or ``"none"`` for a new edition: otherwise ``StoreBusy`` and nothing is added);
        ``translation_of``, ``partial`` and ``notes`` are the CLI's metadata options.
        """
        return json.loads(self._native.add(
            os.fspath(path), edition, lang, kind, title, source, siglum, message,
            expect_head, translation_of, partial, notes))

    def list(self) -> Any:
        return json.loads(self._native.list())

    def log(self, edition: str) -> Any:
        return json.loads(self._native.log(edition))

    def cat(self, ref: str) -> str:
        """The stored text of ``ref`` (``WORK/EDITION[@N]``)."""
        return self.cat_bytes(ref).decode("utf-8-sig")

    def cat_bytes(self, ref: str) -> bytes:
        return bytes(self._native.cat(ref))

    def verify(self) -> VerifyReport:
        sound, doc = self._native.verify()
        return VerifyReport(sound, json.loads(doc))

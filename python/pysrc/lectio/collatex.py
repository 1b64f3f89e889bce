"""A CollateX-compatible API over lectio: change the import line of a notebook that does
``from collatex import *`` to ``from lectio.collatex import *``.

The collation itself is lectio's (order-independent, with transpositions; see
``python/README.md`` for where results differ from CollateX's). Outputs keep CollateX's shapes:
``output="json"`` is CollateX's JSON alignment table, ``"table"`` an object that prints as a
table, ``"csv"``, ``"tsv"``, ``"tei"``/``"xml"`` and ``"html"`` strings.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Union

from . import Collation as _Result, UsageError, collate as _collate

__all__ = ["Collation", "AlignmentTable", "collate"]


class Collation:
    """Witnesses to collate, as CollateX's ``Collation``."""

    def __init__(self) -> None:
        self.witnesses: List[Dict[str, Any]] = []

    @classmethod
    def create_from_dict(cls, data: Dict[str, Any]) -> "Collation":
        """From CollateX's JSON input: ``{"witnesses": [{"id", "content" | "tokens"}]}``."""
        c = cls()
        for w in data["witnesses"]:
            c.add_witness(w)
        return c

    def add_witness(self, witnessdata: Dict[str, Any]) -> None:
        self.witnesses.append(dict(witnessdata))

    def add_plain_witness(self, sigil: str, content: str) -> None:
        self.witnesses.append({"id": sigil, "content": content})

    def get_sigla(self) -> List[str]:
        return [w["id"] for w in self.witnesses]

    def to_dict(self) -> Dict[str, Any]:
        return {"witnesses": [dict(w) for w in self.witnesses]}


class AlignmentTable:
    """What ``collate(..., output="table")`` returns: prints as a table, shows in a notebook."""

    def __init__(self, result: _Result, vertical: bool):
        self.result = result
        self.layout = "vertical" if vertical else "horizontal"
        self._text = result.to_table(vertical)

    @property
    def rows(self) -> List[Dict[str, Any]]:
        """CollateX's JSON table: one list of cells (token lists, or None) per witness."""
        return json.loads(self.result.to_collatex_json())["table"]

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return self._text

    def _repr_html_(self) -> str:
        return self.result.to_html()


def collate(
    collation: Collation,
    output: str = "table",
    layout: str = "horizontal",
    segmentation: bool = True,
    near_match: bool = False,
    astar: bool = False,
    detect_transpositions: bool = False,
    debug_scores: bool = False,
    properties_filter: Any = None,
    indent: Union[bool, int] = False,
) -> Union[AlignmentTable, str]:
    """Collate as CollateX's ``collate``. ``astar``, ``detect_transpositions`` and
    ``debug_scores`` are accepted and ignored (lectio always detects transpositions);
    ``properties_filter`` is not supported."""
    if properties_filter is not None:
        raise UsageError("properties_filter is not supported by lectio.collatex")
    if layout not in ("horizontal", "vertical"):
        raise UsageError(f"layout must be 'horizontal' or 'vertical', not {layout!r}")
    result = _collate(collation.to_dict(), segmentation=segmentation, near_match=near_match)
    if output == "table":
        return AlignmentTable(result, layout == "vertical")
    if output == "json":
        text = result.to_collatex_json()
        if indent:
            return json.dumps(json.loads(text), indent=4 if indent is True else indent)
        return text
    if output in ("csv", "tsv"):
        return result.render(output)
    if output in ("tei", "xml"):
        return result.to_tei()
    if output in ("html", "html2"):
        return result.to_html()
    raise UsageError(
        f"output {output!r} is not supported (table, json, csv, tsv, tei, xml, html)"
    )

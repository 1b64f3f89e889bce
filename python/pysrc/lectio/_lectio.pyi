"""Type stubs of the native module (used through `lectio`, not directly)."""

from typing import List, Optional, Tuple

class LectioError(Exception): ...
class UsageError(LectioError): ...
class InputError(LectioError): ...
class StoreCorruption(LectioError): ...
class StoreBusy(LectioError): ...
class LimitExceeded(LectioError): ...
class LectioIOError(LectioError): ...

ReadArgs = Tuple[str, str, str, List[str], str]

class NativeDiff:
    approximate: bool
    def render(self, format: str, context: int = 3) -> str: ...
    def is_empty(self) -> bool: ...

class NativeCollation:
    approximate: bool
    sigla: List[str]
    def render(self, format: str, vertical: bool = False) -> str: ...
    def has_variants(self) -> bool: ...
    def places_json(self) -> str: ...

class NativeAlignment:
    approximate: List[bool]
    def render(self, format: str, pair: Optional[int] = None) -> str: ...
    def finding_count(self) -> int: ...

class NativeVariants:
    newick: str
    matrix: List[List[float]]
    total: int
    def render(self, format: str, table: Optional[str] = None) -> str: ...

def diff(
    a_text: Optional[str], a_path: Optional[str], a_label: str,
    b_text: Optional[str], b_path: Optional[str], b_label: str,
    ignore: List[str], only: List[str],
    regularize_path: Optional[str], regularize_rules: Optional[str],
    algorithm: str, whitespace: bool, exact: bool, deadline_seconds: Optional[float],
    read: Optional[ReadArgs] = None, granularity: str = "block",
) -> NativeDiff: ...

def collate(
    witnesses: List[Tuple[Optional[str], Optional[str], str, Optional[str]]],
    collatex_json: Optional[str], origin: str,
    ignore: List[str], regularize_path: Optional[str], regularize_rules: Optional[str],
    base: Optional[str], near_match: bool, segmentation: bool,
    deadline_seconds: Optional[float], read: Optional[ReadArgs] = None, layers: bool = False,
    granularity: str = "block",
) -> NativeCollation: ...

def extract(
    text: Optional[str], path: Optional[str], label: str, format: str,
    read: Optional[ReadArgs] = None, store: Optional[str] = None,
) -> str: ...

def align(
    texts: List[Tuple[Optional[str], Optional[str], str]],
    source_lang: Optional[str], target_lang: Optional[str], segmented: bool,
    glossary_path: Optional[str], glossary_rules: Optional[str],
    deadline_seconds: Optional[float], store: Optional[str] = None,
    read: Optional[ReadArgs] = None,
) -> NativeAlignment: ...

def variants(
    witnesses: List[Tuple[Optional[str], Optional[str], str]],
    ignore: List[str], only: List[str],
    regularize_path: Optional[str], regularize_rules: Optional[str],
    algorithm: str, whitespace: bool, exact: bool, deadline_seconds: Optional[float],
    tree: str, places: bool, join_hyphens: bool, store: Optional[str] = None,
    work: Optional[str] = None, lang: Optional[str] = None, kind: Optional[str] = None,
    read: Optional[ReadArgs] = None,
) -> NativeVariants: ...

class NativeStore:
    def __init__(self, root: str) -> None: ...
    def init(self) -> bool: ...
    def add(self, path: str, edition: str, lang: Optional[str] = None, kind: Optional[str] = None,
            title: Optional[str] = None, source: Optional[str] = None,
            siglum: Optional[str] = None, message: Optional[str] = None,
            expect_head: Optional[str] = None, translation_of: Optional[str] = None,
            partial: Optional[bool] = None, notes: Optional[str] = None,
            input_format: str = "auto") -> str: ...
    def list(self) -> str: ...
    def log(self, reference: str) -> str: ...
    def cat(self, reference: str) -> bytes: ...
    def verify(self) -> Tuple[bool, str]: ...

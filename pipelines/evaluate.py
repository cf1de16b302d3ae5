"""Score output tables against the hand-written gold annotations in ``tests/gold`` (see its README).

``evaluate(gold_dir, out_dir)`` pairs every gold row with at most one output row and returns a
:class:`Report`: precision, recall and F1 per table, accuracy (and precision/recall) per field, per document,
per gold source (``samples``, ``corpus/dev``) and overall, with every miss, false hit and wrong field value.
``check_thresholds`` compares a report with ``tests/gold/thresholds.json``: per gold document (its key),
the named scores of :func:`scores` rounded down to 3 decimals. Per document, so that adding a gold document
adds thresholds without moving the others; ``raise_thresholds`` is the regenerate switch's arithmetic
(thresholds only go up).

The matching rules are in ``MATCHING_RULES`` (also shown by ``baocao evaluate --help``).

Why one module of ~790 lines: pairing, scoring, the report and the thresholds all follow the one
definition of a match written in ``MATCHING_RULES``; keeping them together keeps that definition in one
place, next to the code that applies it.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from baocao.extract.errors import BaocaoError
from baocao.extract.textnorm import clean, fold

from .tables import REGISTRY

# A constant, not read from the docstring, so that ``python -OO`` (which drops docstrings) still runs.
MATCHING_RULES = """\
- Documents: gold.json "sha256" = documents.csv sha256; when no output row has it, gold "file" = the
  base name of documents.csv source_file. Gold documents absent from the output are listed, not scored.
- Text is compared by a key: textnorm.fold(clean(x)) with double quotes removed, leading/trailing
  punctuation (. , ; : … ! ? ' ‘ ’) stripped and superscript digits read as digits (m² = m2).
- Names (movement names, awardee names) longer than 40 characters also match when difflib's ratio of
  the two keys is at least 0.9; every other text must have equal keys. Fields are never fuzzy.
- Numbers (metric value, quantity, footnote_no, page) match when equal (relative tolerance 1e-9).
- Rows pair only when source and footnote_no agree, and page agrees when gold gives a page.
- Row identity: footnotes by footnote_no; movements by name; awardees by kind and name, and award when
  gold gives one (a person can have several award rows); metrics by value and unit, where a unit also
  matches when one is the other followed by more words ("hội viên" / "hội viên mới": annotators differ on
  how far a counted noun runs); the unit is then scored as a field too; references by relation, cited_type,
  cited_number and cited_date.
- Pairing is one-to-one and greedy in document order (a multiset match): first every pair with equal
  keys, then the long names that only match fuzzily (best ratio first).
- Precision counts only documents whose gold.json lists the table as "complete"; gold rows of other
  tables count for recall only. With nothing to divide by, precision/recall are 1.0 (nothing wrong).
- Fields are scored on paired rows: accuracy = equal / paired (an empty gold value is right only when
  the output is empty too); recall = right / paired rows where gold gives a value (e.g. "organisation
  right among those gold gives one"); precision = right / paired rows where the output gives one.
  page and anchor_page are scored only where gold gives them. "words" = mean F1 of the two keys' words,
  partial credit for free text (a metric's subject). Fields: documents the nine metadata fields (one
  pair per document); footnotes page, anchor_page, text; movements organisation, kind, launch_date;
  awardees rank, position, organisation, award, quantity (and list_no against gold's stt column);
  metrics raw, unit, qualifier, subject; references cited_issuer, cited_title.
- footnotes "linked": gold footnotes found with an anchor page (equal to gold's when gold gives one)."""
if __doc__:
    __doc__ += "\nMatching rules\n" + MATCHING_RULES

FUZZY_LENGTH = 40
FUZZY_RATIO = 0.9
REL_TOL = 1e-9
METADATA = ("doc_type", "doc_number", "issuer", "issuer_parent", "issue_place", "issue_date", "title",
            "signer_role", "signer_name")
ROW_TABLES = tuple(table.name for table in REGISTRY if table.scored and table.name != "documents")
TABLE_ORDER = ("documents",) + ROW_TABLES
PAGE_FIELDS = frozenset({"page", "anchor_page"})  # scored only where gold gives them


class EvaluateError(BaocaoError):
    """The gold or output folder cannot be evaluated (missing files, bad gold.json)."""


@dataclass(frozen=True)
class Spec:
    """How one table's rows are paired and scored."""

    identity: tuple[str, ...] = ()  # text keys that must be equal (the first may match fuzzily if "name")
    numbers: tuple[str, ...] = ()  # numeric identity
    optional: tuple[str, ...] = ()  # identity only when gold gives a value
    fields: tuple[str, ...] = ()  # scored on paired rows
    numeric_fields: frozenset[str] = frozenset()
    provenance: bool = True  # source, footnote_no and page take part in pairing
    gold_columns: dict[str, str] = field(default_factory=dict)  # output field -> gold column when they differ
    subsets: str = ""  # a column whose values get their own P/R/F1 (awardees: kind)
    head: tuple[str, ...] = ()  # text keys that match when one is the other followed by more words


SPECS = {
    "footnotes": Spec(numbers=("footnote_no",), fields=("page", "anchor_page", "text"),
                      numeric_fields=frozenset({"page", "anchor_page"}), provenance=False),
    "movements": Spec(identity=("name",), fields=("organisation", "kind", "launch_date")),
    "awardees": Spec(identity=("kind", "name"), optional=("award",),
                     fields=("rank", "position", "organisation", "award", "quantity", "list_no"),
                     numeric_fields=frozenset({"quantity"}), gold_columns={"list_no": "stt"}, subsets="kind"),
    "metrics": Spec(head=("unit",), numbers=("value",), fields=("raw", "unit", "qualifier", "subject")),
    "references": Spec(identity=("relation", "cited_type", "cited_number", "cited_date"),
                       fields=("cited_issuer", "cited_title")),
}
ROW_LABEL = {"footnotes": ("footnote_no",), "movements": ("name", "organisation"),
             "awardees": ("kind", "name", "award"), "metrics": ("raw", "value", "unit"),
             "references": ("relation", "cited_type", "cited_number", "cited_date")}
ID_COLUMN = {table.name: table.id_column for table in REGISTRY if table.id_column}
assert set(SPECS) == set(ROW_TABLES), "every table the registry marks as scored needs a Spec"

# --- keys -----------------------------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_QUOTES = re.compile("[\u201c\u201d\u201e\u00ab\u00bb\"]")
_EDGE = " .,;:…!?'\u2018\u2019"


def text_key(value: Any) -> str:
    """The matching key of a text value (see the matching rules)."""
    if value is None:
        return ""
    text = _QUOTES.sub("", clean(str(value)).translate(_SUPERSCRIPTS))
    return fold(" ".join(text.split()).strip(_EDGE))


def number(value: Any) -> float | None:
    """A CSV cell as a number, None when empty or not a number."""
    if value is None or value == "":
        return None
    try:
        result = float(str(value).strip())
    except ValueError:
        return None
    return None if math.isnan(result) else result


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)


def name_ratio(gold: str, out: str) -> float:
    """How well two name keys match: 1.0 when equal; for a gold key longer than 40 characters difflib's
    ratio when it is at least 0.9; else 0."""
    if len(gold) <= FUZZY_LENGTH:
        return 1.0 if gold == out else 0.0
    matcher = SequenceMatcher(None, gold, out, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_RATIO or matcher.quick_ratio() < FUZZY_RATIO:
        return 0.0
    return matcher.ratio()


def word_overlap(gold_key: str, out_key: str) -> float:
    """F1 of the two keys' words as multisets (1.0 when both are empty)."""
    gold_words, out_words = gold_key.split(), out_key.split()
    if not gold_words and not out_words:
        return 1.0
    common = sum((Counter(gold_words) & Counter(out_words)).values())
    return 2 * common / (len(gold_words) + len(out_words))


def field_equal(name: str, gold: Any, out: Any, numeric: frozenset[str] = frozenset()) -> bool:
    if name in numeric or name in PAGE_FIELDS:
        g, o = number(gold), number(out)
        if g is not None or o is not None:
            return same_number(g, o)
    return text_key(gold) == text_key(out)


# --- counting -------------------------------------------------------------------------------------------


def ratio(part: int, whole: int, empty: float | None = 1.0) -> float | None:
    return part / whole if whole else empty


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Counts:
    """Row counts of one table: recall over every gold row, precision over complete tables only."""

    tp: int = 0  # gold rows paired with an output row
    gold: int = 0
    predicted: int = 0  # output rows of documents where the table is complete
    tp_complete: int = 0  # pairs in those documents

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.gold += other.gold
        self.predicted += other.predicted
        self.tp_complete += other.tp_complete

    @property
    def precision(self) -> float:
        return ratio(self.tp_complete, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold, "tp_complete": self.tp_complete,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class FieldCounts:
    """One field on paired rows."""

    pairs: int = 0
    equal: int = 0
    gold_given: int = 0  # pairs where gold has a value
    out_given: int = 0  # pairs where the output has a value
    right_given: int = 0  # pairs where gold has a value and the output equals it
    words_sum: float = 0.0  # sum over pairs of the word overlap (F1 of the keys' words); text fields only
    text: bool = True

    def count(self, gold_value: Any, out_value: Any, equal: bool) -> None:
        gold_key, out_key = text_key(gold_value), text_key(out_value)
        self.pairs += 1
        self.equal += equal
        self.gold_given += gold_key != ""
        self.out_given += out_key != ""
        self.right_given += gold_key != "" and equal
        self.words_sum += 1.0 if equal else word_overlap(gold_key, out_key)

    def add(self, other: FieldCounts) -> None:
        for name in ("pairs", "equal", "gold_given", "out_given", "right_given", "words_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.text = other.text

    @property
    def accuracy(self) -> float | None:
        return ratio(self.equal, self.pairs, None)

    @property
    def recall(self) -> float | None:
        return ratio(self.right_given, self.gold_given, None)

    @property
    def precision(self) -> float | None:
        return ratio(self.right_given, self.out_given, None)

    @property
    def words(self) -> float | None:
        """Mean word overlap: partial credit for free text such as a metric's subject."""
        return self.words_sum / self.pairs if self.pairs and self.text else None

    def to_json(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "equal": self.equal, "gold_given": self.gold_given,
                "out_given": self.out_given, "right_given": self.right_given,
                "accuracy": self.accuracy, "precision": self.precision, "recall": self.recall,
                "words": self.words}


@dataclass
class TableScore:
    """One table of one document (or a sum of them)."""

    counts: Counts = field(default_factory=Counts)
    fields: dict[str, FieldCounts] = field(default_factory=dict)
    subsets: dict[str, Counts] = field(default_factory=dict)
    linked: Counts | None = None  # footnotes: tp = gold footnotes found and linked
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_hits: list[dict[str, Any]] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: TableScore) -> None:
        self.counts.add(other.counts)
        for name, counts in other.fields.items():
            self.fields.setdefault(name, FieldCounts()).add(counts)
        for name, counts in other.subsets.items():
            self.subsets.setdefault(name, Counts()).add(counts)
        if other.linked is not None:
            if self.linked is None:
                self.linked = Counts()
            self.linked.add(other.linked)

    def to_json(self, details: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = self.counts.to_json()
        data["fields"] = {name: counts.to_json() for name, counts in self.fields.items()}
        if self.subsets:
            data["subsets"] = {name: counts.to_json() for name, counts in sorted(self.subsets.items())}
        if self.linked is not None:
            data["linked"] = {"linked": self.linked.tp, "gold": self.linked.gold, "rate": self.linked.recall}
        if details:
            data["misses"] = self.misses
            data["false_hits"] = self.false_hits
            data["field_errors"] = self.field_errors
        return data


# --- pairing --------------------------------------------------------------------------------------------


@dataclass
class _Item:
    row: dict[str, Any]
    exact: tuple  # identity that must be equal (text keys, provenance)
    name: str  # key of the fuzzy-capable name ("" when the table has none)
    numbers: tuple
    optional: tuple
    page: float | None
    heads: tuple = ()


def _item(row: dict[str, Any], spec: Spec) -> _Item:
    texts = [text_key(row.get(name)) for name in spec.identity]
    name = texts.pop() if spec.identity and spec.identity[-1] == "name" else ""
    exact = tuple(texts)
    if spec.provenance:
        exact += (text_key(row.get("source")), number(row.get("footnote_no")))
    return _Item(row=row, exact=exact, name=name, numbers=tuple(number(row.get(n)) for n in spec.numbers),
                 optional=tuple(text_key(row.get(n)) for n in spec.optional),
                 page=number(row.get("page")) if spec.provenance else None,
                 heads=tuple(text_key(row.get(n)) for n in spec.head))


def same_head(gold: str, out: str) -> bool:
    """Equal keys, or one is the other followed by more words ("hội viên" and "hội viên mới")."""
    if gold == out:
        return True
    short, long = sorted((gold, out), key=len)
    return bool(short) and long.startswith(short + " ")


def _compatible(gold: _Item, out: _Item) -> bool:
    """Everything but the name agrees."""
    if gold.page is not None and not same_number(gold.page, out.page):
        return False
    if any(g and g != o for g, o in zip(gold.optional, out.optional)):
        return False
    if not all(same_head(g, o) for g, o in zip(gold.heads, out.heads)):
        return False
    return all(same_number(g, o) for g, o in zip(gold.numbers, out.numbers))


def pair_rows(table: str, gold_rows: list[dict[str, Any]], out_rows: list[dict[str, Any]]
              ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold rows with output rows one-to-one (see the matching rules).

    Returns (pairs as (gold index, output index) in gold order, unpaired gold indexes, unpaired output indexes).
    """
    spec = SPECS[table]
    gold = [_item(row, spec) for row in gold_rows]
    out = [_item(row, spec) for row in out_rows]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for index, item in enumerate(out):
        buckets[item.exact + (item.name,)].append(index)
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for g, item in enumerate(gold):  # pass 1: equal keys, first free output row in document order
        for o in buckets.get(item.exact + (item.name,), ()):
            if o not in taken and _compatible(item, out[o]):
                pairs[g] = o
                taken.add(o)
                break
    for g, item in enumerate(gold):  # pass 2: long names that match fuzzily, best ratio first
        if g in pairs or len(item.name) <= FUZZY_LENGTH:
            continue
        best, best_ratio = None, FUZZY_RATIO
        for o, candidate in enumerate(out):
            if o in taken or candidate.exact != item.exact or not _compatible(item, candidate):
                continue
            score = name_ratio(item.name, candidate.name)
            if score > best_ratio or (best is None and score >= FUZZY_RATIO):
                best, best_ratio = o, score
        if best is not None:
            pairs[g] = best
            taken.add(best)
    ordered = sorted(pairs.items())
    return ordered, [g for g in range(len(gold)) if g not in pairs], [o for o in range(len(out)) if o not in taken]


def score_table(table: str, gold_rows: list[dict[str, Any]], out_rows: list[dict[str, Any]],
                complete: bool = True, doc: str = "") -> TableScore:
    """Pair and score one table of one document; ``complete`` False scores recall only."""
    spec = SPECS[table]
    pairs, missed, extra = pair_rows(table, gold_rows, out_rows)
    score = TableScore(counts=_counts(len(pairs), len(gold_rows), len(out_rows), complete))
    _score_fields(score, table, [(gold_rows[g], out_rows[o]) for g, o in pairs], doc)
    if spec.subsets:
        paired = {g for g, _ in pairs}
        values = sorted({text_key(row.get(spec.subsets)) for row in gold_rows + out_rows})
        for value in values:
            gold_in = [g for g, row in enumerate(gold_rows) if text_key(row.get(spec.subsets)) == value]
            out_in = [row for row in out_rows if text_key(row.get(spec.subsets)) == value]
            score.subsets[value or "(empty)"] = _counts(len(paired.intersection(gold_in)), len(gold_in), len(out_in),
                                                        complete)
    if table == "footnotes":
        linked = 0
        for g, o in pairs:
            gold_anchor, out_anchor = number(gold_rows[g].get("anchor_page")), number(out_rows[o].get("anchor_page"))
            linked += out_anchor is not None and (gold_anchor is None or same_number(gold_anchor, out_anchor))
        score.linked = Counts(tp=linked, gold=len(gold_rows))
    score.misses = [{"doc": doc, "table": table, "row": _label(table, gold_rows[g]), "where": _where(gold_rows[g]),
                     "near": _near(table, gold_rows[g], [out_rows[o] for o in extra])} for g in missed]
    if complete:
        score.false_hits = [{"doc": doc, "table": table, "row": _label(table, out_rows[o]),
                             "where": _where(out_rows[o]), "id": out_rows[o].get(ID_COLUMN.get(table, ""), ""),
                             "context": out_rows[o].get("context", "")} for o in extra]
    return score


def _counts(tp: int, gold: int, predicted: int, complete: bool) -> Counts:
    return Counts(tp=tp, gold=gold, predicted=predicted if complete else 0, tp_complete=tp if complete else 0)


def _score_fields(score: TableScore, table: str, pairs: list[tuple[dict[str, Any], dict[str, Any]]],
                  doc: str) -> None:
    """Count every field of the paired rows into ``score.fields``; list the wrong values."""
    spec = SPECS[table]
    only_given = PAGE_FIELDS | set(spec.gold_columns)  # scored only where gold gives a value
    names = [name for name in spec.fields if name not in spec.gold_columns
             or any(spec.gold_columns[name] in gold for gold, _ in pairs)]
    for name in names:
        score.fields[name] = FieldCounts(text=name not in spec.numeric_fields and name not in PAGE_FIELDS)
    for gold, out in pairs:
        for name in names:
            gold_value, out_value = gold.get(spec.gold_columns.get(name, name), ""), out.get(name, "")
            if name in only_given and text_key(gold_value) == "":
                continue
            equal = field_equal(name, gold_value, out_value, spec.numeric_fields)
            score.fields[name].count(gold_value, out_value, equal)
            if not equal:
                score.field_errors.append({"doc": doc, "table": table, "field": name, "gold": gold_value,
                                           "output": out_value, "row": _label(table, gold), "where": _where(out),
                                           "id": out.get(ID_COLUMN.get(table, ""), "")})


def _label(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {name: row.get(name, "") for name in ROW_LABEL[table] if row.get(name, "") != ""}


def _where(row: dict[str, Any]) -> str:
    parts = []
    if row.get("page", "") != "":
        parts.append(f"p{row['page']}")
    if row.get("source"):
        parts.append(row["source"] + (f" {row['footnote_no']}" if row.get("footnote_no", "") != "" else ""))
    return " ".join(parts)


def _near(table: str, gold_row: dict[str, Any], candidates: list[dict[str, Any]]) -> str:
    """The unpaired output row most like a missed gold row, to tell a wrong field from a real miss."""
    if not candidates or table == "footnotes" or len(candidates) > 300:
        return ""
    target = " ".join(text_key(v) for v in _label(table, gold_row).values())
    best, best_ratio = "", 0.6
    for row in candidates:
        text = " ".join(text_key(v) for v in _label(table, row).values())
        matcher = SequenceMatcher(None, target, text, autojunk=False)
        if matcher.quick_ratio() <= best_ratio:
            continue
        score = matcher.ratio()
        if score > best_ratio:
            best, best_ratio = f"{_describe(table, _label(table, row))} [{_where(row)}]", score
    return best


# --- documents ------------------------------------------------------------------------------------------


@dataclass
class GoldDocument:
    key: str
    file: str
    sha256: str
    source: str
    complete: list[str]
    document: dict[str, str]
    tables: dict[str, list[dict[str, str]]]
    folder: Path


def load_gold(gold_dir: str | Path) -> list[GoldDocument]:
    """Every gold document under ``gold_dir`` (a folder of ``<key>/gold.json`` folders, or one of them)."""
    root = Path(gold_dir)
    paths = [root / "gold.json"] if (root / "gold.json").exists() else sorted(root.glob("*/gold.json"))
    if not paths:
        raise EvaluateError(f"no gold.json under {root}")
    documents = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise EvaluateError(f"{path}: not valid JSON ({exc})") from None
        tables = {}
        for table in ROW_TABLES:
            csv_path = path.parent / f"{table}.csv"
            tables[table] = _read_csv(csv_path) if csv_path.exists() else []
        documents.append(GoldDocument(
            key=data.get("key") or path.parent.name, file=data.get("file", ""), sha256=data.get("sha256", ""),
            source=data.get("source", ""), complete=list(data.get("complete", [])),
            document=data.get("document", {}), tables=tables, folder=path.parent))
    return documents


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class DocumentScore:
    """Every table of one gold document."""

    key: str
    group: str  # the gold source: samples, corpus/dev
    file: str
    doc_id: str = ""
    text_source: str = ""
    status: str = ""
    matched_by: str = ""  # sha256 or file
    tables: dict[str, TableScore] = field(default_factory=dict)

    def to_json(self, details: bool = True) -> dict[str, Any]:
        return {"key": self.key, "group": self.group, "file": self.file, "doc_id": self.doc_id,
                "matched_by": self.matched_by, "text_source": self.text_source, "status": self.status,
                "tables": {name: score.to_json(details) for name, score in self.tables.items()}}


def score_document(gold: GoldDocument, output: dict[str, Any], out_tables: dict[str, list[dict[str, str]]]
                   ) -> DocumentScore:
    """Score one gold document against its documents.csv row and the output rows with its doc_id."""
    result = DocumentScore(key=gold.key, group=gold.source, file=gold.file, doc_id=output.get("doc_id", ""),
                           text_source=output.get("text_source", ""), status=output.get("status", ""))
    meta = TableScore(counts=Counts(tp=1, gold=1, predicted=1, tp_complete=1))
    right, scored = 0, [name for name in METADATA if name in gold.document]  # a field gold leaves out is not scored
    for name in scored:
        gold_value, out_value = gold.document[name], output.get(name, "")
        equal = field_equal(name, gold_value, out_value)
        meta.fields[name] = FieldCounts()
        meta.fields[name].count(gold_value, out_value, equal)
        right += equal
        if not equal:
            meta.field_errors.append({"doc": gold.key, "table": "documents", "field": name, "gold": gold_value,
                                      "output": out_value, "row": {}, "where": "", "id": result.doc_id})
    all_right = int(right == len(scored))
    meta.subsets["all fields right"] = Counts(tp=all_right, gold=1, predicted=1, tp_complete=all_right)
    result.tables["documents"] = meta
    for table in ROW_TABLES:
        rows = [row for row in out_tables.get(table, []) if result.doc_id and row.get("doc_id") == result.doc_id]
        result.tables[table] = score_table(table, gold.tables[table], rows, table in gold.complete, gold.key)
    return result


# --- the report -----------------------------------------------------------------------------------------


@dataclass
class Report:
    gold_dir: str
    out_dir: str
    documents: list[DocumentScore] = field(default_factory=list)
    absent: list[dict[str, str]] = field(default_factory=list)  # gold documents not in the output

    def members(self) -> dict[str, list[DocumentScore]]:
        """The documents of each gold source, of its text-layer documents when some are not, and "all"."""
        groups: dict[str, list[DocumentScore]] = defaultdict(list)
        mixed = {doc.group for doc in self.documents if doc.text_source != "text"}
        for doc in self.documents:
            groups[doc.group].append(doc)
            if doc.group in mixed and doc.text_source == "text":
                groups[f"{doc.group} (text layer)"].append(doc)
        order = sorted(groups, key=lambda group: (group != "samples", group))
        return {**{group: groups[group] for group in order}, "all": list(self.documents)}

    def groups(self) -> dict[str, dict[str, TableScore]]:
        """Summed scores of each group of :meth:`members`."""
        sums = {}
        for group, documents in self.members().items():
            sums[group] = {name: TableScore() for name in TABLE_ORDER}
            for doc in documents:
                for name, score in doc.tables.items():
                    sums[group][name].add(score)
        return sums

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold_dir, "out": self.out_dir, "matching_rules": MATCHING_RULES,
            "groups": {group: {name: score.to_json(details=False) for name, score in tables.items()}
                       for group, tables in self.groups().items()},
            "documents": [doc.to_json() for doc in self.documents],
            "absent": self.absent,
            "scores": scores(self),
        }


def evaluate(gold_dir: str | Path, out_dir: str | Path) -> Report:
    """Score the tables of ``out_dir`` (as written by ``baocao run``) against the gold under ``gold_dir``."""
    out = Path(out_dir)
    if not (out / "documents.csv").exists():
        raise EvaluateError(f"no documents.csv in {out}: run `baocao run PATH --out {out}` first")
    out_tables = {table: _read_csv(out / f"{table}.csv") if (out / f"{table}.csv").exists() else []
                  for table in ("documents",) + ROW_TABLES}
    by_sha = {row["sha256"]: row for row in out_tables["documents"] if row.get("sha256")}
    by_name: dict[str, dict[str, str]] = {}
    for row in out_tables["documents"]:
        by_name.setdefault(Path(row.get("source_file", "")).name, row)
    report = Report(gold_dir=str(gold_dir), out_dir=str(out))
    for gold in load_gold(gold_dir):
        output, matched_by = by_sha.get(gold.sha256) if gold.sha256 else None, "sha256"
        if output is None:
            output, matched_by = by_name.get(Path(gold.file).name), "file"
        if output is None:
            report.absent.append({"key": gold.key, "group": gold.source, "file": gold.file})
            continue
        doc = score_document(gold, output, out_tables)
        doc.matched_by = matched_by
        report.documents.append(doc)
    return report


def _flat(tables: dict[str, TableScore]) -> dict[str, float]:
    """The named scores of one document or group: what thresholds.json records."""
    flat: dict[str, float] = {}
    for table, score in tables.items():
        if table == "documents":
            for name, counts in score.fields.items():
                flat[f"documents.{name}"] = counts.accuracy
            if "all fields right" in score.subsets:
                flat["documents.all_fields"] = score.subsets["all fields right"].recall
            continue
        for stat in ("precision", "recall", "f1"):
            flat[f"{table}.{stat}"] = getattr(score.counts, stat)
        for subset, counts in score.subsets.items():
            for stat in ("precision", "recall", "f1"):
                flat[f"{table}.{subset}.{stat}"] = getattr(counts, stat)
        for name, counts in score.fields.items():
            for stat in ("accuracy", "precision", "recall", "words"):
                flat[f"{table}.{name}.{stat}"] = getattr(counts, stat)
        if score.linked is not None and score.linked.gold:
            flat["footnotes.linked"] = score.linked.recall
    return {name: value for name, value in sorted(flat.items()) if value is not None}


def scores(report: Report) -> dict[str, dict[str, float]]:
    """Named scores per gold document (by key), per group ("group:samples", …) and "all"."""
    result = {doc.key: _flat(doc.tables) for doc in report.documents}
    for group, tables in report.groups().items():
        result[group if group == "all" else f"group:{group}"] = _flat(tables)
    return result


# --- thresholds -----------------------------------------------------------------------------------------


def load_thresholds(path: str | Path) -> dict[str, dict[str, float]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def check_thresholds(report: Report, thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Every score below its threshold, as "key name: measured < threshold".

    Thresholds are per gold document (by key); documents absent from the output are not checked. A score
    that can no longer be computed counts as 0.
    """
    measured = {doc.key: _flat(doc.tables) for doc in report.documents}
    failures = []
    for key, wanted in thresholds.items():
        if key not in measured:
            continue
        for name, threshold in wanted.items():
            value = measured[key].get(name, 0.0)
            if value + 1e-9 < threshold:
                failures.append(f"{key} {name}: {value:.4f} < {threshold:.4f}")
    return failures


def floor3(value: float) -> float:
    """Round down to 3 decimals: a threshold never above what was measured."""
    return math.floor(value * 1000 + 1e-9) / 1000


def raise_thresholds(thresholds: dict[str, dict[str, float]], report: Report) -> dict[str, dict[str, float]]:
    """Thresholds raised to the scores of ``report`` (rounded down), never lowered, new scores added."""
    result = {key: dict(values) for key, values in thresholds.items()}
    for key, values in {doc.key: _flat(doc.tables) for doc in report.documents}.items():
        target = result.setdefault(key, {})
        for name, value in values.items():
            target[name] = max(target.get(name, 0.0), floor3(value))
    return {key: dict(sorted(values.items())) for key, values in sorted(result.items())}


def thresholds_lowered(old: dict[str, dict[str, float]], new: dict[str, dict[str, float]]) -> list[str]:
    """Every threshold of ``old`` that ``new`` lowers or drops."""
    lowered = []
    for key, values in old.items():
        if key.startswith("_"):
            continue
        for name, value in values.items():
            now = new.get(key, {}).get(name)
            if now is None or now < value:
                lowered.append(f"{key} {name}: {value} -> {now}")
    return lowered


def thresholds_json(thresholds: dict[str, dict[str, float]]) -> str:
    """thresholds.json text: one line per score, stable order."""
    about = ("Scores `baocao evaluate` must reach, per gold document (its key); checked by "
             "tests/test_evaluate.py. Values only go up: run "
             "BAOCAO_UPDATE_THRESHOLDS=1 pytest tests/test_evaluate.py to raise them to what is measured.")
    body = {"_about": about, **thresholds}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# --- text -----------------------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def _describe(table: str, label: dict[str, Any], width: int = 90) -> str:
    text = " | ".join(str(value) for value in label.values())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_lines(tables: dict[str, TableScore]) -> list[str]:
    lines = [f"  {'table':<26} {'tp':>5} {'pred':>5} {'gold':>5}     P     R    F1"]
    for name in TABLE_ORDER:
        score = tables[name]
        rows = [(name, score.counts)] + [(f"  {name}[{k}]", c) for k, c in score.subsets.items()]
        for label, c in rows:
            lines.append(f"  {label:<26} {c.tp:>5} {c.predicted:>5} {c.gold:>5} {_fmt(c.precision)} "
                         f"{_fmt(c.recall)} {_fmt(c.f1)}")
    lines.append(f"  {'field':<26} {'pairs':>5}   acc     P     R  words  (right/gold gives one)")
    for name in TABLE_ORDER:
        for field_name, c in tables[name].fields.items():
            lines.append(f"  {name + '.' + field_name:<26} {c.pairs:>5} {_fmt(c.accuracy)} {_fmt(c.precision)} "
                         f"{_fmt(c.recall)} {_fmt(c.words)}  ({c.right_given}/{c.gold_given})")
    linked = tables["footnotes"].linked
    if linked is not None and linked.gold:
        lines.append(f"  footnotes linked: {linked.tp}/{linked.gold}")
    return lines


def format_report(report: Report, field_errors: int = 10) -> str:
    """The report as text: scores per group, per document, then every miss, false hit and field error.

    Args:
        field_errors: wrong field values listed per document and table (-1: all).
    """
    lines = [f"gold {report.gold_dir} against output {report.out_dir}: {len(report.documents)} gold documents "
             f"scored" + (f", {len(report.absent)} not in the output (not scored)" if report.absent else "")]
    members = report.members()
    for group, tables in report.groups().items():
        count = len(members[group])
        lines += ["", f"== {group} ({count} document{'' if count == 1 else 's'})"] + _table_lines(tables)
    lines += ["", "== per document (P/R/F1; documents: metadata fields right)"]
    for doc in report.documents:
        meta = doc.tables["documents"].fields
        parts = [f"meta {sum(c.equal for c in meta.values())}/{len(meta)}"]
        for name in ROW_TABLES:
            c = doc.tables[name].counts
            parts.append(f"{name} {c.tp}/{c.predicted}/{c.gold} {c.precision:.2f}/{c.recall:.2f}/{c.f1:.2f}")
        lines.append(f"  {doc.key:<18} {doc.text_source or doc.status:<7} " + "  ".join(parts))
    lines.append("  (tp/predicted/gold P/R/F1)")
    for item in report.absent:
        lines.append(f"  {item['key']:<18} not in the output: {item['file']}")
    lines += ["", "== misses (gold rows not found) and false hits (output rows not in gold)"]
    for doc in report.documents:
        for name in ROW_TABLES:
            score = doc.tables[name]
            for miss in score.misses:
                near = f"  ~ near: {miss['near']}" if miss["near"] else ""
                lines.append(f"  {doc.key} {name} MISS [{miss['where']}] {_describe(name, miss['row'])}{near}")
            for hit in score.false_hits:
                lines.append(f"  {doc.key} {name} FALSE [{hit['where']}] {_describe(name, hit['row'])}")
    if field_errors:
        lines += ["", "== wrong field values on paired rows (gold -> output)"]
        for doc in report.documents:
            for name in TABLE_ORDER:
                errors = doc.tables[name].field_errors
                shown = errors if field_errors < 0 else errors[:field_errors]
                for error in shown:
                    row = _describe(name, error["row"], 50) if error["row"] else ""
                    lines.append(f"  {doc.key} {name}.{error['field']} {row} [{error['where']}]: "
                                 f"{_short(error['gold'])!r} -> {_short(error['output'])!r}")
                if len(errors) > len(shown):
                    lines.append(f"  {doc.key} {name}: … {len(errors) - len(shown)} more")
    return "\n".join(lines) + "\n"


def _short(value: Any, width: int = 80) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"

"""metrics.csv: every MONEY, PERCENT and QUANTITY figure, with its qualifier and what it measures.

Prose: one row per MONEY, PERCENT or QUANTITY span of the tagger. The subject of a count ("12 xã phấn đấu
về đích nông thôn mới") is its noun and the clause after it ("xã phấn đấu về đích nông thôn mới"); the
subject of an amount, a percentage or a duration, and of a count that ends its clause ("Ban Kiểm tra có 03
thành viên."), is read from the words before it back to the last clause break (comma, semicolon, colon,
opening bracket, sentence start), without the verb or qualifier that leads to the figure ("tổng thu ngân
sách trên địa bàn tính đến hết tháng 9 đạt 5.027 tỷ đồng"). A figure whose clause holds no subject ("…, đạt
92,2% so với dự toán") takes the subject of the figure before it in the same sentence, without its time
phrase ("tính đến hết tháng 9"). A comparison after the figure ("so với dự toán") is added to the subject.
Blocks holding nothing but numbers (the axis ticks and data labels of a chart: "0,000% 20,000% …") give no
rows.

Ruled tables (blocks of kind ``table_row``): the leading rows without figures are the header. A column
whose header names what its cells are (``extract/data/table_columns.tsv``: "Điểm số" -> điểm, "Chỉ số" /
"Tỷ lệ" -> %, "Thứ hạng" -> not figures) gives one row per number cell with that unit, also when the cell
writes none ("6,74" under "Điểm số" is 6.74 điểm; "9,49/ 9,5" is 9.49 điểm, raw "9,49/9,5"); a header that
is a unit ("Triệu đồng") or names one in brackets ("Kinh phí (triệu đồng)", "Số lượng (người)") does the
same. A "Đơn vị tính" column gives the plain numbers of its row the unit its cell names ("Tỷ đồng", "%",
"Hộ"); a line just above the table ("ĐVT: 1.000 đồng") gives it to the plain numbers of the whole table and
to money columns whose header names no unit ("Số tiền", else đồng). Other columns keep the tagger's spans. A table without a header continues the previous one when their columns agree (a
table broken by a page). The subject of a cell is "<caption> <group header> - <row label> (<column header>)",
the caption coming from the headings above the table (the short name in brackets of its section and the
year of the nearest heading: "PAR INDEX 2024 Lâm Đồng - Cải cách thể chế (điểm số)").

Amounts of money in words ("Tổng số tiền thưởng: bốn mươi lăm triệu đồng chẵn", ``spelled.find_spelled`` with
"đồng" after the words) are figures too, with the subject and qualifier of any amount, raw being the words as
written, unless they restate a figure: the figure in digits they follow with nothing but its unit, punctuation,
a bracket or "Bằng chữ:" between ("45.500.000 đồng (bốn mươi lăm triệu năm trăm nghìn đồng chẵn)"; also
across a block break: a table's total with the words under it), or words that say they restate one ("Bằng
chữ: …", a bracket right after a number). Counted as a row of its own, a restatement would count the money
twice. Words overlapping a tagged span (a name, a date, a figure) and words in title case ("Hai Trăm Đồng", a
name), words in quotation marks (the name of a drive: “Mỗi người một nghìn đồng”) and rates ("hai trăm nghìn
đồng/người") give no row.
``restatements`` gives the findings the same pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from baocao.extract.entities.numbers import NUMBER, measure_kind, parse_measure, parse_number, unit_table
from baocao.extract.entities.spelled import SpelledAmount, find_spelled
from baocao.extract.entities.tagger import Span
from baocao.extract.entities.vocab import cue_pattern, read_rows
from baocao.extract.model import Block
from baocao.extract.textnorm import clean, fold

from .tables import MetricRow
from .tagged import FIGURE_CELL, ROW_NUMBER, TaggedDocument, figure_cell

FIGURES = ("MONEY", "PERCENT", "QUANTITY")

# A dash glued to the number before the figure breaks the clause too: the second end of "20-25 tỷ đồng"
# has the first's subject (a year range inside the clause, "nhiệm kỳ 2019-2025", does not break it).
_CLAUSE_BREAK = re.compile(r"[,;:(\[]|\s[-–]\s|(?<=\d)[-–]$")
# Verbs and particles that lead to a figure; they are not part of its subject (cues.tsv figure_lead).
_LEAD = re.compile(r"(?:\s|^)" + cue_pattern("figure_lead") + r"\s*$", re.IGNORECASE)
# Time phrases inside a subject: cut from here on.
_TIME = re.compile(
    r"\s(?:tính\s+(?:đến|từ)|đến\s+hết|đến\s+ngày|từ\s+đầu\s+năm|trong\s+năm|năm\s+\d{4}|tháng\s+\d|ngày\s+\d|"
    r"hết\s+tháng|hiện\s+nay|đến\s+nay|sau\s+\d)", re.IGNORECASE)
_COORDINATED = re.compile(r"\s*(?:,|và|hoặc)\s*")  # between two figures that share a subject
_COMPARISON = re.compile(r"^\s*(so\s+với\s+[^,;.()]+)", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^" + cue_pattern("subject_drop") + r"\s+", re.IGNORECASE)  # cues.tsv
_WORDS_IN_BRACKET = re.compile(r"\((?=[^()]*[^\W\d_])[^()]*\)")
_TRAILING_JUNK = re.compile(r"\s+(?:và|hoặc|với|cùng)$", re.IGNORECASE)
# The clause after a count: up to a clause break, a conjunction or "trị giá" (an amount follows).
_AFTER_BREAK = re.compile(r"[,;:()\[\]“”\"…]|\.(?:\s|$)|\s[-–]\s|\s(?:và|hoặc|nhưng|để|nên|thì|trị giá|với)\s")
_AFTER_WORDS = 14
_NOUN_AND = re.compile(r"\s+(?:và|hoặc)\s+(?=[A-ZĐ]|[^\W\d_]+\s)")  # a second noun coordinated with the unit
# Words after a percentage that do not name what it is a share of: a comparison, a bound, a clause.
_PERCENT_OF = re.compile(cue_pattern("not_share_of") + r"\b", re.IGNORECASE)  # cues.tsv
_NUMERIC_BLOCK = re.compile(r"[\d\s.,%/()+\-–]*")  # a chart's tick marks and data labels
# Between a figure and the words restating it: its unit, punctuation, "(", "Bằng chữ:" / "viết bằng chữ:".
_RESTATES = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)?\s*[.,;:]?\s*\(?\s*(?:(?:viết\s+)?bằng\s+chữ\s*:?\s*)?$", re.IGNORECASE)
# Words that say they restate a figure, also where we find none to pair them with: after "Bằng chữ:", in a
# bracket right after a number ("315.500 (Ba trăm mười lăm triệu năm trăm nghìn đồng)").
_SAYS_RESTATES = re.compile(r"(?:bằng\s+chữ\s*:?|\d\S*(?:\s+[^\s\d()]+){0,3}\s*\()\s*$", re.IGNORECASE)


def extract_metrics(tagged: TaggedDocument) -> list[MetricRow]:
    """One row per figure in the document's content blocks, in reading order."""
    rows: list[MetricRow] = []
    tables = _Tables(tagged)
    previous: list[MetricRow] = []  # the rows of the content block before: words may restate its last figure
    for index, block, spans in tagged.content():
        found = _block_rows(tagged, tables, index, block, spans)
        words = _amounts_of_their_own(tagged, index, spans, previous + found)
        if words:
            found = _block_rows(tagged, tables, index, block, sorted([*spans, *words], key=lambda s: (s.start, s.end)))
        rows += found
        previous = found
    return rows


def _block_rows(tagged: TaggedDocument, tables: _Tables, index: int, block: Block, spans) -> list[MetricRow]:
    """The rows of one content block from its figure spans."""
    if block.kind == "table_row":
        return tables.rows(index, block, spans)
    if _NUMERIC_BLOCK.fullmatch(block.text):
        return []
    rows: list[MetricRow] = []
    previous_subject = ""
    previous_sentence = None
    previous_end = None
    unit_line = _unit_line(block.text)  # "ĐVT: 1.000 đồng" names a unit, it is no figure
    for span in spans:
        if span.label not in FIGURES or (unit_line and span.start >= unit_line[0].start()):
            continue
        start, raw = _raw(span)
        sentence = tagged.sentence(index, start)
        if sentence != previous_sentence:
            previous_subject = ""
            previous_sentence = sentence
        subject = _subject(block.text, span, start, sentence)
        if not subject or (previous_subject and previous_end is not None and span.label != "QUANTITY"
                           and _COORDINATED.fullmatch(block.text[previous_end:start])):
            # "1.490.000 đồng/tập thể và 745.000 đồng/cá nhân": amounts coordinated share one subject
            subject = previous_subject
        else:
            previous_subject = _without_time(subject)
        previous_end = span.end
        comparison = _COMPARISON.match(block.text[span.end:])
        if comparison:
            subject = f"{subject} {comparison.group(1).strip()}".strip()
        rows.append(_row(tagged, index, span, start, raw, subject))
    return rows


# --- amounts in words -------------------------------------------------------------------------------------

def restated_figure(tagged: TaggedDocument, index: int, amount: SpelledAmount, rows: list[MetricRow]
                    ) -> MetricRow | None:
    """The figure in digits among ``rows`` that the words ``amount`` of block ``index`` restate, None when they
    restate none.

    It is the last money figure in VND before the words with nothing but its unit, punctuation, a bracket or
    "Bằng chữ:" between them ("45.500.000 đồng (bốn mươi lăm triệu năm trăm nghìn đồng chẵn)", "… 4.500.000
    đồng. Bằng chữ: …"); words opening their block may restate the figure ending the block before (the total
    row of a table, the total in words under it).
    """
    blocks = tagged.blocks
    text = blocks[index].text
    before = blocks[index - 1] if index > 0 and blocks[index - 1].source == blocks[index].source else None
    best, best_key = None, None
    for row in rows:
        if (row.label != "MONEY" or row.unit != "VND" or row.value is None or row.char_end is None
                or not any(ch.isdigit() for ch in row.raw)):
            continue
        if row.block == index and row.char_end <= amount.start:
            gap, key = text[row.char_end:amount.start], (1, row.char_end)
        elif before is not None and row.block == index - 1:
            gap, key = before.text[row.char_end:] + "\n" + text[:amount.start], (0, row.char_end)
        else:
            continue
        if _RESTATES.match(gap) and (best_key is None or key > best_key):
            best, best_key = row, key
    return best


def restatements(tagged: TaggedDocument, rows: list[MetricRow]) -> list[tuple[int, SpelledAmount, MetricRow]]:
    """``(block, amount in words, the figure it restates)`` of every amount in words (in VND or without a
    unit) of the document's content blocks that restates a figure of ``rows`` (see :func:`restated_figure`)."""
    by_block: dict[int, list[MetricRow]] = {}
    for row in rows:
        if row.block is not None:
            by_block.setdefault(row.block, []).append(row)
    out = []
    for index, block, _spans in tagged.content():
        near = by_block.get(index - 1, []) + by_block.get(index, [])
        if not near:
            continue
        for amount in find_spelled(block.text):
            if amount.unit not in ("VND", ""):
                continue
            figure = restated_figure(tagged, index, amount, near)
            if figure is not None:
                out.append((index, amount, figure))
    return out


def _amounts_of_their_own(tagged: TaggedDocument, index: int, spans, rows: list[MetricRow]) -> list[Span]:
    """The amounts of money in words of block ``index`` that restate no figure, as MONEY spans."""
    text = tagged.blocks[index].text
    out = []
    for amount in find_spelled(text):
        if amount.unit != "VND" or _SAYS_RESTATES.search(text[max(0, amount.start - 60):amount.start]):
            continue
        if any(span.start < amount.end and amount.start < span.end for span in spans):
            continue  # part of a name, a date or a figure the tagger found
        words = text[amount.start:amount.end].split()
        if all(word[:1].isupper() and not word.isupper() for word in words):
            continue  # "Hai Trăm Đồng": a name
        if re.match(r"\s*/", text[amount.end:]):
            continue  # a rate ("hai trăm nghìn đồng/người"): not an amount in VND, and no row of its own here
        before = text[:amount.start]
        if before.count("“") > before.count("”") or before.count('"') % 2:
            continue  # in quotation marks: the name of a drive ("phong trào “Mỗi người một nghìn đồng”")
        if restated_figure(tagged, index, amount, rows) is not None:
            continue
        out.append(Span("MONEY", amount.start, amount.end, text[amount.start:amount.end], f"{amount.value} VND",
                        float(amount.value), "VND", _qualifier_before(text, amount.start)))
    return out


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, str]:
    """Folded qualifier (qualifiers.tsv) -> its kind: bound, predicate or limit."""
    return {fold(row[0]): row[1] for row in read_rows("qualifiers.tsv") if len(row) > 1}


def _qualifier_before(text: str, start: int) -> str | None:
    """The qualifier written right before ``start`` (a bound or a predicate: "trên", "đạt"), as the tagger
    gives it to figures in digits; None for none or a limit ("dưới")."""
    if not text[:start].rstrip()[-1:].isalpha():
        return None  # a comma or bracket before the words: no qualifier
    words = re.findall(r"[^\W\d_]+", text[max(0, start - 30):start])
    for size in (2, 1):
        if len(words) >= size:
            kind = _qualifiers().get(fold(" ".join(words[-size:])))
            if kind is not None:
                return " ".join(words[-size:]) if kind != "limit" else None
    return None


def _row(tagged: TaggedDocument, index: int, span, start: int, raw: str, subject: str) -> MetricRow:
    where = tagged.where(index, start, span.end)
    return MetricRow(
        raw=raw, value=span.value, unit=span.unit or "", qualifier=span.qualifier or "", subject=subject,
        page=where.page, source=where.source, footnote_no=where.footnote_no, context=where.context,
        label=span.label, block=index, char_start=start, char_end=span.end,
    )


@lru_cache(maxsize=None)
def _span_words() -> tuple[str, ...]:
    """Qualifier words a span may start with (bounds and limits: "trên", "dưới"), longest first."""
    words = {word for word, kind in _qualifiers().items() if kind != "predicate"}
    return tuple(sorted(words, key=len, reverse=True))


def _raw(span) -> tuple[int, str]:
    """The figure without a qualifier or limit the span starts with ("trên 20 tỷ đồng" -> "20 tỷ đồng")."""
    text = span.text
    folded = fold(text)
    for word in _span_words():
        if folded.startswith(word + " ") and len(text) > len(word) + 1:
            cut = len(word) + 1
            return span.start + cut, text[cut:]
    return span.start, text


def _subject(text: str, span, figure_start: int, sentence: tuple[int, int]) -> str:
    """What the figure measures (see the module docstring)."""
    if span.label == "QUANTITY" and span.unit and fold(span.unit.split("/")[0]) not in _measure_units():
        after = _clause_after(text, span, sentence[1])
        if after:
            return after
    if span.label == "PERCENT":
        after = _clause_after(text, span, sentence[1], noun=False)
        if after:
            return after
    return _clause_before(text, span.start, sentence[0])


def _clause_after(text: str, span, sentence_end: int, noun: bool = True) -> str:
    """The words after the figure up to the clause's end, after a count's noun ("hồ sơ đã giải quyết"), or
    the noun phrase a percentage is of ("100% các dự án khởi công mới"; not "… so với", "… trở lên")."""
    rest = text[span.end:sentence_end]
    stop = _AFTER_BREAK.search(rest)
    if noun and stop and _NOUN_AND.match(rest):  # "100 Thừa phát lại và Thư ký nghiệp vụ đang hành nghề"
        stop = _AFTER_BREAK.search(rest, _NOUN_AND.match(rest).end())
    words = (rest[: stop.start()] if stop else rest).split()
    if not noun:
        if len(words) < 2 or _PERCENT_OF.match(" ".join(words)):
            return ""
        return " ".join(words[:_AFTER_WORDS]).strip(" .")
    if len(words) < 2:
        return ""
    unit = span.unit.split("/")[0]
    written = text[span.end - len(unit):span.end] if text[:span.end].endswith(unit) else unit
    return " ".join([written] + words[:_AFTER_WORDS]).strip(" .")


@lru_cache(maxsize=1)
def _measure_units() -> frozenset[str]:
    """Units of measure and durations: their subject is what comes before them ("hiến 700m² đất")."""
    measures = {fold(canonical) for canonical, kind, _ in unit_table().values() if kind != "SCALE"}
    return frozenset(measures | {fold(w) for w in ("năm", "tháng", "ngày", "tuần", "giờ", "phút", "quý", "lần",
                                                    "buổi", "đêm")})


def _without_time(subject: str) -> str:
    """``subject`` without the time phrase it ends with ("tổng thu … tính đến hết tháng 9" -> "tổng thu …")."""
    time = _TIME.search(" " + subject)
    return subject[: max(time.start() - 1, 0)].strip() if time and time.start() > 1 else subject


def _clause_before(text: str, figure_start: int, sentence_start: int) -> str:
    """The clause before a figure, without the words leading to it; a figure right after a colon takes
    the label before the colon ("Ban thư ký Hội: 22 người")."""
    before = text[sentence_start:figure_start]
    # A bracket closed before the figure is part of its clause when it holds words ("Trên địa bàn tỉnh Lâm
    # Đồng (mới) có 03 Hội"); one holding only a date or number is an aside ("(19/8/2019)").
    breaks = [b for b in _CLAUSE_BREAK.finditer(before) if not _WORDS_IN_BRACKET.match(before, b.start())
              or before[:b.start()].rstrip()[-1:].isdigit()]  # "01 (một) bộ hồ sơ": a number in words
    clause = before[breaks[-1].end():] if breaks else before
    if not clause.strip() and breaks and breaks[-1].group() == ":":
        label = before[: breaks[-1].start()]
        clause = label[breaks[-2].end():] if len(breaks) > 1 else label
    clause = clause.strip()
    close = clause.find(")")
    if close >= 0 and "(" not in clause[:close]:
        clause = clause[close + 1:].strip()  # the tail of a bracket ("… (mới) có 03 Hội"): no subject
    for _ in range(4):
        trimmed = _LEAD.sub("", clause).strip()
        if trimmed == clause:
            break
        clause = trimmed
    clause = _LEADING_JUNK.sub("", clause).strip(" .-–")
    clause = _TRAILING_JUNK.sub("", clause).strip(" .-–")  # "Chủ tịch và | 11 Phó chủ tịch"
    if len(clause) < 3 or not re.search(r"[^\W\d_]", clause):
        return ""
    return clause


# --- tables ----------------------------------------------------------------------------------------------

# A figure cell: a number, a ratio or a percentage, with a scale word the column's unit multiplies ("1,5 triệu"
# under "Số tiền (đồng)").
_BRACKETED = re.compile(r"\(([^()]+)\)")


@dataclass
class _Column:
    role: str = ""  # "figure", "none", "unit" (the row's unit of measure) or "" (the tagger decides)
    unit: str = ""  # canonical unit of a figure column
    label: str = ""  # MONEY, PERCENT or QUANTITY
    factor: float = 1.0
    header: str = ""  # the header naming the role ("Điểm số")
    group: str = ""  # a header above it spanning several columns ("Lâm Đồng")
    default: bool = False  # a money column whose header names no unit ("Số tiền"): the table's unit wins


@dataclass
class _Layout:
    width: int
    header_rows: int
    columns: list[_Column]
    unit_column: int | None = None  # a "Đơn vị tính" column: each row's cells are in the unit it names
    headers: list[str] = field(default_factory=list)  # each column's own header text (its lowest line)


@lru_cache(maxsize=1)
def _column_words() -> tuple[tuple[str, str, str], ...]:
    """(folded header, role, unit) of table_columns.tsv, longest first."""
    rows = [(fold(row[0]), row[1], row[2] if len(row) > 2 else "") for row in read_rows("table_columns.tsv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _header_role(text: str) -> _Column | None:
    """The role a header cell gives its column, None when it names none."""
    key = fold(clean(text))
    for words, role, unit in _column_words():
        if key == words or key.startswith(words + " ") or key.startswith(words + "("):
            if role in ("none", "unit"):
                return _Column(role=role, header=clean(text))
            bracketed = _bracketed_unit(text)
            if bracketed is not None:
                return bracketed
            column = _unit_column(unit, clean(text))
            if column is not None and role == "money":
                column.default = True
            return column
    if len(key.split()) <= 3 and measure_kind(clean(text)) in ("MONEY", "PERCENT", "MEASURE"):
        return _unit_column(clean(text), clean(text))  # the header is the unit: "Triệu đồng", "%"
    return _bracketed_unit(text)


def _bracketed_unit(text: str) -> _Column | None:
    """A unit the header names in brackets: "Kinh phí (triệu đồng)", "Tỷ lệ (%)"; a counted noun after
    "Số …" ("Số lượng (người)"; not "Thực hiện (lũy kế)")."""
    counts = clean(text).lower().startswith("số ")
    for bracketed in _BRACKETED.findall(text):
        inner = clean(bracketed)
        if measure_kind(inner) in ("MONEY", "PERCENT", "MEASURE") or (counts and _noun_unit(inner)):
            return _unit_column(inner, clean(text))
    return None


def _noun_unit(text: str) -> bool:
    """A counted noun standing as a unit ("người", "Hộ", "lượt khách"): one or two words of letters."""
    words = text.split()
    return 1 <= len(words) <= 2 and all(word.isalpha() for word in words) and not text.isupper()


def _unit_column(unit_text: str, header: str) -> _Column | None:
    """A figure column whose cells are in ``unit_text`` ("điểm", "%", "triệu đồng", "1.000 đồng", "Hộ")."""
    unit_text = clean(unit_text)
    try:
        if re.match(NUMBER, unit_text):
            factor, unit = parse_measure(unit_text)  # "1.000 đồng": a thousand đồng a unit
        else:
            factor, unit = parse_measure("1 " + unit_text)
    except ValueError:
        return None
    kind = measure_kind(re.sub(rf"^(?:{NUMBER})\s*", "", unit_text))
    label = {"MONEY": "MONEY", "PERCENT": "PERCENT"}.get(kind, "QUANTITY")
    if label == "QUANTITY" and kind != "MEASURE":
        unit = unit.lower()  # a counted noun: as written, in lower case
    return _Column(role="figure", unit=unit or unit_text, label=label, factor=factor, header=header)


# "ĐVT: triệu đồng", "(Đơn vị tính: 1.000 đồng)": a unit, with at most a multiplier of ten's powers before
# it ("Tổng số đơn vị: 12 xã" counts units, it names none).
_TABLE_UNIT = re.compile(r"(?<!số )(?<!\w)\(?\s*(?:đơn vị tính|đơn vị|đvt|đv tính)\s*:\s*"
                         r"((?:1(?:[.,]?000)*\s*)?[^()\d]*?)\s*\)?\s*$", re.IGNORECASE)


def _unit_line(text: str) -> tuple[re.Match, _Column] | None:
    """Where a line names the unit of the table under it, and that unit; None when it names none."""
    found = _TABLE_UNIT.search(text)
    if found is None or not re.search(r"[^\W\d_]|%", found.group(1)):
        return None
    column = _unit_column(found.group(1), "")
    return (found, column) if column is not None and column.unit else None


def _table_unit(blocks: list[Block], first: int) -> _Column | None:
    """The unit a line just above a table gives all its figures: "ĐVT: triệu đồng", "(Đơn vị tính: %)"."""
    for index in range(first - 1, max(-1, first - 3), -1):
        block = blocks[index]
        if block.kind == "table_row":
            break
        found = _unit_line(block.text)
        if found:
            return found[1]
    return None


def _layout(rows: list[Block], header_rows: int) -> _Layout | None:
    """Column roles of a table with ``header_rows`` header rows (TableRun.header_rows), None when it has no
    header."""
    width = max(len(row.cells or []) for row in rows)
    if header_rows == 0 or header_rows == len(rows):
        return None
    header = [(row.cells or []) + [""] * (width - len(row.cells or [])) for row in rows[:header_rows]]
    columns = []
    for c in range(width):
        own = [line[c].strip() for line in header if line[c].strip()]
        column = None
        for text in reversed(own):
            column = _header_role(text)
            if column is not None:
                break
        if column is None and not own:  # under a header spanning several columns
            for line in reversed(header):
                spanning = next((line[k] for k in range(c, -1, -1) if line[k].strip()), "")
                column = _header_role(spanning) if spanning else None
                if column is not None:
                    break
        column = column or _Column()
        top = header[0]
        group = next((top[k].strip() for k in range(c, -1, -1) if top[k].strip()), "")
        if group and fold(group) != fold(column.header) and header_rows > 1:
            column.group = group
        columns.append(column)
    unit_column = next((c for c, column in enumerate(columns) if column.role == "unit"), None)
    headers = [next((clean(line[c]) for line in reversed(header) if line[c].strip()), "") for c in range(width)]
    return _Layout(width=width, header_rows=header_rows, columns=columns, unit_column=unit_column, headers=headers)


class _Tables:
    """The layout of every table of a document, and the rows of its cells."""

    def __init__(self, tagged: TaggedDocument):
        self.tagged = tagged
        by_table = {table: run.rows for table, run in tagged.tables.items()}
        self.layouts: dict[int, tuple[_Layout | None, int]] = {}  # table -> (layout, its header rows here)
        for table in sorted(by_table):
            rows = [tagged.blocks[i] for i in by_table[table]]
            layout = _layout(rows, tagged.tables[table].header_rows)
            continues = tagged.tables[table].continues
            if layout is not None:
                self.layouts[table] = (layout, layout.header_rows)
            elif continues is not None and continues in self.layouts:
                self.layouts[table] = (self.layouts[continues][0], 0)  # a table continued on the next page
            else:
                self.layouts[table] = (None, 0)
        self.position = {index: n for indices in by_table.values() for n, index in enumerate(indices)}
        self.captions: dict[int, str] = {}
        self.units: dict[int, _Column | None] = {}
        for table in sorted(by_table):
            first = by_table[table][0]
            caption = tagged.tables[table].caption
            unit = _table_unit(tagged.blocks, first)
            before = tagged.blocks[first - 1] if first > 0 else None
            if before is not None and before.kind == "table_row":  # the same table, over a page break
                caption = caption or self.captions.get(before.table, "")
                unit = unit or self.units.get(before.table)
            self.captions[table] = caption
            self.units[table] = unit

    def rows(self, index: int, block: Block, spans) -> list[MetricRow]:
        """The metric rows of one table row: its figure cells, and the tagger's figures in other cells."""
        layout, header_rows = self.layouts.get(block.table, (None, 0)) if block.table is not None else (None, 0)
        cells = block.cells or block.text.split("\t")
        starts, offset = [], 0
        for cell in cells:
            starts.append(offset)
            offset += len(cell) + 1
        if self.position.get(index, 0) < header_rows:
            return []
        label = _row_label(cells, layout)
        row_unit = self._row_unit(block, cells, layout)
        found: list[tuple[int, MetricRow]] = []
        for c, cell in enumerate(cells):
            column = layout.columns[c] if layout is not None and c < len(layout.columns) else _Column()
            begin, end = starts[c], starts[c] + len(cell)
            if column.role in ("none", "unit"):
                continue
            if row_unit is not None and (column.role == "" or column.default) and not (
                    c == 0 and ROW_NUMBER.fullmatch(cell.strip())):
                column = _Column(role="figure", unit=row_unit.unit, label=row_unit.label, factor=row_unit.factor,
                                 header=column.header or (self._header_text(block.table, c)), group=column.group)
            if column.role == "figure" and figure_cell(cell):
                found.append((begin, self._cell_row(index, block, cell, begin, column, label)))
                continue
            for span in spans:
                if span.label in FIGURES and begin <= span.start and span.end <= end:
                    start, raw = _raw(span)
                    subject = _clause_before(cell, span.start - begin, 0) or label
                    found.append((start, _row(self.tagged, index, span, start, raw, subject)))
        return [row for _, row in sorted(found, key=lambda item: item[0])]

    def _row_unit(self, block: Block, cells: list[str], layout: _Layout | None) -> _Column | None:
        """The unit this row's plain numbers are in: its "Đơn vị tính" cell, else the table's "ĐVT: …"."""
        if layout is not None and layout.unit_column is not None and layout.unit_column < len(cells):
            written = clean(cells[layout.unit_column])
            if written and not any(ch.isdigit() for ch in written[:1]):
                column = _unit_column(written, "")
                if column is not None:
                    return column
            return None  # a row without a unit of its own: its numbers are left to the tagger
        return self.units.get(block.table)

    def _header_text(self, table: int | None, c: int) -> str:
        layout = self.layouts.get(table, (None, 0))[0] if table is not None else None
        return layout.headers[c] if layout is not None and c < len(layout.headers) else ""

    def _cell_row(self, index: int, block: Block, cell: str, begin: int, column: _Column, label: str
                  ) -> MetricRow:
        m = FIGURE_CELL.fullmatch(cell)
        start = begin + m.start(1)
        stop = begin + len(cell.rstrip())
        raw = re.sub(r"\s*/\s*", "/", cell.strip())
        scale = unit_table()[fold(m.group(3))][2] if m.group(3) and m.group(3) != "%" else 1.0
        value = parse_number(m.group(1)) * column.factor * scale
        value = float(round(value)) if abs(value - round(value)) < 1e-6 else float(f"{value:.12g}")
        subject = f"{label} ({column.header.lower()})" if label else column.header
        where_from = " ".join(part for part in (self.captions.get(block.table, ""), column.group) if part)
        if where_from:
            subject = f"{where_from} - {subject}"
        where = self.tagged.where(index, start, stop)
        return MetricRow(
            raw=raw, value=value, unit=column.unit, qualifier="", subject=subject, page=where.page,
            source=where.source, footnote_no=where.footnote_no, context=where.context, label=column.label,
            block=index, char_start=start, char_end=stop,
        )


def _row_label(cells: list[str], layout: _Layout | None) -> str:
    """What a table row is about: its first text cell outside the figure columns ("Cải cách thể chế")."""
    for c, cell in enumerate(cells):
        text = clean(cell)
        column = layout.columns[c] if layout is not None and c < len(layout.columns) else _Column()
        if column.role == "figure" or not re.search(r"[^\W\d_]", text):
            continue
        if " " in text or any(ch.islower() for ch in text):
            return text
    return ""

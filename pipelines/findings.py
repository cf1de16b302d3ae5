"""What does not add up in a document: the ``findings`` table.

A finding is evidence for a person to look at, so every check here asks for more than it needs to: it
compares only values the document states plainly, read from a text layer (an OCR misreading of one digit
would otherwise become a finding), and it stays silent where our own reading may be incomplete. Kinds:

* ``amount_in_words``: a sum in figures and the words that restate it beside it ("45.500.000 đồng (bốn
  mươi lăm triệu năm trăm nghìn đồng chẵn)") give different values.
* ``stated_count``: "tặng Bằng khen cho 15 tập thể và 42 cá nhân (có danh sách kèm theo)" or an article
  ("Điều 1. Tặng …") against the rows of the award list, when the list's own numbering says we read all of
  it (numbers 1 to N without a gap in each part) and every row of it is for one award.
* ``rate_total``: a reward per collective and per person ("1.000.000 đồng/tập thể", "mỗi cá nhân được
  thưởng 500.000 đồng") times the rows of that complete list, against the one total the text states
  ("Tổng số tiền thưởng là 4.500.000 đồng").
* ``column_total``: a ruled table (continued over page breaks as ``TaggedDocument.tables`` says) whose last
  row is its total ("Tổng cộng", "Toàn tỉnh": ``extract/data/column_total.tsv``) states in a column a figure
  other than the sum of the rows above it (see ``_column_totals`` for what a table and a column must show).
* ``cited_after_issue``: a document cites one dated after its own issue date.
* ``signed_before_issue``: every digital signature is dated before the issue date printed on the page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from baocao.extract.entities.numbers import NUMBER, parse_number
from baocao.extract.entities.vocab import read_rows
from baocao.extract.textnorm import clean, fold

from .metrics import restatements
from .tables import FindingRow
from .tagged import TaggedDocument

# "15 tập thể và 42 cá nhân": a count and what it counts.
_COUNT = re.compile(rf"\b({NUMBER})\s+(tập\s+thể|cá\s+nhân)\b", re.IGNORECASE)
# The verbs of an award decision's article: the counts of a sentence holding one are the list's.
_AWARD_VERB = re.compile(r"\b(?:tặng|khen\s+thưởng|công\s+nhận|tặng\s+thưởng)\b", re.IGNORECASE)
# A sentence whose counts are those of the document's list: it names the list, or it is an article of the
# decision ("Điều 1. Tặng …"). A report's "đã khen thưởng 120 cá nhân" counts other awards.
_LIST_CUE = re.compile(r"danh\s+sách|^\W*Điều\s+\d+", re.IGNORECASE)
_KINDS = {fold("tập thể"): "collective", fold("cá nhân"): "person", fold("người"): "person"}
# A reward per awardee: "mỗi cá nhân được thưởng <figure>", "mức thưởng cho tập thể: <figure>" before the
# figure, "<figure>/cá nhân" after it.
_RATE_BEFORE = re.compile(r"(?:mỗi|mức\s+thưởng(?:\s+cho)?(?:\s+mỗi)?)\s+(tập\s+thể|cá\s+nhân|người)"
                          r"(?:\s+được\s+(?:tặng\s+)?thưởng|\s+là|\s*:)?\s*$", re.IGNORECASE)
_RATE_AFTER = re.compile(r"\s*(?:đồng|đ)?\s*/\s*(?:1\s+|một\s+)?(tập\s+thể|cá\s+nhân|người)\b", re.IGNORECASE)
# The total: "Tổng số tiền thưởng là <figure>", "Tổng kinh phí khen thưởng: <figure>".
_TOTAL_BEFORE = re.compile(r"tổng\s+(?:số\s+)?(?:tiền|kinh\s+phí)(?:\s+(?:khen\s+)?thưởng)?(?:\s+là|\s*:)?\s*$",
                           re.IGNORECASE)


def find_findings(tagged: TaggedDocument, result: Any) -> list[FindingRow]:
    """The findings of one document, from its tagged text and the rows already built for it."""
    text_pages = {page.number for page in tagged.doc.pages if not page.ocr and page.quality == "text"}
    found = _amounts_in_words(tagged, result, text_pages)
    found += _stated_counts(tagged, result, text_pages)
    found += _rate_total(tagged, result, text_pages)
    found += _column_totals(tagged, result, text_pages)
    found += _cited_after_issue(result, text_pages)
    found += _signed_before_issue(result, text_pages)
    found.sort(key=lambda row: (row.block is None, row.block or 0, row.char_start or 0))
    return found


def _row(tagged: TaggedDocument, index: int, start: int, end: int, **values: Any) -> FindingRow:
    where = tagged.where(index, start, end)
    return FindingRow(page=where.page, source=where.source, footnote_no=where.footnote_no, context=where.context,
                      block=index, char_start=start, char_end=end, **values)


def _amounts_in_words(tagged: TaggedDocument, result: Any, text_pages: set[int]) -> list[FindingRow]:
    out = []
    for index, amount, figure in restatements(tagged, result.metrics):  # the pairing metrics.py uses
        block = tagged.blocks[index]
        if block.page_at(amount.start) not in text_pages or figure.value == amount.value:
            continue
        out.append(_row(tagged, index, figure.char_start, amount.end, kind="amount_in_words",
                        expected=f"{_plain(figure.value)} VND (the figure \"{figure.raw}\")",
                        found=f"{amount.value} VND (the words \"{block.text[amount.start:amount.end]}\")",
                        rows=figure.metric_id))
    return out


def _complete_list(result: Any) -> tuple[list[Any], dict[str, int]] | None:
    """The rows of the document's award list and how many of each kind, when the list is one award's and its
    own numbering says we read all of it (see ``_numbered_through``); else None."""
    listed = [row for row in result.awardees if row.list_no]
    if not listed or len({fold(row.award) for row in listed}) != 1 or not _numbered_through(listed):
        return None
    return listed, {kind: sum(1 for row in listed if row.kind == kind) for kind in ("person", "collective")}


def _stated_counts(tagged: TaggedDocument, result: Any, text_pages: set[int]) -> list[FindingRow]:
    complete = _complete_list(result)
    if complete is None:
        return []
    listed, counts = complete
    first_list_block = min((row.block for row in listed if row.block is not None), default=len(tagged.blocks))
    out = []
    for index, block, _spans in tagged.content():
        if index >= first_list_block or block.kind == "table_row" or block.page not in text_pages:
            continue
        for start, end in tagged.sentences[index] or [(0, len(block.text))]:
            sentence = block.text[start:end]
            if not _AWARD_VERB.search(sentence) or not _LIST_CUE.search(sentence):
                continue
            for match in _COUNT.finditer(sentence):
                kind = _KINDS[" ".join(fold(match.group(2)).split())]
                stated = parse_number(match.group(1))
                if stated != stated or stated == counts[kind]:
                    continue
                ids = [row.awardee_id for row in listed if row.kind == kind]
                ends = list(dict.fromkeys(ids[:1] + ids[-1:]))  # the first and last row (one when they are one)
                out.append(_row(tagged, index, start + match.start(), start + match.end(), kind="stated_count",
                                expected=f"{_plain(stated)} {match.group(2)} (as stated)",
                                found=f"{counts[kind]} {kind} rows in the award list"
                                      + (f" ({' to '.join(ends)})" if ends else ""),
                                rows=" ".join(ends)))
    return out


def _rate_total(tagged: TaggedDocument, result: Any, text_pages: set[int]) -> list[FindingRow]:
    complete = _complete_list(result)
    if complete is None:
        return []
    _listed, counts = complete
    rates: dict[str, set[float]] = {}
    totals = []
    for metric in result.metrics:
        if (metric.label != "MONEY" or metric.unit != "VND" or metric.value is None or metric.block is None
                or metric.page not in text_pages):
            continue
        text = tagged.blocks[metric.block].text
        before, after = text[max(0, metric.char_start - 60):metric.char_start], text[metric.char_end:metric.char_end + 20]
        rate = _RATE_BEFORE.search(before) or _RATE_AFTER.match(after)
        if rate:
            rates.setdefault(_KINDS[" ".join(fold(rate.group(1)).split())], set()).add(metric.value)
        elif _TOTAL_BEFORE.search(before):
            totals.append(metric)
    if len(totals) != 1 or any(len(values) != 1 for values in rates.values()) or any(
            count and kind not in rates for kind, count in counts.items()):
        return []
    expected = sum(next(iter(rates[kind])) * count for kind, count in counts.items() if count)
    total = totals[0]
    if expected == total.value:
        return []
    terms = " + ".join(f"{counts[kind]} {kind} × {_plain(next(iter(rates[kind])))}"
                       for kind in ("collective", "person") if counts[kind])
    return [_row(tagged, total.block, total.char_start, total.char_end, kind="rate_total",
                 expected=f"{_plain(expected)} VND ({terms}, the list's rows times the reward stated)",
                 found=f"{_plain(total.value)} VND (the total stated, \"{total.raw}\")", rows=total.metric_id)]


# A figure the column_total check adds up, written the Vietnamese way: "12", "1.234", "3,5", "1.234,56". Not
# "2.5" (a point as decimal mark) nor "1,234" (a comma grouping thousands, or three decimals?).
_TABLE_FIGURE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_COMMA_GROUPED = re.compile(r"[1-9]\d{0,2},\d{3}")
# The number of a row of data in a table's first column: "1", "01", "1.".
_ROW_NO = re.compile(r"(\d+)\.?")
# A cell of the row numbering the columns under a header: "1", "(2)", "A".
_COLUMN_NO = re.compile(r"\(?(\d+|[A-Z])\)?")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


@lru_cache(maxsize=None)
def _table_words(kind: str) -> frozenset[str]:
    """The folded words of class ``kind`` (total, part, not_summed) in column_total.tsv."""
    return frozenset(_words_key(row[1]) for row in read_rows("column_total.tsv") if len(row) > 1 and row[0] == kind)


def _words_key(text: str) -> str:
    """Folded words of ``text``, punctuation but "%" made a space: "Tỷ lệ (%)" -> "tỷ lệ %" (folded)."""
    return " ".join(fold(re.sub(r"[^\w%]+", " ", clean(text))).split())


def _label_key(text: str) -> str:
    """A row label's folded text without the punctuation around it ("Tổng cộng:" -> "tổng cộng")."""
    return " ".join(fold(_EDGE_PUNCT.sub("", clean(text))).split())


def _opens_with(key: str, words: frozenset[str]) -> bool:
    return any(key == word or key.startswith(word + " ") for word in words)


def _table_figure(text: str) -> tuple[Decimal, int] | None:
    """A cell's figure and how many decimals it writes, None when the cell is not one plain figure (empty,
    "-", "12%", "1,5 tỷ", "2.5")."""
    text = text.strip()
    if not _TABLE_FIGURE.fullmatch(text) or _COMMA_GROUPED.fullmatch(text):
        return None
    whole, _, decimals = text.partition(",")
    return Decimal(whole.replace(".", "") + ("." + decimals if decimals else "")), len(decimals)


def _column_numbers(cells: list[str]) -> bool:
    """Whether a row numbers the columns under the header ("1 2 3 4", "(1) (2) (3)", "A B 1 2 3")."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    found = [_COLUMN_NO.fullmatch(cell) for cell in filled]
    if len(filled) < 3 or not all(found):
        return False
    numbers = [int(match.group(1)) for match in found if match.group(1).isdigit()]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _joined_tables(tagged: TaggedDocument) -> list[tuple[list[int], list[int]]]:
    """(header rows, other rows) of every ruled table, the rows of the tables continuing it over page breaks
    (``TableRun.continues``) added. A row numbering the columns under a header is left out; a table whose
    continuation opens with header rows other than its own is left out."""
    blocks = tagged.blocks
    joined: dict[int, tuple[list[int], list[int]]] = {}
    first_of: dict[int, int] = {}
    spoiled: set[int] = set()
    for table in sorted(tagged.tables):
        run = tagged.tables[table]
        rows = [index for index in run.rows if blocks[index].cells]
        header, data = rows[:run.header_rows], rows[run.header_rows:]
        if data and _column_numbers(blocks[data[0]].cells or []):
            data = data[1:]
        first = first_of.get(run.continues) if run.continues is not None else None
        if first is None:
            first_of[table] = table
            joined[table] = (header, data)
            continue
        first_of[table] = first
        repeated = [_words_key(blocks[index].text) for index in header]
        if repeated and repeated != [_words_key(blocks[index].text) for index in joined[first][0]]:
            spoiled.add(first)
        joined[first][1].extend(data)
    return [rows for table, rows in joined.items() if table not in spoiled]


def _column_totals(tagged: TaggedDocument, result: Any, text_pages: set[int]) -> list[FindingRow]:
    """Columns of a ruled table whose figures do not add up to what its total row states.

    A table is checked when all its rows stand on pages read from their text layer, it has a header, its last
    row is a total (the first cell written is a ``total`` label of column_total.tsv: "Tổng cộng", "Toàn
    tỉnh", no row number before it) and the rows between are numbered 1…N without a gap in the first
    column, none of them labelled as a part (``part``: "Cộng", "Trong đó"). The numbering is the document's
    word that we read every row and that the table is flat: groups and their parts ("I.", "a)", "1.1", "-")
    break it, and so silence the table.

    A column (not the first) is compared when its header names nothing that is not added up (``not_summed``:
    rates, averages, prices, ranks, row numbers), every row of data and the total row hold one figure written
    the Vietnamese way (an empty cell or "-" is not taken as 0: it may be a merged cell; the column is left
    alone), its figures are not 1…N in some order (row numbers, ranks) and the total is no less than the
    largest figure (a row of averages is no total). Integers must add up exactly; figures with decimals
    within the rounding they write (half a unit of the last decimal, per figure and for the total).
    """
    blocks = tagged.blocks
    total_words, part_words = _table_words("total"), _table_words("part")
    not_summed = _table_words("not_summed")
    out = []
    for header, data in _joined_tables(tagged):
        if not header or len(data) < 3 or any(blocks[index].page not in text_pages for index in header + data):
            continue
        width = max(len(blocks[index].cells or []) for index in header + data)
        cells = {index: list(blocks[index].cells or []) + [""] * (width - len(blocks[index].cells or []))
                 for index in header + data}
        *body, last = data
        label_at = next((c for c, cell in enumerate(cells[last]) if cell.strip()), None)
        if label_at is None or _label_key(cells[last][label_at]) not in total_words:
            continue
        numbers = [_ROW_NO.fullmatch(cells[index][0].strip()) for index in body]
        if not all(numbers) or [int(m.group(1)) for m in numbers] != list(range(1, len(body) + 1)):
            continue
        labels = [next((cell for cell in cells[index][1:] if cell.strip() and _table_figure(cell) is None), "")
                  for index in body]
        if any(_opens_with(_words_key(label), part_words) for label in labels):
            continue
        for c in range(max(1, label_at + 1), width):
            heading = _column_header([cells[index] for index in header], c)
            key = f" {_words_key(heading)} "
            if any(f" {word} " in key for word in not_summed):
                continue
            figures = [_table_figure(cells[index][c]) for index in body]
            total = _table_figure(cells[last][c])
            if total is None or not all(figures):
                continue
            values = [value for value, _ in figures]
            if sorted(values) == list(range(1, len(values) + 1)) or total[0] < max(values):
                continue
            written = [decimals for _, decimals in figures] + [total[1]]
            slack = sum(Decimal(5).scaleb(-decimals - 1) for decimals in written) if any(written) else Decimal(0)
            expected = sum(values, Decimal(0))
            if abs(expected - total[0]) <= slack:
                continue
            out.append(_total_finding(tagged, result, last, cells[last], c, label_at, heading, expected, body))
    return out


def _column_header(header: list[list[str]], c: int) -> str:
    """The header of column ``c``: its own header cells, and where one is empty the cell to its left that
    spans it ("Tỷ lệ" above "2023" and "2024")."""
    parts = []
    for line in header:
        own = next((clean(line[k]) for k in range(c, -1, -1) if line[k].strip()), "")
        if own and own not in parts:
            parts.append(own)
    return " ".join(parts)


def _total_finding(tagged: TaggedDocument, result: Any, index: int, cells: list[str], c: int, label_at: int,
                   heading: str, expected: Decimal, body: list[int]) -> FindingRow:
    cell = cells[c]
    start = sum(len(text) + 1 for text in cells[:c]) + len(cell) - len(cell.lstrip())
    end = start + len(cell.strip())
    inside = [m.metric_id for m in result.metrics if m.block == index and m.char_start is not None
              and m.char_end is not None and start <= m.char_start and m.char_end <= end]
    stated = _table_figure(cell)[0]
    return _row(tagged, index, start, end, kind="column_total",
                expected=f"{_decimal(expected)} (the sum of rows 1 to {len(body)} in the column \"{heading}\", "
                         f"blocks {body[0]} to {body[-1]})",
                found=f"{_decimal(stated)} (the total row \"{clean(cells[label_at])}\": \"{cell.strip()}\")",
                rows=" ".join(inside) or result.document.doc_id)


def _decimal(value: Decimal) -> str:
    return format(value, "f")


def _numbered_through(rows: list[Any]) -> bool:
    """Whether list numbers run 1, 2, … N in each part of the list (a part starts again at 1)."""
    expected = 1
    for row in rows:
        try:
            number = int(row.list_no)
        except ValueError:
            return False
        if number == 1:
            expected = 1
        if number != expected:
            return False
        expected += 1
    return True


def _cited_after_issue(result: Any, text_pages: set[int]) -> list[FindingRow]:
    document = result.document
    if len(document.issue_date) != 10 or document.issue_date_source not in ("header", "widget"):
        return []
    out = []
    for ref in result.references:
        if len(ref.cited_date) != 10 or ref.cited_date <= document.issue_date or ref.page not in text_pages:
            continue
        out.append(FindingRow(kind="cited_after_issue", expected=f"cited documents dated on or before {document.issue_date} "
                              "(the issue date)", found=f"{ref.cited_date}: {ref.cited_type} {ref.cited_number}".strip(),
                              rows=ref.reference_id, page=ref.page, source=ref.source, footnote_no=ref.footnote_no,
                              context=ref.context, block=ref.block, char_start=ref.char_start, char_end=ref.char_end))
    return out


def _signed_before_issue(result: Any, text_pages: set[int]) -> list[FindingRow]:
    """The last signature dated before the issue date: the document was complete before the date it bears.

    The first one alone says little: a leader often signs in the evening and the office (văn thư) numbers,
    dates and signs for the organisation the next morning (3 of the 33 signed development documents with a full issue date).
    """
    document = result.document
    times = [time for time in document.signatures.split(" | ") if len(time) >= 10]
    if len(document.issue_date) != 10 or not times or document.issue_date_source not in ("header", "widget"):
        return []
    last = max(times)
    if last[:10] >= document.issue_date:
        return []
    return [FindingRow(kind="signed_before_issue",
                       expected=f"a signature on or after {document.issue_date} (the issue date)",
                       found=f"last signature {last}", rows=document.doc_id)]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)

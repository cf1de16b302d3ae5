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
* ``cited_after_issue``: a document cites one dated after its own issue date.
* ``signed_before_issue``: every digital signature is dated before the issue date printed on the page.
"""

from __future__ import annotations

import re
from typing import Any

from baocao.extract.entities.numbers import NUMBER, parse_number
from baocao.extract.entities.spelled import find_spelled
from baocao.extract.textnorm import fold

from .tables import FindingRow
from .tagged import TaggedDocument

# Between a figure and the words restating it: its unit, "(", "Bằng chữ:", punctuation.
_RESTATES = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)?\s*[.,;:]?\s*\(?\s*(?:(?:viết\s+)?bằng\s+chữ\s*:?\s*)?$", re.IGNORECASE)
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
    found += _cited_after_issue(result, text_pages)
    found += _signed_before_issue(result, text_pages)
    found.sort(key=lambda row: (row.block is None, row.block or 0, row.char_start or 0))
    return found


def _row(tagged: TaggedDocument, index: int, start: int, end: int, **values: Any) -> FindingRow:
    where = tagged.where(index, start, end)
    return FindingRow(page=where.page, source=where.source, footnote_no=where.footnote_no, context=where.context,
                      block=index, char_start=start, char_end=end, **values)


def _amounts_in_words(tagged: TaggedDocument, result: Any, text_pages: set[int]) -> list[FindingRow]:
    money = {}
    for metric in result.metrics:
        if metric.label == "MONEY" and metric.unit == "VND" and metric.value is not None and metric.block is not None:
            money.setdefault(metric.block, []).append(metric)
    out = []
    for index, metrics in money.items():
        block = tagged.blocks[index]
        for amount in find_spelled(block.text):
            if amount.unit not in ("VND", "") or block.page_at(amount.start) not in text_pages:
                continue
            before = [m for m in metrics if m.char_end is not None and m.char_end <= amount.start
                      and _RESTATES.match(block.text[m.char_end:amount.start])]
            if not before:
                continue
            figure = max(before, key=lambda m: m.char_end)
            if figure.value == amount.value:
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

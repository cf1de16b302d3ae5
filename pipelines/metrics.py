"""metrics.csv: every MONEY, PERCENT and QUANTITY span, with its qualifier and what it measures.

The subject of a figure is read from its clause: the words before it back to the last clause break
(comma, semicolon, colon, opening bracket, sentence start), without the verb or qualifier that leads to
the figure ("tổng thu ngân sách trên địa bàn tính đến hết tháng 9 đạt 5.027 tỷ đồng") and without time
phrases ("tính đến hết tháng 9"). A figure whose clause holds no subject ("…, đạt 92,2% so với dự toán")
takes the subject of the figure before it in the same sentence. A comparison after the figure ("so với
dự toán", "so với cùng kỳ năm 2018") is added to the subject.
"""

from __future__ import annotations

import re

from extract.textnorm import fold

from .tables import MetricRow
from .tagged import TaggedDocument

FIGURES = ("MONEY", "PERCENT", "QUANTITY")

_CLAUSE_BREAK = re.compile(r"[,;:(\[]|\s[-–]\s")
# Verbs and particles that lead to a figure; they are not part of its subject.
_LEADS = ("đạt", "đạt được", "là", "được", "có", "gồm", "với", "bằng", "tăng", "giảm", "còn", "chiếm", "trị giá",
          "lên", "xuống", "khoảng", "trên", "gần", "hơn", "dưới", "tới", "đến", "lên tới", "thu hút", "thu được",
          "quyên góp được", "vận động quyên góp được", "xây dựng được", "giải quyết", "đã giải quyết", "trong đó")
_LEAD = re.compile(r"(?:\s|^)(?:" + "|".join(sorted((re.escape(w) for w in _LEADS), key=len, reverse=True)) + r")\s*$",
                   re.IGNORECASE)
# Time phrases inside a subject: cut from here on.
_TIME = re.compile(
    r"\s(?:tính\s+(?:đến|từ)|đến\s+hết|đến\s+ngày|từ\s+đầu\s+năm|trong\s+năm|năm\s+\d{4}|tháng\s+\d|ngày\s+\d|"
    r"hết\s+tháng|hiện\s+nay|đến\s+nay|sau\s+\d)", re.IGNORECASE)
_COMPARISON = re.compile(r"^\s*(so\s+với\s+[^,;.()]+)", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^(?:và|với|trong đó|trong|đã|có|các|của|như|là|được|tổng cộng)\s+", re.IGNORECASE)


def extract_metrics(tagged: TaggedDocument) -> list[MetricRow]:
    """One row per figure in the document's content blocks, in reading order."""
    rows: list[MetricRow] = []
    for index, block, spans in tagged.content():
        previous_subject = ""
        previous_sentence = None
        for span in spans:
            if span.label not in FIGURES:
                continue
            start, raw = _raw(span)
            where = tagged.where(index, start, span.end)
            sentence = tagged.sentence(index, start)
            if sentence != previous_sentence:
                previous_subject = ""
                previous_sentence = sentence
            subject = _subject(block.text, span.start, sentence[0])
            if not subject:
                subject = previous_subject
            else:
                previous_subject = subject
            comparison = _COMPARISON.match(block.text[span.end:])
            if comparison:
                subject = f"{subject} {comparison.group(1).strip()}".strip()
            rows.append(MetricRow(
                raw=raw, value=span.value, unit=span.unit or "", qualifier=span.qualifier or "", subject=subject,
                page=where.page, source=where.source, footnote_no=where.footnote_no, context=where.context,
                label=span.label, block=index, char_start=start, char_end=span.end,
            ))
    return rows


def _raw(span) -> tuple[int, str]:
    """The figure without a qualifier the span starts with ("trên 20 tỷ đồng" -> "20 tỷ đồng")."""
    text = span.text
    if span.qualifier and fold(text).startswith(fold(span.qualifier) + " "):
        cut = len(span.qualifier) + 1
        return span.start + cut, text[cut:]
    return span.start, text


def _subject(text: str, figure_start: int, sentence_start: int) -> str:
    before = text[sentence_start:figure_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    clause = clause.strip()
    for _ in range(3):
        trimmed = _LEAD.sub("", clause).strip()
        if trimmed == clause:
            break
        clause = trimmed
    time = _TIME.search(" " + clause)
    if time:
        clause = clause[: max(time.start() - 1, 0)].strip()
    clause = _LEADING_JUNK.sub("", clause).strip(" .-–")
    if len(clause) < 3 or not re.search(r"[^\W\d_]", clause):
        return ""
    return clause

"""Review pages: a static site under ``OUT/review/`` that shows, on the page itself, what was read and where.

:func:`write_review` reads an output folder's CSVs (the format of record) and renders the documents' pages
from their PDFs (``documents.source_file``; a document whose PDF is gone gets its text and rows without
images). The site opens from a file browser: no server, no network; its CSS, script, images and SVG charts
are written with it. Pages:

* ``index.html``: every document with its status, text source, metadata and rows per table; failed and
  partial documents first; sortable, with a search box.
* ``docs/<doc_id>.html``: the page images with a box over each row's place (its ``bbox``), coloured by
  table; the text in reading order with entities highlighted and footnote markers linked both ways; the
  metadata with where each field came from; each table's rows. A row and its box select each other.
* ``summary.html``: charts of documents per year and type, awards per kind and rank, the largest amounts,
  and the pages read by OCR.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from pathlib import Path

from baocao.extract.errors import BaocaoError

from .tables import REGISTRY, TABLES, read_csv, write_atomic


class ReviewError(BaocaoError):
    """The review pages cannot be written (no tables in the folder)."""

# Page images: ~100 dpi JPEG, enough to read a page on screen and light enough for a 40-page scan.
IMAGE_DPI = 100
IMAGE_QUALITY = 50
# Tables whose rows are drawn as boxes on the pages and listed beside them, in this order.
ROW_TABLES = ("awardees", "movements", "metrics", "references", "findings", "footnotes", "entities", "blocks")
COUNTED = ("blocks", "entities", "footnotes", "movements", "awardees", "metrics", "references", "findings")
META_FIELDS = (("doc_type", "", "Loại văn bản / type"), ("doc_number", "doc_number_source", "Số / number"),
               ("issue_date", "issue_date_source", "Ngày / issue date"), ("issue_place", "", "Nơi ban hành / place"),
               ("issuer", "", "Cơ quan / issuer"), ("issuer_parent", "", "Cơ quan chủ quản / parent"),
               ("title", "", "Trích yếu / title"), ("signer_role", "", "Chức vụ ký / signer role"),
               ("signer_name", "", "Người ký / signer"), ("cosigners", "", "Đồng ký / co-signers"),
               ("signed_by", "", "Ký số bởi / signed by (stamp)"),
               ("signed_at", "", "Thời gian ký / signed at"), ("certified_copy", "", "Sao y / certified copy"),
               ("unread_fields", "", "Không đọc được / unread (OCR)"), ("repaired", "", "Sửa tệp / repaired"))


def write_review(out_dir: str | Path, base: str | Path | None = None, missing: list[str] | None = None) -> Path:
    """Write the review site for the tables in ``out_dir``; returns the path of its index page.

    ``base`` is the folder the documents' ``source_file`` paths are relative to (the folder ``baocao run``
    ran in; default the current one). ``missing``, when given, receives the ``source_file`` of every
    document read without error whose PDF is not there (its page then shows no images).
    """
    out = Path(out_dir)
    if not (out / "documents.csv").exists():
        raise ReviewError(f"{out} has no documents.csv: run `baocao run PATH --out {out}` first")
    site = out / "review"
    (site / "docs").mkdir(parents=True, exist_ok=True)
    tables = {name: _read(out, name) for name in TABLES}
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for name in ROW_TABLES:
        for row in tables[name]:
            by_doc.setdefault(row["doc_id"], {}).setdefault(name, []).append(row)
    write_atomic(site / "review.css", CSS)
    write_atomic(site / "review.js", SCRIPT)
    documents = tables["documents"]
    for document in documents:
        rows = by_doc.get(document["doc_id"], {})
        # A file that failed (a time or memory limit, a crashed worker, not a PDF) is not opened again here,
        # in this process and without limits.
        read = document.get("status") != "error"
        pdf = _pdf_path(document["source_file"], base) if read else None
        if read and pdf is None and missing is not None:
            missing.append(document["source_file"])
        sizes = _render_pages(pdf, site / "pages" / _slug(document["doc_id"])) if pdf else {}
        write_atomic(site / "docs" / f"{_slug(document['doc_id'])}.html", document_page(document, rows, sizes))
    write_atomic(site / "index.html", index_page(documents, by_doc))
    write_atomic(site / "summary.html", summary_page(tables))
    return site / "index.html"


def _read(out: Path, table: str) -> list[dict[str, str]]:
    path = out / f"{table}.csv"
    return read_csv(path, table) if path.exists() else []


def _pdf_path(source_file: str, base: str | Path | None) -> Path | None:
    path = Path(source_file)
    if not path.is_absolute():
        path = Path(base or os.getcwd()) / path
    return path if source_file and path.is_file() else None


def _slug(doc_id: str) -> str:
    return "".join(c for c in doc_id if c.isalnum() or c in "-_") or "document"


def _render_pages(pdf: Path, folder: Path) -> dict[int, tuple[float, float, str]]:
    """Render every page of ``pdf`` into ``folder`` (JPEG, kept when already there: ``folder`` is named by the
    file's hash); returns page number -> (width, height in points, image path relative to the site)."""
    import pypdfium2 as pdfium

    sizes: dict[int, tuple[float, float, str]] = {}
    try:
        document = pdfium.PdfDocument(str(pdf))
    except Exception:  # a PDF pdfium cannot open: the page shows the text and rows without images
        return sizes
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for index in range(len(document)):
            target = folder / f"p{index + 1}.jpg"
            try:  # a page pdfium cannot load or draw (a partial document): the others still get images
                page = document[index]
                try:
                    width, height = page.get_size()
                    if not target.exists():
                        image = page.render(scale=IMAGE_DPI / 72).to_pil().convert("RGB")
                        partial = target.with_suffix(".part")
                        image.save(partial, "JPEG", quality=IMAGE_QUALITY, optimize=True)
                        partial.replace(target)
                finally:
                    page.close()
            except Exception:
                continue
            if width > 0 and height > 0:
                sizes[index + 1] = (width, height, f"../pages/{folder.name}/{target.name}")
    finally:
        document.close()
    return sizes


# ---------------------------------------------------------------------------------------------------
# Pages

def _e(value) -> str:
    return html.escape(str(value if value is not None else ""), quote=True)


def _head(title: str, depth: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="data:,"><title>{_e(title)}</title>'
            f'<link rel="stylesheet" href="{depth}review.css"></head>\n')


def _nav(depth: str = "") -> str:
    return (f'<nav><a href="{depth}index.html">Tài liệu / documents</a> · '
            f'<a href="{depth}summary.html">Tổng hợp / summary</a></nav>\n')


def _status_order(document: dict) -> int:
    return {"error": 0, "partial": 1}.get(document.get("status", ""), 2)


def index_page(documents: list[dict], by_doc: dict[str, dict[str, list[dict]]]) -> str:
    """Every document: failed and partial first, then by file name."""
    head = ["status", "file", "text source", "pages", "issue date", "number", "type", "issuer", *COUNTED]
    cells = "".join(f'<th data-sort="{i}">{_e(name)}</th>' for i, name in enumerate(head))
    rows = []
    for document in sorted(documents, key=lambda d: (_status_order(d), d.get("source_file", ""))):
        counts = by_doc.get(document["doc_id"], {})
        status = document.get("status", "")
        reason = f'<div class="reason">{_e(document.get("error", ""))}</div>' if document.get("error") else ""
        link = f'docs/{_slug(document["doc_id"])}.html'
        numbers = "".join(f'<td class="num">{len(counts.get(name, []))}</td>' for name in COUNTED)
        rows.append(
            f'<tr class="doc status-{_e(status)}"><td><span class="badge {_e(status)}">{_e(status)}</span></td>'
            f'<td><a href="{_e(link)}">{_e(document.get("source_file", ""))}</a>{reason}</td>'
            f'<td>{_e(document.get("text_source", ""))}</td><td class="num">{_e(document.get("pages", ""))}</td>'
            f'<td>{_e(document.get("issue_date", ""))}</td><td>{_e(document.get("doc_number", ""))}</td>'
            f'<td>{_e(document.get("doc_type", ""))}</td><td>{_e(document.get("issuer", ""))}</td>{numbers}</tr>')
    return (_head("baocao: tài liệu") + '<body class="index">' + _nav()
            + f'<h1>{len(documents)} tài liệu / documents</h1>'
            + '<input id="search" type="search" placeholder="Tìm / search" autocomplete="off">'
            + f'<table id="documents" class="sortable"><thead><tr>{cells}</tr></thead><tbody>'
            + "\n".join(rows) + '</tbody></table><script src="review.js"></script></body></html>\n')


def _box_style(bbox: str, size: tuple[float, float, str]) -> str | None:
    try:
        x0, top, x1, bottom = (float(v) for v in bbox.split())
    except ValueError:
        return None
    width, height, _ = size
    if width <= 0 or height <= 0:
        return None
    return (f"left:{100 * x0 / width:.2f}%;top:{100 * top / height:.2f}%;"
            f"width:{100 * max(x1 - x0, 1) / width:.2f}%;height:{100 * max(bottom - top, 1) / height:.2f}%")


def _row_id(table: str, row: dict) -> str:
    entry = next(t for t in REGISTRY if t.name == table)
    if entry.id_prefix:
        return row.get(entry.id_column, "")
    if table == "footnotes":
        return f"fn{row.get('footnote_no', '')}"
    return f"b{row.get('block', '')}"


def _label(table: str, row: dict) -> str:
    fields = {"awardees": ("name", "award"), "movements": ("name",), "metrics": ("raw", "subject"),
              "references": ("cited_type", "cited_number"), "findings": ("kind", "found"),
              "footnotes": ("text",), "entities": ("label", "text"), "blocks": ("kind", "text")}[table]
    return " · ".join(row.get(name, "") for name in fields if row.get(name))[:160]


def document_page(document: dict, rows: dict[str, list[dict]], sizes: dict[int, tuple[float, float, str]]) -> str:
    """One document: its pages with boxes, its text, metadata and rows."""
    doc_id = document["doc_id"]
    title = document.get("source_file", doc_id)
    parts = [_head(f"baocao: {title}", "../"), '<body class="document">', _nav("../"),
             f'<h1>{_e(title)}</h1>']
    if document.get("error"):
        parts.append(f'<p class="reason">{_e(document.get("status"))}: {_e(document["error"])}</p>')
    parts.append('<div class="split"><section id="pages">')
    boxes: dict[int, list[str]] = {}
    for table in ROW_TABLES:
        for row in rows.get(table, []):
            page = _int(row.get("page"))
            if page not in sizes or not row.get("bbox"):
                continue
            style = _box_style(row["bbox"], sizes[page])
            if style:
                row_id = _row_id(table, row)
                boxes.setdefault(page, []).append(
                    f'<div class="box t-{table}" id="box-{_e(row_id)}" data-row="{_e(row_id)}" style="{style}" '
                    f'title="{_e(table)}: {_e(_label(table, row))}"></div>')
    if not sizes:
        parts.append('<p class="note">Không có ảnh trang: tệp PDF không tìm thấy / no page images: the PDF '
                     'was not found.</p>')
    for number, (width, height, src) in sorted(sizes.items()):
        parts.append(f'<div class="page" id="page-{number}" style="aspect-ratio:{width:.1f}/{height:.1f}">'
                     f'<img loading="lazy" src="{_e(src)}" alt="trang {number}">'
                     f'<span class="pageno">{number}</span>{"".join(boxes.get(number, []))}</div>')
    parts.append('</section><section id="side">')
    parts.append(_legend())
    parts.append(_metadata(document))
    parts.append(_text(rows))
    for table in ROW_TABLES:
        if table != "blocks" and rows.get(table):
            parts.append(_rows_table(table, rows[table]))
    parts.append('</section></div><script src="../review.js"></script></body></html>\n')
    return "\n".join(parts)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _legend() -> str:
    items = "".join(f'<span class="key t-{name}"><i></i>{name}</span>' for name in ROW_TABLES)
    return f'<div class="legend">{items}</div>'


def _metadata(document: dict) -> str:
    rows = []
    for name, source_field, label in META_FIELDS:
        value = document.get(name, "")
        if not value:
            continue
        source = document.get(source_field, "") if source_field else "header"
        rows.append(f'<tr><th>{_e(label)}</th><td>{_e(value)}</td><td class="src">{_e(source)}</td></tr>')
    read = f'{document.get("text_source", "")}'
    if document.get("ocr_pages") and document.get("ocr_pages") != "0":
        read += f' — OCR: {document["ocr_pages"]} trang / pages, độ tin cậy / confidence {document.get("ocr_confidence", "")}'
    rows.append(f'<tr><th>Nguồn chữ / text source</th><td>{_e(read)}</td><td></td></tr>')
    if document.get("unreadable_pages"):
        rows.append(f'<tr><th>Trang không đọc được / unreadable</th><td>{_e(document["unreadable_pages"])}</td>'
                    f'<td></td></tr>')
    return ('<h2>Thông tin / metadata</h2><table class="meta"><tr><th>trường / field</th><th>giá trị / value</th>'
            '<th>nguồn / from</th></tr>' + "".join(rows) + '</table>')


def _text(rows: dict[str, list[dict]]) -> str:
    """The blocks in reading order with entities marked and footnote markers linked to their footnotes."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for row in rows.get("entities", []):
        start, end = _int(row.get("char_start")), _int(row.get("char_end"))
        if start is not None and end is not None:
            spans.setdefault(row.get("block", ""), []).append((start, end, row.get("label", "")))
    markers: dict[str, list[tuple[int, str]]] = {}
    for row in rows.get("footnotes", []):
        offset = _int(row.get("anchor_offset"))
        if row.get("anchor_block") and offset is not None:
            markers.setdefault(row["anchor_block"], []).append((offset, row.get("footnote_no", "")))
    out = ['<h2>Văn bản / text</h2><div id="text">']
    for block in rows.get("blocks", []):
        number = block.get("block", "")
        kind = block.get("kind", "")
        body = _marked(block.get("text", ""), spans.get(number, []), markers.get(number, []))
        note = block.get("footnote_no", "")
        if block.get("source") == "footnote" and note:
            body = (f'<a class="back" href="#fnref-{_e(note)}" title="về chỗ trích / back to the marker">'
                    f'{_e(note)}↩</a> ' + body)
            out.append(f'<p class="blk footnote" id="fn-{_e(note)}" data-block="{_e(number)}" '
                       f'data-row="b{_e(number)}">{body}</p>')
        else:
            out.append(f'<p class="blk {_e(kind)}" id="blk-{_e(number)}" data-block="{_e(number)}" '
                       f'data-row="b{_e(number)}" data-page="{_e(block.get("page", ""))}">{body}</p>')
    out.append('</div>')
    return "\n".join(out)


def _marked(text: str, spans: list[tuple[int, int, str]], markers: list[tuple[int, str]]) -> str:
    """``text`` escaped, with non-overlapping entity spans marked by label and footnote markers inserted."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end or end > len(text) or (chosen and start < chosen[-1][1]):
            continue
        chosen.append((start, end, label))
    events: dict[int, list[str]] = {}
    for start, end, label in chosen:
        events.setdefault(start, []).append(f'<mark class="ent" data-label="{_e(label)}" title="{_e(label)}">')
        events.setdefault(end, []).insert(0, "</mark>")
    for offset, note in markers:
        offset = min(max(offset, 0), len(text))
        events.setdefault(offset, []).append(
            f'<sup class="fnref"><a id="fnref-{_e(note)}" href="#fn-{_e(note)}">{_e(note)}</a></sup>')
    out, last = [], 0
    for offset in sorted(events):
        out.append(html.escape(text[last:offset]))
        # closing tags first, then the marker, then opening ones
        tags = events[offset]
        out.extend(t for t in tags if t.startswith("</"))
        out.extend(t for t in tags if t.startswith("<sup"))
        out.extend(t for t in tags if t.startswith("<mark"))
        last = offset
    out.append(html.escape(text[last:]))
    return "".join(out)


ROW_COLUMNS = {
    "awardees": ("list_no", "kind", "name", "rank", "position", "organisation", "award", "page"),
    "movements": ("name", "organisation", "kind", "launch_date", "page"),
    "metrics": ("raw", "value", "unit", "qualifier", "subject", "page"),
    "references": ("relation", "cited_type", "cited_number", "cited_date", "cited_issuer", "page"),
    "findings": ("kind", "expected", "found", "page"),
    "footnotes": ("footnote_no", "text", "page", "anchor_page"),
    "entities": ("label", "text", "normalized", "page"),
}


def _rows_table(table: str, rows: list[dict]) -> str:
    columns = ROW_COLUMNS[table]
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for row in rows:
        row_id = _row_id(table, row)
        cells = "".join(f"<td>{_e(row.get(c, ''))}</td>" for c in columns)
        body.append(f'<tr class="row t-{table}" id="row-{_e(row_id)}" data-row="{_e(row_id)}" '
                    f'data-page="{_e(row.get("page", ""))}" data-block="{_e(row.get("block", ""))}" '
                    f'data-start="{_e(row.get("char_start", ""))}" data-end="{_e(row.get("char_end", ""))}">'
                    f'{cells}</tr>')
    return (f'<h2 class="t-{table}"><i></i>{_e(table)} ({len(rows)})</h2>'
            f'<table class="rows" data-table="{table}"><thead><tr>{head}</tr></thead><tbody>'
            + "\n".join(body) + "</tbody></table>")


# ---------------------------------------------------------------------------------------------------
# Summary charts (SVG drawn here)

def bar_chart(title: str, bars: list[tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as inline SVG."""
    if not bars:
        return f'<figure><figcaption>{_e(title)}</figcaption><p class="note">(không có / none)</p></figure>'
    high = max(value for _, value in bars) or 1
    row, label_width, bar_width = 22, 300, 360
    height = row * len(bars) + 10
    items = []
    for i, (label, value) in enumerate(bars):
        y = 5 + i * row
        length = max(bar_width * value / high, 1)
        shown = f"{value:,.0f}".replace(",", ".") if value >= 100 or value == int(value) else f"{value:.1f}"
        items.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(label[:48])}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}"></rect>'
                     f'<text x="{label_width + length + 4:.1f}" y="{y + 15}">{_e(shown)}{_e(unit)}</text>')
    return (f'<figure><figcaption>{_e(title)}</figcaption><svg class="chart" viewBox="0 0 {label_width + bar_width + 140} '
            f'{height}" width="{label_width + bar_width + 140}" height="{height}" role="img" aria-label="{_e(title)}">'
            + "".join(items) + "</svg></figure>")


def summary_page(tables: dict[str, list[dict]]) -> str:
    documents = tables["documents"]
    years = Counter(d["issue_date"][:4] for d in documents if d.get("issue_date"))
    types = Counter(d.get("doc_type") or "(không rõ / unknown)" for d in documents)
    awardees = tables["awardees"]
    kinds = Counter(a.get("kind") or "?" for a in awardees)
    ranks = Counter(a["rank"] for a in awardees if a.get("rank"))
    awards = Counter(a["award"] for a in awardees if a.get("award"))
    names = {d["doc_id"]: d.get("source_file", "") for d in documents}
    money = sorted((m for m in tables["metrics"] if m.get("unit") == "VND" and _float(m.get("value"))),
                   key=lambda m: -_float(m["value"]))[:12]
    ocr = [(Path(d.get("source_file", "")).name, _float(d.get("ocr_confidence")))
           for d in documents if _float(d.get("ocr_confidence"))]
    ocr_pages = sum(_int(d.get("ocr_pages")) or 0 for d in documents)
    pages = sum(_int(d.get("pages")) or 0 for d in documents)
    amount_rows = "".join(
        f'<tr><td class="num">{_e(m.get("raw", ""))}</td><td>{_e(m.get("subject", ""))}</td>'
        f'<td>{_e(m.get("context", "")[:200])}</td>'
        f'<td><a href="docs/{_slug(m["doc_id"])}.html#row-{_e(m.get("metric_id", ""))}">'
        f'{_e(Path(names.get(m["doc_id"], "")).name)}</a></td></tr>' for m in money)
    charts = [
        bar_chart("Tài liệu theo năm / documents per year", sorted(years.items())),
        bar_chart("Tài liệu theo loại / documents per type", types.most_common()),
        bar_chart("Khen thưởng theo đối tượng / awards per kind", kinds.most_common()),
        bar_chart("Khen thưởng theo cấp bậc / awards per rank", ranks.most_common(15)),
        bar_chart("Hình thức khen thưởng / awards per title", awards.most_common(12)),
        bar_chart("Độ tin cậy OCR / OCR confidence per document", sorted(ocr, key=lambda x: x[1])[:30]),
    ]
    return (_head("baocao: tổng hợp") + '<body class="summary">' + _nav()
            + f'<h1>Tổng hợp / summary</h1><p>{len(documents)} tài liệu / documents, {pages} trang / pages, '
            f'{ocr_pages} trang đọc bằng OCR / pages read by OCR.</p><div class="charts">' + "".join(charts)
            + '</div><h2>Số tiền lớn nhất / largest amounts</h2><table class="rows"><thead><tr><th>số tiền</th>'
            '<th>nội dung / subject</th><th>câu / context</th><th>tài liệu</th></tr></thead><tbody>'
            + amount_rows + '</tbody></table></body></html>\n')


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


CSS = """/* baocao review pages: fonts Debian and Windows both have, with Vietnamese */
:root { --ui: "Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
        --serif: "Times New Roman", "Liberation Serif", "DejaVu Serif", "Noto Serif", serif; }
body { font-family: var(--ui); margin: 0 1rem; color: #222; font-size: 14px; }
nav { padding: .5rem 0; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; } th, td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px; text-align: left;
  vertical-align: top; } td.num { text-align: right; }
.sortable th { cursor: pointer; user-select: none; background: #f4f4f4; position: sticky; top: 0; }
#search { margin: .5rem 0; padding: 4px 8px; width: 24rem; font: inherit; }
.badge { padding: 1px 6px; border-radius: 3px; background: #dfd; } .badge.error { background: #fbb; }
.badge.partial { background: #fe9; } .reason { color: #a00; font-size: .9em; }
.split { display: flex; gap: 1rem; height: calc(100vh - 6rem); }
#pages { flex: 1 1 55%; overflow-y: auto; background: #888; padding: 8px; }
#side { flex: 1 1 45%; overflow-y: auto; }
.page { position: relative; width: 100%; margin: 0 auto 10px; background: #fff; }
.page img { width: 100%; height: 100%; display: block; }
.pageno { position: absolute; right: 4px; top: 2px; font-size: 11px; color: #555; }
.box { position: absolute; border: 1.5px solid var(--c); background: color-mix(in srgb, var(--c) 12%, transparent);
  cursor: pointer; box-sizing: border-box; }
.box.t-entities, .box.t-blocks { display: none; } .box.active { display: block; }
.box.active, .row.active, .blk.active { outline: 3px solid #fc0; animation: flash 1s ease-out 2; }
@keyframes flash { 50% { background: #fc08; } }
.t-awardees { --c: #d62728; } .t-movements { --c: #1f77b4; } .t-metrics { --c: #2ca02c; }
.t-references { --c: #9467bd; } .t-findings { --c: #ff7f0e; } .t-footnotes { --c: #8c564b; }
.t-entities { --c: #17becf; } .t-blocks { --c: #7f7f7f; }
.legend .key, h2[class^="t-"] { white-space: nowrap; margin-right: .6rem; }
.legend i, h2 i { display: inline-block; width: .8em; height: .8em; background: var(--c); margin-right: 3px; }
#text { font-family: var(--serif); font-size: 15px; line-height: 1.45; }
.blk { margin: .3em 0; } .blk.heading, .blk.title { font-weight: bold; } .blk.footnote { font-size: .9em; color: #333; }
.blk.table_row { white-space: pre-wrap; font-size: .92em; }
mark.ent { background: #e8f4f8; border-bottom: 2px solid #17becf; }
mark[data-label="PER"] { background: #fde2e2; border-color: #d62728; } mark[data-label="ORG"] { background: #e2ecfd; border-color: #1f77b4; }
mark[data-label="MONEY"], mark[data-label="PERCENT"], mark[data-label="QUANTITY"] { background: #e3f6e3; border-color: #2ca02c; }
mark[data-label="DATE"] { background: #f3e8fa; border-color: #9467bd; } mark[data-label="AWARD"] { background: #fff0d9; border-color: #ff7f0e; }
sup.fnref a, a.back { color: #8c564b; font-weight: bold; text-decoration: none; }
:target { animation: flash 1s ease-out 2; }
::highlight(row) { background-color: #fc0; color: #000; }
.rows tr.row { cursor: pointer; } .rows tr.row:hover { background: #f6f6f6; } .rows { font-size: .9em; }
table.meta td.src { color: #666; font-style: italic; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; } figcaption { font-weight: bold; }
svg.chart text { font: 12px var(--ui); fill: #222; } svg.chart rect { fill: #1f77b4; }
.note { color: #666; font-style: italic; }
"""

SCRIPT = """// baocao review pages: sorting and searching the index; a row and its box select each other.
(function () {
  "use strict";
  var search = document.getElementById("search");
  var docs = document.getElementById("documents");
  if (search && docs) {
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
      docs.querySelectorAll("tbody tr").forEach(function (tr) {
        var text = tr.textContent.toLowerCase();
        tr.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }
  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.addEventListener("click", function () {
      var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
      var down = th.dataset.dir !== "asc";
      th.dataset.dir = down ? "asc" : "desc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny
          : x.localeCompare(y, "vi");
        return down ? order : -order;
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    });
  });
  function flash(element) {
    if (!element) { return; }
    element.classList.remove("active");
    void element.offsetWidth;
    element.classList.add("active");
  }
  function clear() {
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
  }
  function textOf(row) {
    var id = row && row.dataset.row;
    if (id && id.indexOf("fn") === 0) { return document.getElementById("fn-" + id.slice(2)); }
    var block = row && row.dataset.block;
    if (!block) { return null; }
    return document.querySelector('#text [data-block="' + block + '"]');
  }
  // The row's own characters in its block's text (char_start to char_end, counted in the block's text:
  // footnote markers and the back link added to the page are not part of it), as a Range.
  function charRange(block, start, end) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("sup.fnref, a.back") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var range = document.createRange(), seen = 0, begun = false, node;
    while ((node = walker.nextNode())) {
      var length = node.data.length;
      if (!begun && start <= seen + length) { range.setStart(node, start - seen); begun = true; }
      if (begun && end <= seen + length) { range.setEnd(node, end - seen); return range; }
      seen += length;
    }
    return null;
  }
  function mark(row, text) {
    if (!window.CSS || !CSS.highlights || !row || !text) { return; }
    CSS.highlights.delete("row");
    var start = parseInt(row.dataset.start, 10), end = parseInt(row.dataset.end, 10);
    if (isNaN(start) || isNaN(end) || end <= start) { return; }
    var range = charRange(text, start, end);
    if (range) { CSS.highlights.set("row", new Highlight(range)); }
  }
  function show(id, from) {
    clear();
    var box = document.getElementById("box-" + id);
    var row = document.getElementById("row-" + id);
    var text = textOf(row) || document.querySelector('#text [data-row="' + id + '"]');
    [box, row, text].forEach(flash);
    mark(row, text);
    if (box && from !== "box") { box.scrollIntoView({block: "center"}); }
    if (row && from !== "row") { row.scrollIntoView({block: "center"}); }
    if (text && from !== "text") { text.scrollIntoView({block: "center"}); }
  }
  document.querySelectorAll("tr.row").forEach(function (tr) {
    tr.addEventListener("click", function () { show(tr.dataset.row, "row"); });
  });
  document.querySelectorAll(".box").forEach(function (box) {
    box.addEventListener("click", function () { show(box.dataset.row, "box"); });
  });
  document.querySelectorAll("#text .blk").forEach(function (p) {
    p.addEventListener("dblclick", function () { show(p.dataset.row, "text"); });
  });
  if (location.hash.indexOf("#row-") === 0) { show(location.hash.slice(5), ""); }
})();
"""

"""Plain-text and JSON views of a :class:`~baocao.extract.model.Document` for people and scripts."""

from __future__ import annotations

import json

from .model import Document

META_FIELDS = ("doc_type", "doc_number", "doc_number_source", "issuer", "issuer_parent", "issue_place", "issue_date",
               "issue_date_source", "title", "signer_role", "signer_name", "signed_by", "signed_at", "certified_copy",
               "unread")
FRONT_KINDS = ("issuer", "motto", "number", "date", "title", "subject", "addressees", "recipients", "signature")


def with_markers(text: str, markers) -> str:
    """``text`` with each footnote marker shown inline as ``[^N]``."""
    out = text
    for marker in sorted(markers, key=lambda m: m.offset, reverse=True):
        out = out[: marker.offset] + f"[^{marker.number}]" + out[marker.offset :]
    return out


def render_text(doc: Document) -> str:
    """The metadata, the body in reading order with markers inline, then the footnotes."""
    lines = [f"# {doc.path}", f"doc_id: {doc.doc_id}", f"text_source: {doc.text_source}"]
    for name in META_FIELDS:
        value = getattr(doc.meta, name)
        if value:
            lines.append(f"{name}: {value}")
    if doc.meta.cosigners:
        lines.append("cosigners: " + doc.meta.cosigners_text())
    if doc.meta.recipients:
        lines.append("recipients: " + "; ".join(doc.meta.recipients))
    for page in doc.pages:
        if page.ocr:
            lines.append(f"page {page.number}: {page.quality}, read by OCR (mean word confidence {page.ocr_confidence})")
        elif page.quality != "text":
            lines.append(f"page {page.number}: {page.quality} (no usable text layer)")
    lines.append("")
    page = 0
    for block in doc.blocks:
        if block.source != "body" or block.kind in FRONT_KINDS:
            continue
        if block.page != page:
            page = block.page
            lines.append(f"--- page {page} ---")
        text = with_markers(block.text, block.markers)
        if block.kind == "table_row":
            text = " | ".join(block.cells or [])
        lines.append(text)
        lines.append("")
    if doc.footnotes:
        lines.append("--- footnotes ---")
        for note in doc.footnotes:
            where = f"page {note.page}" + (f", cited on page {note.anchor_page}" if note.anchor_page else ", not cited")
            lines.append(f"[^{note.number}]: {note.text}  ({where})")
    return "\n".join(lines).rstrip() + "\n"


def render_json(doc: Document, lines: bool = False) -> str:
    return json.dumps(doc.to_dict(lines=lines), ensure_ascii=False, indent=2)

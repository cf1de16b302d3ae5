"""Hostile inputs for the batch: hand-made bad files and a seeded mutation fuzzer over the samples.

Used by ``tests/test_hostile.py`` (the hand-made set and a short fuzz run) and by ``benchmarks/fuzz.py``
(a long run that prints its counts). Everything is made at run time from the samples; nothing is kept in
the repository but this script.
"""

from __future__ import annotations

import os
import random
import re
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file whose objects 1, 2, … are ``objects`` (object 1 the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, compressed: bool = False) -> bytes:
    if compressed:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s /Resources << /Font << /F1 4 0 R >> >> >>"
_TEXT = b"BT /F1 12 Tf 72 700 Td (Bao cao so 12/BC-UBND ngay 5 thang 3 nam 2024) Tj ET"


def _pages(kids: list[bytes], extra: list[bytes], count: int | None = None) -> bytes:
    """A file: catalog, page tree of ``kids`` (references), font (object 4), then ``extra`` from object 5."""
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids) if count is None else count)
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", tree, b"null", _FONT] + extra)


def bad_files(folder: Path, inflated_mb: int = 64, repeated_pages: int = 2000) -> dict[str, str]:
    """Write the hand-made hostile inputs into ``folder``; returns name -> what it is.

    Files a folder walk must not read (a FIFO, broken and looping links, a folder named like a PDF) are
    made too; they are counted skips, the rest are rows.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sample = (SAMPLES / "lang-son-2019-bao-cao.pdf").read_bytes()
    made: dict[str, str] = {}

    def put(name: str, data: bytes, what: str) -> None:
        (folder / name).write_bytes(data)
        made[name] = what

    put("empty.pdf", b"", "an empty file")
    put("not-a-pdf.pdf", b"PK\x03\x04 a zip file, not a PDF" * 10, "not a PDF")
    put("header-only.pdf", b"%PDF-1.7\n", "a header and nothing else")
    put("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "garbage after the header")
    for fraction in (0.05, 0.5, 0.9):
        put(f"cut-{int(fraction * 100)}.pdf", sample[: int(len(sample) * fraction)], f"cut at {fraction:.0%}")
    shifted = re.sub(rb"(\d{10})( \d{5} n)", lambda m: b"%010d" % (int(m.group(1)) + 7) + m.group(2), sample)
    put("xref-offsets-wrong.pdf", shifted, "every cross-reference offset wrong")
    put("no-xref.pdf", sample[: sample.rfind(b"xref")], "no cross-reference table or trailer")
    put("no-pages.pdf", pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        "an empty page tree")
    put("no-root.pdf", pdf_from_objects([b"<< /Type /Catalog >>"]), "a catalog without pages")
    put("page-tree-loop.pdf", pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                 b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
        "a page tree that contains itself")
    depth = 400
    nested = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        nested.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3))
    nested.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    put("page-tree-deep.pdf", pdf_from_objects(nested), f"a page tree {depth} levels deep")
    put("repeated-pages.pdf", _pages([b"5 0 R"] * repeated_pages, [_PAGE % b"6 0 R", _stream(_TEXT)]),
        f"one page referenced {repeated_pages} times")
    bomb = b"BT /F1 12 Tf 72 700 Td (a) Tj ET\n" + b" " * (inflated_mb * 1024 * 1024)
    put("inflating-stream.pdf", _pages([b"5 0 R"], [_PAGE % b"6 0 R", _stream(bomb, compressed=True)]),
        f"a content stream that inflates to {inflated_mb} MB")
    put("contents-not-a-stream.pdf", _pages([b"5 0 R"], [_PAGE % b"7"]), "a page whose /Contents is a number")
    put("mediabox-bad.pdf", _pages([b"5 0 R"], [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 (a) 842] "
                                                b"/Contents 6 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
                                                _stream(_TEXT)]), "a media box with a string in it")
    put("operators-junk.pdf", _pages([b"5 0 R"], [_PAGE % b"6 0 R", _stream(b"BT ] ] >> Tj Tf TJ ET q Q Q Q cm Do")]),
        "operators with wrong operands")
    form_loop = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
                 b"/Resources << /XObject << /X 7 0 R >> >> >>")
    loop_form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X 7 0 R >> >> "
                 b"/Length 7 >>\nstream\n/X Do\n\nendstream")
    put("form-loop.pdf", _pages([b"5 0 R"], [form_loop, _stream(b"/X Do"), loop_form]), "a form XObject that draws itself")
    controls = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
                b"endcodespacerange 1 beginbfchar <61> <001B> endbfchar endcmap end end")
    put("control-characters.pdf", pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        _stream(b"BT /F1 12 Tf 72 700 Td (Bao cao ngay) Tj ET"), _stream(controls)]),
        "a ToUnicode map to a control character")
    put("name\nwith newline.pdf", sample, "a good file whose name holds a newline")
    put("name with \x1b escape.pdf", sample[:2000], "a cut file whose name holds an escape character")
    (folder / "folder.pdf").mkdir(exist_ok=True)  # a folder named like a PDF: walked, not read
    fifo = folder / "fifo.pdf"
    if not fifo.exists():
        os.mkfifo(fifo)
    made["fifo.pdf"] = "a FIFO (skipped)"
    for name, target in (("dangling.pdf", "gone.pdf"), ("loop.pdf", "loop.pdf")):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(folder / target)
        made[name] = "a broken symbolic link (skipped)" if name == "dangling.pdf" else "a symbolic link loop (skipped)"
    return made


# ----------------------------------------------------------------------------------------------------------
# Mutation fuzzing.

def _numbers(data: bytearray, rng: random.Random) -> None:
    """Change one number written in the file (an offset, a length, a count, a coordinate)."""
    found = [m for m in re.finditer(rb"\d+", bytes(data[:200000]))]
    if found:
        m = rng.choice(found)
        value = rng.choice([b"0", b"-1", b"999999999", b"%d" % (int(m.group()) + rng.randint(-3, 3)), b"1e308"])
        data[m.start():m.end()] = value


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 16)):
        position = rng.randrange(len(data))
        data[position] ^= 1 << rng.randrange(8)


def _bytes(data: bytearray, rng: random.Random) -> None:
    position = rng.randrange(len(data))
    data[position:position + rng.randint(1, 64)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))


def _delete(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    del data[start:start + rng.randint(1, 4096)]


def _duplicate(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    position = rng.randrange(len(data))
    data[position:position] = chunk * rng.randint(1, 8)


def _truncate(data: bytearray, rng: random.Random) -> None:
    del data[rng.randrange(1, len(data)):]


def _keyword(data: bytearray, rng: random.Random) -> None:
    """Replace a PDF keyword by another (obj/endobj, stream/endstream, R, /Type names)."""
    words = [b"obj", b"endobj", b"stream", b"endstream", b" R", b"/Page", b"/Pages", b"/Kids", b"/Contents",
             b"/Font", b"/Length", b"/Filter", b"/FlateDecode", b"xref", b"trailer", b"startxref", b"<<", b">>"]
    old = rng.choice(words)
    positions = [m.start() for m in re.finditer(re.escape(old), bytes(data))]
    if positions:
        position = rng.choice(positions)
        data[position:position + len(old)] = rng.choice(words)


MUTATIONS = (_numbers, _flip, _bytes, _delete, _duplicate, _truncate, _keyword)


def mutant(seeds: list[bytes], rng: random.Random) -> bytes:
    """One mutated file: a seed with one to three mutations."""
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 3)):
        if len(data) < 2:
            break
        rng.choice(MUTATIONS)(data, rng)
    return bytes(data)


def seeds() -> list[bytes]:
    """The files mutants are made from: the samples with a text layer (small, varied)."""
    names = ("cong-van-khong-chu-thich.pdf", "ke-hoach-thi-dua-2024.pdf", "lang-son-2019-bao-cao.pdf",
             "quyet-dinh-khen-thuong-2023.pdf", "quyet-dinh-ky-so-2024.pdf")
    return [(SAMPLES / name).read_bytes() for name in names if (SAMPLES / name).exists()]


def write_mutants(folder: Path, count: int, seed: int, start: int = 0) -> list[Path]:
    """``count`` mutants numbered from ``start``, each made from its own number and ``seed`` (so any one
    can be made again alone)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = seeds()
    paths = []
    for number in range(start, start + count):
        path = folder / f"mutant-{seed}-{number:06d}.pdf"
        path.write_bytes(mutant(sources, random.Random(f"{seed}:{number}")))
        paths.append(path)
    return paths

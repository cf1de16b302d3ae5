"""Make the small broken PDFs that tests/test_bad_input.py reads. Needs reportlab (not at test time).

    python tests/data/make_bad_pdfs.py
"""

from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent


def main() -> None:
    encrypted = canvas.Canvas(str(HERE / "encrypted.pdf"), invariant=1,
                              encrypt=StandardEncryption("mat-khau", ownerPassword="chu-so-huu", strength=128))
    encrypted.drawString(72, 720, "Bao cao mat")
    encrypted.save()
    # A PDF whose page tree is empty: valid syntax, no pages.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (HERE / "no-pages.pdf").write_bytes(bytes(out))


if __name__ == "__main__":
    main()

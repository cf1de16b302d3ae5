"""Make the small broken PDFs that tests/test_bad_input.py reads. Needs reportlab (not at test time).

    python tests/data/make_bad_pdfs.py
"""

import sys
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from conftest import pdf_from_objects  # noqa: E402


def main() -> None:
    encrypted = canvas.Canvas(str(HERE / "encrypted.pdf"), invariant=1,
                              encrypt=StandardEncryption("mat-khau", ownerPassword="chu-so-huu", strength=128))
    encrypted.drawString(72, 720, "Bao cao mat")
    encrypted.save()
    # A PDF whose page tree is empty: valid syntax, no pages.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    (HERE / "no-pages.pdf").write_bytes(pdf_from_objects(objects))


if __name__ == "__main__":
    main()

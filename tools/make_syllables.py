"""Write extract/data/syllables.txt: the Vietnamese syllables OCR post-processing accepts as words.

Made from underthesea's word list (corpus/data/Viet74K.txt, GPL-3.0 like this project) and baocao's own
vocabularies (surnames, places, ranks, positions, awards …), lower case, NFC, one per line. Run it again
after a vocabulary changes: ``python tools/make_syllables.py``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import underthesea

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "extract" / "data"
LETTERS = "a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
VOWELS = "aàáạảãâầấậẩẫăằắặẳẵeèéẹẻẽêềếệểễiìíịỉĩoòóọỏõôồốộổỗơờớợởỡuùúụủũưừứựửữyỳýỵỷỹ"
# onset, vowels, coda: the shape of a Vietnamese syllable ("nghiêng", "ủy", "ung"); "tr", "ch" and loan
# words with consonant clusters ("internet") are not syllables.
SYLLABLE = re.compile(f"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{VOWELS}]{{1,3}}"
                      "(?:ch|ng|nh|[cmnpt])?$")
HEADER = """\
# Vietnamese syllables, lower case, NFC, one per line: the words OCR post-processing accepts when it
# splits words Tesseract read glued together ("Trungtâm" -> "Trung tâm"; extract/ocr.py).
# Made by tools/make_syllables.py from underthesea's word list (Viet74K, GPL-3.0) and baocao's own
# vocabularies; do not edit by hand.
"""


def words(text: str) -> set[str]:
    out = set()
    for word in unicodedata.normalize("NFC", text).lower().split():
        if SYLLABLE.match(word):
            out.add(word)
    return out


def main() -> None:
    found: set[str] = set()
    source = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    found |= words(source.read_text(encoding="utf-8"))
    for path in sorted(DATA.glob("*.txt")) + sorted(DATA.glob("*.tsv")):
        if path.name == "syllables.txt":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                found |= words(line.replace("\t", " "))
    target = DATA / "syllables.txt"
    target.write_text(HEADER + "".join(f"{word}\n" for word in sorted(found)), encoding="utf-8")
    print(f"{len(found)} syllables -> {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

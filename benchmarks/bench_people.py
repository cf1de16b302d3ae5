"""Time people and unit linking on a made-up batch where one name recurs in many documents.

Prints, for each size, the seconds `link_people` takes and how many people it made. The rows share one name:
one person in every document, then a tenth as many namesakes as rows, each in a unit of their own, with a
rank that rises over the years.

    python benchmarks/bench_people.py [SIZES ...]      (default: 100 300 1000 3000)
"""

from __future__ import annotations

import random
import sys
import time

from baocao.pipelines.people import link_people
from baocao.pipelines.tables import AwardeeRow, DocumentRow

RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá"]


def batch(n: int, people: int, seed: int = 7) -> tuple[list[DocumentRow], list[AwardeeRow]]:
    """``n`` decisions, one a month, each awarding one of ``people`` namesakes: each has a unit of their own
    (written with or without its district), a position, and a rank that rises every few years."""
    rng = random.Random(seed)
    documents, awardees = [], []
    for k in range(n):
        doc_id = f"{k:016x}"
        date = f"{2000 + k // 12:04d}-{1 + k % 12:02d}-01"
        who = rng.randrange(people)
        unit = f"Công an xã Tân Lập {who}" + rng.choice(["", ", huyện Cao Lộc"])
        documents.append(DocumentRow(doc_id=doc_id, sha256=doc_id * 4, status="ok", doc_type="Quyết định",
                                     issue_date=date))
        awardees.append(AwardeeRow(doc_id=doc_id, awardee_id=f"{doc_id}-A0001", kind="person",
                                   name=rng.choice(["Nguyễn Văn Hùng", "NGUYỄN VĂN HÙNG", "Nguyễn Văn Hùng"]),
                                   rank=RANKS[min(k * len(RANKS) // n, len(RANKS) - 1)],
                                   position=rng.choice(["Cán bộ", ""]), organisation=unit, award="Bằng khen",
                                   list_no="1"))
    return documents, awardees


def main(sizes: list[int]) -> None:
    for n in sizes:
        for people in (1, max(1, n // 10)):
            documents, awardees = batch(n, people)
            start = time.perf_counter()
            _, found, units = link_people(documents, awardees, [])
            print(f"{n:6d} rows of one name, {people:4d} namesakes: {time.perf_counter() - start:8.2f} s, "
                  f"{len(found)} people, {len(units)} units", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 300, 1000, 3000])

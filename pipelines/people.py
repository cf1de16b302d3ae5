"""people.csv and units.csv: who each awardee is, and which unit, across the documents of a batch.

Done when the tables are written (:func:`link_people`, called by ``batch.write_tables`` after the references
are resolved), never cached with a document: an identity depends on the whole batch.

**Unit names** are compared by a key (:func:`unit_key`): folded (``textnorm.fold``: case and tone placement
aside), punctuation made a space, abbreviations written out ("UBND" → "ủy ban nhân dân", "TP." → "thành
phố"; ``extract/data/people_units.tsv``, class ``abbr``), and a leading "Ủy ban nhân dân" dropped before a
place word ("UBND xã Hòa Cư" = "xã Hòa Cư", "UBND tỉnh" = "tỉnh"; class ``drop``, place words of ``place_types.tsv``). Two keys
*match* when equal, or when the shorter ends with a place word and the longer goes on with a name: "Công an
tỉnh" matches "Công an tỉnh Lạng Sơn" (a list leaves out the province the document is about). Names are
written as seen; the key is only for matching.

**Units.** Every collective awardee is a unit (its name, its organisation column the parents), and so is
the first comma segment of a person's organisation column (the rest its parents: "Phòng Tham mưu, Công
an tỉnh"). Two such mentions are one unit when their names match and their parents do not contradict
(both given and no parent of one matches a parent of the other).

**People.** Only rows of kind ``person``. Two rows can only be one person when their folded names are equal
("Nguyễn Văn Hoà" = "Nguyễn Văn Hòa"); a same name is never enough. They are one person when nothing
contradicts it and one piece of evidence joins them:

- ``unit``: their unit chains overlap. A person's chain is the unit its position names after its title
  ("Giám đốc Trung tâm VT Đồng Hới", "Phó Trưởng phòng Tham mưu": "Phòng Tham mưu"; titles of positions.txt
  and class ``title``, a title's last word of class ``unit_word`` kept), then the organisation's comma
  segments. They overlap when the first unit of one matches a unit of the other and the units above the
  match do not contradict ("Công an tỉnh" and "Phòng Tham mưu, Công an tỉnh"; not "Phòng Kỹ thuật, Viễn
  thông A" and "Phòng Kỹ thuật, Viễn thông B");
- ``position``: the same position, when it names more than a bare title (3 words or more, not an entry of
  ``positions.txt``: "Trưởng thôn Nà Pàn");
- ``reference``: their documents are linked by a resolved reference (a decision citing the Tờ trình that
  proposed the name, either way round);
- ``document``: the same document (a second award of the same name, a body mention and the list), unless
  both are entries of a list with different numbers.

What contradicts: unit chains both given that do not overlap; ranks that go down from one
document to a later one, or differ at one date (levels in ``people_units.tsv``, class ``rank``); two
entries with different numbers of one award list.

**Ambiguity.** A row with evidence towards two rows that contradict each other ("Nguyễn Văn Hùng" of a
Tờ trình without unit, and two namesakes in different units in the decision that cites it) joins neither.
Rows are then joined pair by pair in a canonical order (by issue date and row id, never by input order),
and a join that would put two contradicting rows into one person is not made. People of the same folded
name left apart list each other in ``candidates``; so do units of matching names left apart.

**Ids** are "P-" / "U-" and 12 hex digits of the sha256 of the folded name and the row id of the
identity's first row (earliest issue date, then row id): the same for any input order, ``--jobs`` or
``--cluster``, and kept when later documents join the batch.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from baocao.extract.entities.vocab import folded_set, read_rows
from baocao.extract.textnorm import clean, fold

from .tables import AwardeeRow, DocumentRow, PersonRow, ReferenceRow, UnitRow

JOIN = " | "
_PUNCT = re.compile(r"[^\w\s\u0300-\u036f]|_")  # the tone marks fold leaves after a final consonant stay
_SEGMENTS = re.compile(r"[,;]")


# -- vocabulary -------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, ...], ...], dict[str, int]]:
    """(abbreviation -> words, leading words dropped before a place, folded rank -> level)."""
    abbr: dict[str, tuple[str, ...]] = {}
    drops: list[tuple[str, ...]] = []
    ranks: dict[str, int] = {}
    for row in read_rows("people_units.tsv"):
        if row[0] == "abbr":
            abbr[fold(row[1])] = _words(row[2])
        elif row[0] == "drop":
            drops.append(_words(row[1]))
        elif row[0] == "rank":
            ranks[" ".join(_words(row[1]))] = int(row[2])
    return abbr, tuple(drops), ranks


@lru_cache(maxsize=1)
def _places() -> frozenset[tuple[str, ...]]:
    """Place words ("xã", "thành phố") as folded word tuples."""
    return frozenset(_words(row[0]) for row in read_rows("place_types.tsv") if row[1:2] == ("unit",)
                     and _words(row[0]))


def _words(text: str) -> tuple[str, ...]:
    return tuple(_PUNCT.sub(" ", fold(clean(text))).split())


def unit_key(text: str) -> str:
    """The matching key of a unit's name: folded, punctuation out, abbreviations written out, a leading
    "Ủy ban nhân dân" before a place word dropped. ``unit_key(unit_key(x)) == unit_key(x)``."""
    abbr, drops, _ = _vocab()
    words: list[str] = []
    for word in _words(text):
        words.extend(abbr.get(word, (word,)))
    for drop in drops:
        if tuple(words[:len(drop)]) == drop and _starts_with_place(words[len(drop):]):
            words = words[len(drop):]
            break
    return " ".join(words)


def _starts_with_place(words: Sequence[str]) -> bool:
    return any(tuple(words[:len(place)]) == place for place in _places())


def _ends_with_place(words: Sequence[str]) -> bool:
    return any(len(words) >= len(place) and tuple(words[-len(place):]) == place for place in _places())


def keys_match(a: str, b: str) -> bool:
    """Two unit keys name the same unit: equal, or the shorter ends with a place word and the longer goes on
    with a name ("công an tỉnh" / "công an tỉnh lạng sơn")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return bool(short) and long.startswith(short + " ") and _ends_with_place(short.split())


def unit_chain(organisation: str) -> tuple[str, ...]:
    """The keys of an organisation column's comma segments, the most specific first."""
    return tuple(key for key in (unit_key(part) for part in _SEGMENTS.split(organisation)) if key)


def rank_level(rank: str) -> int | None:
    return _vocab()[2].get(" ".join(_words(rank))) if rank else None


# -- the shared resolver ----------------------------------------------------------------------------------

class _Pairwise:
    """A cluster whose contradictions are found pair by pair (the default)."""

    def __init__(self, node: int, conflict: Callable[[int, int], bool]):
        self.nodes, self.conflict = [node], conflict

    def conflicts(self, other: "_Pairwise") -> bool:
        return any(self.conflict(x, y) for x in self.nodes for y in other.nodes)

    def absorb(self, other: "_Pairwise") -> None:
        self.nodes.extend(other.nodes)


def _resolve(count: int, evidence: Callable[[int, int], str], conflict: Callable[[int, int], bool],
             blocks: dict[object, list[int]], group: Callable[[int], object] | None = None
             ) -> tuple[list[int], Counter]:
    """Cluster nodes ``0..count-1`` (already in canonical order): the label of each node's cluster (its
    smallest member) and how many joins each kind of evidence made.

    Pairs are only compared within a block (nodes that could be one: the same folded name). A node with
    evidence towards two nodes that contradict each other joins neither; joins are made pair by pair in
    canonical order and never put two contradicting nodes together. ``group(node)`` makes a one-node
    cluster with ``conflicts(other)`` (does any member contradict any of the other's) and ``absorb(other)``;
    by default members are compared pair by pair, which grows with the cube of a block's size.
    """
    group = group or (lambda node: _Pairwise(node, conflict))
    edges: list[tuple[int, int, str]] = []
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if not conflict(i, j) and (kind := evidence(i, j)):
                    edges.append((i, j, kind))
    neighbours: dict[int, list[int]] = defaultdict(list)
    for i, j, _ in edges:
        neighbours[i].append(j)
        neighbours[j].append(i)
    # A node is ambiguous when two of its neighbours contradict each other; no need to look where the whole
    # block it shares with them holds no contradiction (one person named in every document).
    whole = {key: frozenset(members) for key, members in blocks.items()
             if len(members) > 2 and _consistent(members, group)}
    blocks_of: dict[int, list[frozenset]] = defaultdict(list)
    for members in whole.values():
        for node in members:
            blocks_of[node].append(members)
    ambiguous = {node for node, near in neighbours.items()
                 if not any(members.issuperset(near) for members in blocks_of[node]) and not _consistent(near, group)}
    parent = list(range(count))
    clusters: dict[int, object] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joins: Counter = Counter()
    for i, j, kind in sorted(edges):
        if i in ambiguous or j in ambiguous:
            continue
        a, b = root(i), root(j)
        if a == b:
            continue
        first = clusters.get(a) or clusters.setdefault(a, group(a))
        second = clusters.get(b) or clusters.setdefault(b, group(b))
        if first.conflicts(second):
            continue
        a, b = min(a, b), max(a, b)
        big, small = (first, second) if len(getattr(first, "nodes", ())) >= len(getattr(second, "nodes", ())) \
            else (second, first)
        big.absorb(small)
        parent[b] = a
        clusters[a] = big
        clusters.pop(b, None)
        joins[kind] += 1
    return [root(i) for i in range(count)], joins


def _consistent(nodes: list[int], group: Callable[[int], object]) -> bool:
    """Whether no two of ``nodes`` contradict each other (one cluster grown node by node)."""
    whole = group(nodes[0])
    for node in nodes[1:]:
        one = group(node)
        if whole.conflicts(one):
            return False
        whole.absorb(one)
    return True


class _People:
    """A cluster of person rows whose contradictions are checked against what it holds, not row by row: its
    distinct unit chains, its list entries per document and award, and its ranks in date order (in one
    person they never go down). Exactly the pairwise rule of ``_link_people``'s ``conflict``."""

    def __init__(self, node: int, people: list["_Person"]):
        p = people[node]
        self.nodes = [node]
        self.people = people
        self.chains: set[tuple[str, ...]] = {p.chain} if p.chain else set()
        self.entries: dict[tuple[str, str], set[str]] = {}
        if p.row.list_no:
            self.entries[(p.row.doc_id, fold(p.row.award))] = {p.row.list_no}
        self.levels: Counter = Counter()  # every rank level held
        self.dated: list[tuple[str, int]] = []  # (full ISO date, level), sorted
        self.loose: list[tuple[str, int]] = []  # ranks with a partial or no date
        if p.level is not None:
            self.levels[p.level] += 1
            (self.dated if len(p.date) == 10 else self.loose).append((p.date, p.level))

    def conflicts(self, other: "_People") -> bool:
        if any(not _overlap(a, b) for a in self.chains for b in other.chains):
            return True
        for key, numbers in other.entries.items():
            mine = self.entries.get(key, set())
            if any(x != y for x in mine for y in numbers):
                return True
        small, big = (self, other) if len(self.nodes) <= len(other.nodes) else (other, self)
        return any(big.rank_conflict(date, level) for date, level in small.dated + small.loose)

    def rank_conflict(self, date: str, level: int) -> bool:
        """Whether a rank ``level`` at ``date`` contradicts a rank held here."""
        if len(date) != 10:
            if not date:  # undated: any other level contradicts it
                return any(held != level for held in self.levels)
            return any(_rank_pair_conflict(date, level, d, held) for d, held in self.dated + self.loose)
        if any(_rank_pair_conflict(date, level, d, held) for d, held in self.loose):
            return True
        at = bisect.bisect_left(self.dated, (date, -1))
        if at > 0 and self.dated[at - 1][1] > level:
            return True  # an earlier rank above it (levels rise with the dates held)
        while at < len(self.dated) and self.dated[at][0] == date:
            if self.dated[at][1] != level:
                return True  # another rank on the same day
            at += 1
        return at < len(self.dated) and self.dated[at][1] < level  # a later rank below it

    def absorb(self, other: "_People") -> None:
        self.nodes.extend(other.nodes)
        self.chains |= other.chains
        for key, numbers in other.entries.items():
            self.entries.setdefault(key, set()).update(numbers)
        self.levels.update(other.levels)
        for item in other.dated:
            bisect.insort(self.dated, item)
        self.loose.extend(other.loose)


def _rank_pair_conflict(date_a: str, level_a: int, date_b: str, level_b: int) -> bool:
    """Two ranks of one person contradict when they differ at one date, or go down from one to a later."""
    if level_a == level_b:
        return False
    if _before(date_a, date_b):
        return level_a > level_b
    if _before(date_b, date_a):
        return level_b > level_a
    return True


def _identity(prefix: str, key: str, first_row_id: str) -> str:
    return prefix + hashlib.sha256(f"{key}|{first_row_id}".encode("utf-8")).hexdigest()[:12]


def _before(a: str, b: str) -> bool:
    """ISO date ``a`` (maybe partial) is earlier than ``b``; a year and a date in it are not ordered."""
    return bool(a and b) and a < b and not b.startswith(a)


def _spellings(values: list[str]) -> str:
    return JOIN.join(sorted({v for v in values if v}, key=lambda v: (fold(v), v)))


def _ordered_unique(values: list[str]) -> str:
    return JOIN.join(dict.fromkeys(v for v in values if v))


def _most_seen(values: list[str]) -> str:
    """The spelling seen most often; of equals, the first (values come in canonical order)."""
    counts = Counter(v for v in values if v)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if counts else ""


# -- units ------------------------------------------------------------------------------------------------

@dataclass
class _UnitMention:
    key: str
    parents: tuple[str, ...]
    name: str  # as written
    parent_text: str


def _unit_mention(row: AwardeeRow) -> _UnitMention | None:
    if row.kind == "collective":
        key = unit_key(row.name)
        return _UnitMention(key, unit_chain(row.organisation), clean(row.name), clean(row.organisation)) if key else None
    parts = [clean(part) for part in _SEGMENTS.split(row.organisation) if unit_key(part)]
    if not parts:
        return None
    return _UnitMention(unit_key(parts[0]), tuple(unit_key(p) for p in parts[1:]), parts[0], ", ".join(parts[1:]))


def _parents_conflict(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(a and b) and not any(keys_match(x, y) for x in a for y in b)


# -- people -----------------------------------------------------------------------------------------------

@dataclass
class _Person:
    row: AwardeeRow
    name_key: str
    date: str
    chain: tuple[str, ...]
    position_key: str
    level: int | None


@lru_cache(maxsize=65536)
def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The unit chains of two rows overlap: the first unit of one matches a unit of the other, and the units
    above that match do not contradict ("Phòng Tham mưu, Công an tỉnh" and "Công an tỉnh"; not "Phòng Kỹ
    thuật, Viễn thông A" and "Phòng Kỹ thuật, Viễn thông B")."""
    for x, y in ((a, b), (b, a)):
        if x and any(keys_match(x[0], unit) and not _parents_conflict(x[1:], y[j + 1:]) for j, unit in enumerate(y)):
            return True
    return False


@lru_cache(maxsize=1)
def _titles() -> frozenset[tuple[str, ...]]:
    """Titles that open a position (positions.txt and class ``title``), as folded word tuples."""
    titles = {tuple(" ".join(_words(title)).split()) for title in folded_set("positions.txt")}
    titles |= {_words(row[1]) for row in read_rows("people_units.tsv") if row[0] == "title"}
    leads = {_words(row[1]) for row in read_rows("people_units.tsv") if row[0] == "title" and len(row[1].split()) == 1}
    titles |= {lead + title for lead in leads for title in titles}
    return frozenset(title for title in titles if title)


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(" ".join(_words(row[1])) for row in read_rows("people_units.tsv") if row[0] == "unit_word")


def position_units(position: str) -> tuple[str, ...]:
    """Keys of the units a position names after its title ("Giám đốc Trung tâm Viễn thông Đồng Hới" →
    "trung tâm viễn thông đồng hới"), per comma segment: after the longest title that a capitalised name of
    two words or more follows; else none."""
    found = []
    for part in _SEGMENTS.split(clean(position)):
        words = part.split()
        folded = [" ".join(_words(word)) for word in words]
        sizes = sorted({len(title) for title in _titles() if tuple(folded[:len(title)]) == title}, reverse=True)
        for size in sizes:  # the longest title after which a capitalised name follows
            rest = words[size:]
            if folded[size - 1] in _unit_words():  # "Trưởng phòng Tham mưu": the unit is "Phòng Tham mưu"
                rest = words[size - 1:]
            if len(rest) >= 2 and words[size:size + 1] and words[size][:1].isupper() and (
                    key := unit_key(" ".join(rest))):
                found.append(key)
                break
    return tuple(found)


def person_chain(position: str, organisation: str) -> tuple[str, ...]:
    """A person's units, the most specific first: those the position names, then the organisation's."""
    chain: list[str] = []
    for key in position_units(position) + unit_chain(organisation):
        if not chain or chain[-1] != key:
            chain.append(key)
    return tuple(chain)


@lru_cache(maxsize=1)
def _bare_titles() -> frozenset[str]:
    return frozenset(" ".join(_words(title)) for title in folded_set("positions.txt"))


def _specific_position(position: str) -> str:
    key = unit_key(position)
    return key if len(key.split()) >= 3 and key not in _bare_titles() else ""


def link_people(documents: list[DocumentRow], awardees: list[AwardeeRow], references: list[ReferenceRow]
                ) -> tuple[list[AwardeeRow], list[PersonRow], list[UnitRow]]:
    """``awardees`` with ``person_id`` and ``unit_id`` set, and the rows of people.csv and units.csv.

    ``references`` must carry their ``resolved_doc_id`` (:func:`baocao.pipelines.references.resolve_references`).
    The rows come back in the order given; people and units are sorted by name key and first date.
    """
    dates = {doc.doc_id: doc.issue_date for doc in documents}
    links = {frozenset((ref.doc_id, ref.resolved_doc_id)) for ref in references
             if ref.resolved_doc_id and ref.resolved_doc_id != ref.doc_id}
    order = sorted(range(len(awardees)), key=lambda i: (dates.get(awardees[i].doc_id) or "~", awardees[i].awardee_id))

    unit_of_row, units = _link_units(awardees, order, dates)
    person_of_row, people = _link_people(awardees, order, dates, links, unit_of_row)
    out = [dataclasses.replace(row, person_id=person_of_row.get(i, ""), unit_id=unit_of_row.get(i, ""))
           for i, row in enumerate(awardees)]
    people_count = Counter()
    for unit_id, person_ids in _people_per_unit(out).items():
        people_count[unit_id] = len(person_ids)
    for unit in units:
        unit.people = people_count[unit.unit_id]
    return out, people, units


def _people_per_unit(rows: list[AwardeeRow]) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.person_id and row.unit_id:
            seen[row.unit_id].add(row.person_id)
    return seen


def _link_units(awardees: list[AwardeeRow], order: list[int], dates: dict[str, str]
                ) -> tuple[dict[int, str], list[UnitRow]]:
    # Nodes are distinct (name key, parent keys): rows that say the same are one node.
    node_of: dict[tuple[str, tuple[str, ...]], int] = {}
    nodes: list[tuple[str, tuple[str, ...]]] = []
    rows_of: list[list[tuple[int, _UnitMention]]] = []
    for i in order:
        mention = _unit_mention(awardees[i])
        if mention is None:
            continue
        ident = (mention.key, mention.parents)
        if ident not in node_of:
            node_of[ident] = len(nodes)
            nodes.append(ident)
            rows_of.append([])
        rows_of[node_of[ident]].append((i, mention))
    blocks: dict[object, list[int]] = defaultdict(list)
    for n, (key, _) in enumerate(nodes):  # a key and its shorter forms ending with a place word
        words = key.split()
        stems = [" ".join(words[:k]) for k in range(1, len(words) + 1) if _ends_with_place(words[:k])]
        for stem in stems or [key]:
            blocks[stem].append(n)
        if stems and key not in stems:
            blocks[key].append(n)
    blocks = {stem: sorted(set(ns)) for stem, ns in blocks.items()}

    def conflict(a: int, b: int) -> bool:
        return not keys_match(nodes[a][0], nodes[b][0]) or _parents_conflict(nodes[a][1], nodes[b][1])

    labels, _ = _resolve(len(nodes), lambda a, b: "name", conflict, blocks)
    clusters: dict[int, list[int]] = defaultdict(list)
    for n, label in enumerate(labels):
        clusters[label].append(n)
    unit_of_row: dict[int, str] = {}
    made: list[tuple[str, UnitRow, list[int]]] = []
    for label, ns in clusters.items():
        rows = sorted((pair for n in ns for pair in rows_of[n]),
                      key=lambda pair: (dates.get(awardees[pair[0]].doc_id) or "~", awardees[pair[0]].awardee_id))
        first = awardees[rows[0][0]]
        unit_id = _identity("U-", nodes[label][0], first.awardee_id)
        for i, _ in rows:
            unit_of_row[i] = unit_id
        docs = " ".join(dict.fromkeys(awardees[i].doc_id for i, _ in rows))
        seen_dates = sorted(d for d in (dates.get(awardees[i].doc_id, "") for i, _ in rows) if d)
        names = [m.name for _, m in rows]
        made.append((nodes[label][0], UnitRow(
            unit_id=unit_id, name=_most_seen(names), spellings=_spellings(names),
            parents=_spellings([m.parent_text for _, m in rows]),
            kind=_ordered_unique(sorted({"collective" if awardees[i].kind == "collective" else "organisation"
                                         for i, _ in rows})),
            first_date=seen_dates[0] if seen_dates else "", last_date=seen_dates[-1] if seen_dates else "",
            documents=docs, awards=sum(1 for i, _ in rows if awardees[i].kind == "collective")), ns))
    _unit_candidates(made, conflict)
    made.sort(key=lambda item: (item[0], item[1].first_date or "~", item[1].unit_id))
    return unit_of_row, [unit for _, unit, _ in made]


def _unit_candidates(made: list[tuple[str, UnitRow, list[int]]], conflict: Callable[[int, int], bool]) -> None:
    """Units whose names match, kept apart though their parents do not always contradict, list each other
    (units of one name under different parents are not candidates)."""
    for x, (key_a, unit_a, nodes_a) in enumerate(made):
        near = [unit_b.unit_id for y, (key_b, unit_b, nodes_b) in enumerate(made)
                if y != x and keys_match(key_a, key_b) and not all(conflict(a, b) for a in nodes_a for b in nodes_b)]
        unit_a.candidates = " ".join(sorted(near))


def _link_people(awardees: list[AwardeeRow], order: list[int], dates: dict[str, str], links: set[frozenset],
                 unit_of_row: dict[int, str]) -> tuple[dict[int, str], list[PersonRow]]:
    index = [i for i in order if awardees[i].kind == "person" and fold(clean(awardees[i].name))]
    people = [_Person(row=awardees[i], name_key=" ".join(_words(awardees[i].name)),
                      date=dates.get(awardees[i].doc_id, ""),
                      chain=person_chain(awardees[i].position, awardees[i].organisation),
                      position_key=_specific_position(awardees[i].position), level=rank_level(awardees[i].rank))
              for i in index]
    blocks: dict[object, list[int]] = defaultdict(list)
    for n, person in enumerate(people):
        blocks[person.name_key].append(n)

    def conflict(a: int, b: int) -> bool:
        p, q = people[a], people[b]
        if p.chain and q.chain and not _overlap(p.chain, q.chain):
            return True
        if p.level is not None and q.level is not None and _rank_pair_conflict(p.date, p.level, q.date, q.level):
            return True
        return _two_entries(p.row, q.row)

    def evidence(a: int, b: int) -> str:
        p, q = people[a], people[b]
        if _overlap(p.chain, q.chain):
            return "unit"
        if p.position_key and p.position_key == q.position_key:
            return "position"
        if frozenset((p.row.doc_id, q.row.doc_id)) in links:
            return "reference"
        if p.row.doc_id == q.row.doc_id:
            return "document"
        return ""

    labels, joins = _resolve(len(people), evidence, conflict, blocks, group=lambda n: _People(n, people))
    clusters: dict[int, list[int]] = defaultdict(list)
    for n, label in enumerate(labels):
        clusters[label].append(n)
    person_of_row: dict[int, str] = {}
    rows_out: list[tuple[str, PersonRow]] = []
    by_name: dict[str, list[PersonRow]] = defaultdict(list)
    for label, ns in clusters.items():
        first = people[ns[0]]
        person_id = _identity("P-", first.name_key, first.row.awardee_id)
        for n in ns:
            person_of_row[index[n]] = person_id
        members = [people[n] for n in ns]
        seen_dates = sorted(p.date for p in members if p.date)
        names = [clean(p.row.name) for p in members]
        row = PersonRow(
            person_id=person_id, name=_most_seen(names), spellings=_spellings(names),
            ranks=_ordered_unique([p.row.rank for p in members]),
            positions=_ordered_unique([clean(p.row.position) for p in members]),
            organisations=_ordered_unique([clean(p.row.organisation) for p in members]),
            units=" ".join(dict.fromkeys(unit_of_row[index[n]] for n in ns if index[n] in unit_of_row)),
            first_date=seen_dates[0] if seen_dates else "", last_date=seen_dates[-1] if seen_dates else "",
            documents=" ".join(dict.fromkeys(p.row.doc_id for p in members)), awards=len(members),
            evidence=_evidence_text(ns, evidence))
        rows_out.append((first.name_key, row))
        by_name[first.name_key].append(row)
    for rows in by_name.values():
        for row in rows:
            row.candidates = " ".join(sorted(other.person_id for other in rows if other is not row))
    rows_out.sort(key=lambda item: (item[0], item[1].first_date or "~", item[1].person_id))
    return person_of_row, [row for _, row in rows_out]


def _evidence_text(ns: list[int], evidence: Callable[[int, int], str]) -> str:
    """What joined a person's rows: each kind of evidence that holds between a row and an earlier one."""
    kinds = Counter()
    for x, n in enumerate(ns[1:], start=1):
        found = [evidence(m, n) for m in ns[:x]]
        for kind in ("unit", "position", "reference", "document"):
            if kind in found:
                kinds[kind] += 1
                break
    return ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))


def _two_entries(a: AwardeeRow, b: AwardeeRow) -> bool:
    """Two numbered entries of one award list of one document: two people."""
    return (a.doc_id == b.doc_id and bool(a.list_no) and bool(b.list_no) and a.list_no != b.list_no
            and fold(a.award) == fold(b.award))

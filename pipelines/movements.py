"""movements.csv: emulation movements (phong trào thi đua) named by a quoted name, with who ran them.

(Why one module of ~510 lines: the rules below read one quote's lead, list, theme, body and date together;
their explanation is most of its length.)

Every rule reads the words around a quotation mark; none knows a movement's name.

**Which quotes are movements.** Reports name a movement by quoting it right after the word that says what
it is: "phong trào (thi đua) “…”", "đợt thi đua “…”", "phát động thi đua “…”". The same place holds the names
of contests ("cuộc thi “…”"), programmes, columns, models, titles ("danh hiệu “…”"), campaigns ("cuộc vận
động “…”") and slogans. So a quote is a movement only when the words right before its opening mark (its
*lead*) end with a movement word, followed by nothing but modifiers: "thi đua", "yêu nước", a kind, a year or
period, "với chủ đề", "mang tên", "là", ":". "phong trào … gắn với cuộc thi “…”" is a contest: the word
right before the quote is "cuộc thi".

**Lists.** A quote whose lead is only a separator (",", ";", "và", "hoặc", perhaps "Phong trào" again)
continues the list of the quote before it, and is a movement when that one is ("Khối các doanh nghiệp có
Phong trào “…”;“…”; “…”"). A list of contests stays a list of contests.

**Themes.** A launch gives its movement a theme: "tổ chức Lễ phát động phong trào thi đua cao điểm lập
thành tích … trong thực hiện chương trình xây dựng nông thôn mới với chủ đề “…”". "với chủ đề" belongs to
the object of the last launch verb of the clause (phát động, tổ chức, mở), however far back, and not to a
noun in a complement such as "trong thực hiện chương trình …". A quote led by "(với) chủ đề" is thus a
movement when that object is a phong trào, thi đua or đợt thi đua, and not when it is a contest or another
excluded head ("tổ chức cuộc thi viết với chủ đề “…”").

**Organisation.** Taken only where the text ties a body to the movement outside its name:

* before the quote, a body then "với" or "có": "Ngành Tài chính với Phong trào “…” và Phong trào “…”",
  "Khối các doanh nghiệp có Phong trào “…”; “…”" (every quote of the list gets it);
* before the quote, the subject of a launch verb: "Chủ tịch UBND tỉnh đã phát động phong trào …". A clause
  without a subject ("…; đồng thời tổ chức Lễ phát động …") takes the subject of the last launch of its
  sentence;
* after the quote (and a year or bracket): "của X", "do X phát động", "được (toàn) X triển khai".

A list breaks where a ";" comes before a new "Phong trào": in "Ngành Tài chính với Phong trào “A” và Phong
trào “B”; Phong trào “C”; …" the body runs A and B, not C (";" separates the items of a footnote's list,
"và" and "," join the movements of one item). The body must be a body: a tagged organisation, place or
office (the tagger's ORG, LOC and POSITION spans), or a short phrase that starts with an organisation head of
``extract/data/org_heads.tsv``, a place type or a grouping ("Khối", "Cụm"), with something after the head.
Generic plurals ("các đơn vị khám chữa bệnh", "đông đảo Nhân dân") are not bodies, nor is a body followed by
other words ("UBND huyện ban hành Kế hoạch"). Where the slot holds nothing but the body ("do … phát động"),
capitalised words before a tagged body belong to its name ("Ủy ban" + "Mặt trận Tổ quốc Việt Nam huyện").

**Kind** is one of đặc biệt, cao điểm, thường xuyên, chuyên đề written right after the movement word
("phong trào thi đua đặc biệt với chủ đề “…”"), in the launch ("Lễ phát động phong trào thi đua cao điểm …
với chủ đề “…”") or in an alias after the name ("(sau đây gọi tắt là phong trào thi đua đặc biệt)").

**Launch date**: a full date ("ngày 13/11/2018") in the clause of the launch verb before it, or right after
"phát động" ("do UBND huyện phát động ngày 15/02/2021"). A movement of a kind with no date there takes the
date of the document's launch ceremony of that kind ("tại Lễ Phát động thi đua cao điểm (19/8/2019)").

**One row per distinct (name, organisation)**, both folded. A mention without organisation adds no row
when the same name has one with an organisation; a row keeps the provenance of its first mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from baocao.extract.entities import Span
from baocao.extract.entities.vocab import cues, entries, read_rows
from baocao.extract.textnorm import clean, fold

from .tables import MovementRow
from .tagged import TaggedDocument

KINDS = cues("movement_kind")  # cues.tsv
# Heads of quoted names that are not movements; they only matter where a theme ("với chủ đề “…”") could
# belong to them instead of to a movement (cues.tsv not_movement).
EXCLUDED_HEADS = cues("not_movement")
# Groupings that run movements without being organisations ("Khối các doanh nghiệp", "Cụm thi đua số 3").
GROUP_HEADS = ("Khối", "Cụm")
# Words that make a body generic ("các đơn vị", "đông đảo các tầng lớp Nhân dân").
GENERIC_STARTS = cues("determiner")  # cues.tsv

_W = r"\s+"  # white space between words
_KIND = r"(?P<kind>" + "|".join(k.replace(" ", _W) for k in KINDS) + r")"
_HEAD = r"(?:phong\s+trào(?:\s+thi\s+đua)?|đợt\s+thi\s+đua|phát\s+động\s+thi\s+đua)"
# The lead of a movement's quote ends with a movement word and its modifiers.
_INTRO = re.compile(
    r"(?:^|(?<=[\s(,;:”\"]))" + _HEAD
    + r"(?:\s+yêu\s+nước)?(?:\s+" + _KIND + r")?"
    r"(?:\s+(?:năm\s+\d{4}|giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}))?"
    r"(?:\s+(?:với|có|mang|lấy)(?:\s+(?:chủ\s+đề|tên\s+gọi|tên|tiêu\s+đề)))?"
    r"(?:\s+(?:là|như|gồm|sau(?:\s+đây)?))?\s*[:,]?\s*$",
    re.IGNORECASE,
)
# A lead that is only a list separator.
_CONTINUE = re.compile(
    r"^\s*(?:\([^()]{0,80}\)\s*)?[,;]?\s*(?:(?:và|hoặc|cùng)\s+)?"
    r"(?:(?:các\s+)?phong\s+trào(?:\s+thi\s+đua)?\s*)?$", re.IGNORECASE)
_THEME = re.compile(r"(?:^|\s)(?:với\s+)?chủ\s+đề(?:\s+là)?\s*:?\s*$", re.IGNORECASE)
_LAUNCH = re.compile(
    r"(?:^|(?<=\s))(?P<verb>phát\s+động|tổ\s+chức|mở)\s+(?:lễ\s+phát\s+động\s+)?(?:các\s+|một\s+)?"
    r"(?P<obj>phong\s+trào|thi\s+đua|đợt\s+thi\s+đua|" + "|".join(h.replace(" ", _W) for h in EXCLUDED_HEADS) + r")\b",
    re.IGNORECASE,
)
_KIND_AFTER = re.compile(r"^(?:\s+thi\s+đua)?\s+" + _KIND + r"\b", re.IGNORECASE)
_ALIAS_KIND = re.compile(
    r"^\s*\(\s*sau\s+đây\s+gọi\s+(?:tắt\s+)?là\s+(?:phong\s+trào\s+)?(?:đợt\s+)?(?:thi\s+đua\s+)?" + _KIND,
    re.IGNORECASE)
_AUX = r"(?:đã|đang|sẽ|cũng|tiếp\s+tục|đồng\s+thời|chính\s+thức|đồng\s+loạt|tích\s+cực|kịp\s+thời)"
# Verbs whose subject runs the movement they govern.
_RUN_VERB = re.compile(
    r"(?:^|(?<=\s))(?:" + _AUX + r"\s+)*(?P<verb>phát\s+động|triển\s+khai|tổ\s+chức|thực\s+hiện|duy\s+trì)"
    r"(?:\s+(?:và|,)\s+(?:phát\s+động|triển\s+khai|tổ\s+chức|thực\s+hiện))?\s*$",
    re.IGNORECASE,
)
_LAUNCH_VERB = re.compile(r"(?:^|(?<=\s))phát\s+động\b", re.IGNORECASE)
_WITH = re.compile(r"(?:^|(?<=\s))(?:với|có)\s*$", re.IGNORECASE)
# What may stand between a closing quote and the body after it: a bracket, a year or a period.
_FILLER = r"^\s*(?:\([^()]{0,120}\)\s*)?(?:(?:năm|giai\s+đoạn)\s+\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*"
_OF = re.compile(_FILLER + r"của\s+", re.IGNORECASE)
_BY = re.compile(
    _FILLER + r"(?:do|được)\s+(?:toàn\s+|cả\s+)?(?P<x>[^,;.:()“”\"«»]{1,120}?)\s+(?:" + _AUX + r"\s+)*"
    r"(?P<verb>phát\s+động|triển\s+khai|tổ\s+chức|thực\s+hiện|chủ\s+trì|duy\s+trì)\b",
    re.IGNORECASE,
)
_DATE_AFTER = re.compile(r"\s*(?:vào\s+|từ\s+)?(?=(?:ngày|tháng|năm)\s|\d)", re.IGNORECASE)
_CEREMONY = re.compile(
    r"lễ\s+phát\s+động(?:\s+phong\s+trào)?(?:\s+thi\s+đua)?\s+" + _KIND + r"\s*[(,]?\s*(?:vào\s+)?(?=ngày\b|\d)",
    re.IGNORECASE)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}){0,2}$")
_BREAK = re.compile(r"[,;:.()\[\]“”\"«»]")
_CLAUSE_END = re.compile(r"[;]|\.\s")

OPENING = "“«‘„"
DOUBLE_CLOSING = "”»\""
MAX_NAME = 600


@dataclass
class Quote:
    """A quoted stretch of a block: the marks at ``open``/``close`` and the name between them."""

    open: int
    close: int  # offset just after the closing mark
    start: int  # the name without white space at either end
    end: int

    def name(self, text: str) -> str:
        return clean(text[self.start:self.end])


@dataclass
class Mention:
    """A movement named in one place: the quote, what the text says around it, and where."""

    block: int
    quote: Quote
    name: str
    organisation: str = ""
    kind: str = ""
    launch_date: str = ""


@dataclass
class _Run:
    """Consecutive movement quotes that share the words before the first and after the last."""

    mentions: list[Mention] = field(default_factory=list)


def extract_movements(tagged: TaggedDocument) -> list[MovementRow]:
    """One row per distinct (name, organisation) of the movements the document names."""
    mentions: list[Mention] = []
    ceremonies: dict[str, str] = {}
    for index, block, spans in tagged.content():
        mentions.extend(_block_mentions(tagged, index, block.text, spans))
        for kind, date in _ceremony_dates(block.text, spans):
            ceremonies.setdefault(kind, date)
    for mention in mentions:
        if mention.kind and not mention.launch_date and mention.kind in ceremonies:
            mention.launch_date = ceremonies[mention.kind]
    return _rows(tagged, _dedupe(mentions))


# -- quotes ---------------------------------------------------------------------------------------------

def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches of ``text``: curly (“ ”), guillemets (« »), single (‘ ’) and straight (" ") marks.

    A double opening mark closes at the next double closing mark of any style (text layers mix them: “…" or
    ”;“), so single marks inside stay in the name ("“… ‘…’ …”"); a straight mark opens or closes by turns.
    Stretches longer than ``MAX_NAME`` are not names.
    """
    quotes: list[Quote] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in OPENING or ch == '"':
            closers = "’" if ch == "‘" else DOUBLE_CLOSING
            j = i + 1
            while j < len(text) and text[j] not in closers and j - i <= MAX_NAME:
                j += 1
            if j < len(text) and text[j] in closers:
                start, end = i + 1, j
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if any(c.isalpha() for c in text[start:end]):
                    quotes.append(Quote(open=i, close=j + 1, start=start, end=end))
                i = j + 1
                continue
        i += 1
    return quotes


# -- one block --------------------------------------------------------------------------------------------

def _block_mentions(tagged: TaggedDocument, index: int, text: str, spans: list[Span]) -> list[Mention]:
    quotes = find_quotes(text)
    if not quotes:
        return []
    runs: list[_Run] = []
    previous_close = 0
    previous_is_movement = False
    for number, quote in enumerate(quotes):
        sentence_start = tagged.sentence(index, quote.open)[0] if tagged.sentences else 0
        lead_start = max(previous_close, sentence_start) if number else sentence_start
        between = text[previous_close:quote.open]
        lead = text[lead_start:quote.open]
        continues = number > 0 and previous_is_movement and bool(_CONTINUE.match(between))
        intro = _INTRO.search(lead)
        theme = None if intro else _theme(text, lead_start, quote.open)
        is_movement = bool(intro or theme or continues)
        previous_close, previous_is_movement = quote.close, is_movement
        if not is_movement:
            continue
        mention = Mention(block=index, quote=quote, name=quote.name(text))
        if intro and intro.group("kind"):
            mention.kind = _kind(intro.group("kind"))
        alias = _ALIAS_KIND.match(text[quote.close:])
        if alias and not mention.kind:
            mention.kind = _kind(alias.group("kind"))
        new_run = not continues or (";" in between and "phong" in fold(between))
        if new_run:
            runs.append(_Run())
            if intro:
                _organisation_before(tagged, index, text, spans, mention, lead_start, lead_start + intro.start())
            elif theme:
                mention.kind = mention.kind or theme[1]
                _launch_subject(tagged, index, text, spans, mention, lead_start, theme[0])
        elif runs[-1].mentions:
            first = runs[-1].mentions[0]
            mention.organisation = first.organisation
            mention.kind = mention.kind or first.kind
            mention.launch_date = first.launch_date
        runs[-1].mentions.append(mention)
    for run in runs:
        _organisation_after(text, spans, run)
    return [mention for run in runs for mention in run.mentions]


def _theme(text: str, lead_start: int, quote_open: int) -> tuple[int, str] | None:
    """(launch verb offset, kind) when the quote is the theme of a movement launched in its clause."""
    lead = text[lead_start:quote_open]
    if not _THEME.search(lead):
        return None
    clause_start = _clause_start(text, lead_start, quote_open)
    launches = list(_LAUNCH.finditer(text, clause_start, quote_open))
    if not launches:
        return None
    last = launches[-1]
    if _words(last.group("obj")) not in _MOVEMENT_OBJECTS:
        return None
    kind = _KIND_AFTER.match(text[last.end():quote_open])
    return last.start(), _kind(kind.group("kind")) if kind else ""


def _clause_start(text: str, start: int, end: int) -> int:
    """Offset after the last ";" or full stop in ``text[start:end]`` (else ``start``)."""
    cut = start
    for m in _CLAUSE_END.finditer(text, start, end):
        cut = m.end()
    return cut


def _kind(raw: str) -> str:
    return next((k for k in KINDS if _words(k) == _words(raw)), "")


def _words(text: str) -> str:
    """Matching key of a phrase: folded, single spaces."""
    return fold(" ".join(text.split()))


_GENERIC = frozenset(_words(g) for g in GENERIC_STARTS)
_MOVEMENT_OBJECTS = frozenset(_words(o) for o in ("phong trào", "thi đua", "đợt thi đua"))


# -- organisation ---------------------------------------------------------------------------------------------

def _organisation_before(tagged: TaggedDocument, index: int, text: str, spans: list[Span], mention: Mention,
                         lead_start: int, intro_start: int) -> None:
    """Fill the mention's organisation from "X với/có Phong trào" or "X (đã) phát động phong trào"."""
    clause_start = _clause_start(text, lead_start, intro_start)
    before = text[clause_start:intro_start]
    with_ = _WITH.search(before)
    if with_:
        mention.organisation = _noun_phrase_before(text, spans, clause_start, clause_start + with_.start())
        return
    # The movement word itself may hold the launch verb ("UBND tỉnh phát động thi đua “…”").
    own_verb = re.match(r"phát\s+động", text[intro_start:], re.IGNORECASE)
    verb = _RUN_VERB.search(before)
    if own_verb:
        _launch_subject(tagged, index, text, spans, mention, lead_start, intro_start)
    elif verb:
        _launch_subject(tagged, index, text, spans, mention, lead_start, clause_start + verb.start())


def _launch_subject(tagged: TaggedDocument, index: int, text: str, spans: list[Span], mention: Mention,
                    lead_start: int, verb_start: int) -> None:
    """The subject of the launch verb at ``verb_start``, and the date its clause gives, into ``mention``."""
    clause_start = _clause_start(text, lead_start, verb_start)
    aux = re.search(r"(?:\s+" + _AUX + r")*\s*$", text[clause_start:verb_start], re.IGNORECASE)
    subject_end = clause_start + aux.start() if aux else verb_start
    subject = _noun_phrase_before(text, spans, clause_start, subject_end)
    if subject:
        mention.organisation = subject
        mention.launch_date = _date_in(spans, clause_start, verb_start) or _date_after_verb(text, spans, verb_start)
        return
    # A clause without a subject ("…; đồng thời tổ chức Lễ phát động …") shares its sentence's subject.
    sentence_start = tagged.sentence(index, verb_start)[0] if tagged.sentences else 0
    if clause_start <= sentence_start:
        return
    for m in reversed(list(_LAUNCH_VERB.finditer(text, sentence_start, clause_start))):
        start = _clause_start(text, sentence_start, m.start())
        aux = re.search(r"(?:\s+" + _AUX + r")*\s*$", text[start:m.start()], re.IGNORECASE)
        subject = _noun_phrase_before(text, spans, start, start + aux.start() if aux else m.start())
        if subject:
            mention.organisation = subject
            return


def _organisation_after(text: str, spans: list[Span], run: _Run) -> None:
    """"“…” của X", "“…” do X phát động (ngày D)", "“…” được (toàn) X triển khai" after a run's last quote."""
    if not run.mentions or any(m.organisation for m in run.mentions):
        return
    after_start = run.mentions[-1].quote.close
    after = text[after_start:]
    organisation, date = "", ""
    of = _OF.match(after)
    by = _BY.match(after)
    if of:
        organisation = _noun_phrase_after(text, spans, after_start + of.end())
    elif by:
        organisation = _organisation(text, spans, after_start + by.start("x"), after_start + by.end("x"), whole=True)
        if organisation and _words(by.group("verb")) == _words("phát động"):
            date = _date_after_verb(text, spans, after_start + by.start("verb"))
    if organisation:
        for mention in run.mentions:
            mention.organisation = organisation
            mention.launch_date = mention.launch_date or date


def _noun_phrase_before(text: str, spans: list[Span], start: int, end: int) -> str:
    """The body that ends at ``end``: back to the last clause break after ``start``, or further back when a
    tagged body holds that break ("Sở Văn hóa, Thể thao và Du lịch")."""
    cut = start
    for m in _BREAK.finditer(text, start, end):
        cut = m.end()
    stop = len(text[:end].rstrip())
    holding = [s for s in spans if s.label in ("ORG", "LOC", "POSITION") and start <= s.start < cut and s.end == stop]
    if holding:
        cut = min(s.start for s in holding)
    return _organisation(text, spans, cut, end)


def _noun_phrase_after(text: str, spans: list[Span], start: int) -> str:
    """The body that starts at ``start``: the longest tagged body there, else up to the next break."""
    found = [s for s in spans if s.start == start and s.label in ("ORG", "LOC", "POSITION")]
    if found:
        return max(found, key=lambda s: s.end).text
    m = _BREAK.search(text, start)
    end = m.start() if m else len(text)
    stop = re.search(r"\s(?:và|được|đã|đang|với|trong|tại|nhằm|để|giai\s+đoạn|năm)\s", text[start:end])
    if stop:
        end = start + stop.start()
    return _organisation(text, spans, start, end)


def _organisation(text: str, spans: list[Span], start: int, end: int, whole: bool = False) -> str:
    """``text[start:end]`` as a body, or "" when it is not one (see the module docstring).

    ``whole``: the stretch is a slot that holds nothing but the body ("do … phát động"), so capitalised words
    before a tagged body are part of its name ("Ủy ban" + "Mặt trận Tổ quốc Việt Nam huyện").
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = re.match(r"(?:toàn|cả)\s+", text[start:end], re.IGNORECASE)
    if lead:
        start += lead.end()
    phrase = text[start:end]
    words = phrase.split()
    if not words or len(words) > 12:
        return ""
    folded = fold(phrase)
    if any(folded == g or folded.startswith(g + " ") for g in _GENERIC):
        return ""
    inside = [s for s in spans if s.label in ("ORG", "LOC", "POSITION") and start <= s.start and s.end <= end]
    bodies = [s for s in inside if s.end == end]
    if bodies:
        body = min(bodies, key=lambda s: s.start)
        prefix = text[start:body.start].split()
        # Capitalised words before the tagged body belong to its name; a single one may open the sentence
        # ("Riêng UBND huyện …") unless it heads an organisation.
        if prefix and prefix[0][:1].isupper() and (
                whole or all(word[:1].isupper() for word in prefix) and (len(prefix) > 1 or _starts_with_head(phrase))):
            return clean(phrase)
        return clean(body.text)
    if any(ch.isdigit() for ch in phrase) or inside:
        return ""  # a body followed by other words ("UBND huyện ban hành Kế hoạch") is not a body
    if _starts_with_head(phrase):
        return clean(phrase)
    return ""


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, set[str]], ...]:
    """(folded head, its org_heads.tsv flags) for organisation heads, place types and groupings, longest first."""
    heads = {fold(row[0]): set(row[1].split(",")) if len(row) > 1 else set() for row in read_rows("org_heads.tsv")}
    for head in list(entries("place_types.tsv")) + list(GROUP_HEADS):
        heads.setdefault(fold(head), set())
    return tuple(sorted(heads.items(), key=lambda item: -len(item[0])))


def _starts_with_head(phrase: str) -> bool:
    """True when ``phrase`` starts with an organisation head, place type or grouping, capitalised as a name."""
    folded = fold(phrase)
    for head, flags in _heads():
        if folded == head and "alone" not in flags:
            return False  # "Sở", "ngành", "Khối" need a complement
        if folded == head or folded.startswith(head + " "):
            return "anycase" in flags or phrase[:1].isupper()
    return False


# -- dates -----------------------------------------------------------------------------------------------

def _date_in(spans: list[Span], start: int, end: int) -> str:
    """The last full date ("ngày 13/11/2018") tagged in ``[start, end)``."""
    dates = [s for s in spans if s.label == "DATE" and start <= s.start and s.end <= end
             and _FULL_DATE.match(s.normalized or "") and _words(s.text).startswith(_words("ngày"))]
    return dates[-1].normalized if dates else ""


def _date_after_verb(text: str, spans: list[Span], verb_start: int) -> str:
    """The date right after "phát động" at ``verb_start``, as far as written ("phát động ngày 15/02/2021",
    "phát động tháng 3/2021")."""
    m = re.match(r"phát\s+động", text[verb_start:], re.IGNORECASE)
    if not m:
        return ""
    after = _DATE_AFTER.match(text, verb_start + m.end())
    if not after:
        return ""
    for s in spans:
        if s.label == "DATE" and s.start == after.end() and _ISO_DATE.match(s.normalized or ""):
            return s.normalized
    return ""


def _ceremony_dates(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """(kind, ISO date) of launch ceremonies: "Lễ Phát động thi đua cao điểm (19/8/2019)"."""
    out = []
    for m in _CEREMONY.finditer(text):
        for s in spans:
            if s.label == "DATE" and m.end() - 6 <= s.start <= m.end() + 6 and _FULL_DATE.match(s.normalized or ""):
                out.append((_kind(m.group("kind")), s.normalized))
                break
    return out


# -- rows ------------------------------------------------------------------------------------------------

def _dedupe(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions into rows: one per (name, organisation); a bare mention joins its name's first row."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        groups.setdefault((fold(mention.name), fold(mention.organisation)), []).append(mention)
    named = {name for name, organisation in groups if organisation}
    for key in [k for k in groups if not k[1] and k[0] in named]:
        bare = groups.pop(key)
        first = next(k for k in groups if k[0] == key[0])
        groups[first].extend(bare)
    ordered = sorted(groups.values(), key=lambda group: min((m.block, m.quote.start) for m in group))
    return [sorted(group, key=lambda m: (m.block, m.quote.start)) for group in ordered]


def _rows(tagged: TaggedDocument, groups: list[list[Mention]]) -> list[MovementRow]:
    rows = []
    for group in groups:
        first = group[0]
        organisation = next((m.organisation for m in group if m.organisation), "")
        kind = next((m.kind for m in group if m.kind), "")
        launch_date = next((m.launch_date for m in group if m.launch_date), "")
        where = tagged.where(first.block, first.quote.start, first.quote.end)
        rows.append(MovementRow(
            name=first.name, organisation=organisation, kind=kind, launch_date=launch_date, page=where.page,
            source=where.source, footnote_no=where.footnote_no, context=where.context, block=first.block,
            char_start=first.quote.start, char_end=first.quote.end,
        ))
    return rows

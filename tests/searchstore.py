"""A small store for the search, API and browser tests, built from articles written for them.

Articles go straight into the store with hand-placed entity mentions (linked
by rasd's own resolver), statements and dates, so that what the tests check
(variant spellings, copies, filters, escaping) does not depend on the NER
model's guesses.  All text is invented for these tests.
"""

from __future__ import annotations

from rasd.entities.resolve import link
from rasd.model import Article, Removed, stable_hash
from rasd.search import open_index
from rasd.store.sqlite import SQLiteStore
from rasd.text.arabic import normalize

BOOKS = ("افتتح وزير الثقافة معرض الكتاب الدولي في الرياض بحضور فلاديمير بوتين، وقال إن الكِتَاب سيبقى نافذة المعرفة.\n"
         "وتعرض دور النشر آلاف الكتب في الأدب والتاريخ، ويستمر المعرض عشرة أيام.")
PUTIN = ("قال الرئيس الروسي بوتين إن بلاده ستواصل الحوار مع جيرانها حول أمن الطاقة.\n"
         "وأضاف بوتين أن المفاوضات ستستأنف الأسبوع المقبل في موسكو.")
RAIN = ("هطلت أمطار غزيرة على مدينة جدة صباح الاثنين، وأغلقت السلطات عددا من الأنفاق.\n"
        "وقال المتحدث باسم الدفاع المدني سعد القرني إن الفرق تلقت مئات البلاغات.")
RAIN2 = ("انحسرت الأمطار عن جدة مساء الخميس، وقال سعد القرنى إن الأنفاق أعيد فتحها.\n"
         "وتواصل البلدية حصر الأضرار في الأحياء المتضررة.")
SCRIPT = ("نشر الموقع نصا غريبا يحتوي على <script>window.__pwned = 1; alert('x')</script> داخل الخبر.\n"
          "ويحذر خبراء الأمن من <img src=x onerror=alert(2)> في صفحات الأخبار.")
FAR = ("الكتاب الجديد عن تاريخ المدينة القديمة يصدر الشهر المقبل عن دار نشر محلية.\n"
       "ويتناول معرض الصور المرافق مراحل بناء السور.")
ENGLISH = "The book fair opened in Riyadh on Monday with hundreds of publishers from many countries."


def _mentions(text: str, names: list[tuple[str, str]]) -> list[dict]:
    """Spans of each (surface, type) at every place it occurs, resolved like the pipeline does."""
    spans = []
    for surface, typ in names:
        pos = text.find(surface)
        while pos != -1:
            spans.append({"text": surface, "start": pos, "end": pos + len(surface), "type": typ})
            pos = text.find(surface, pos + 1)
    spans.sort(key=lambda m: m["start"])
    return link(spans)


def _statement(text: str, quote: str, speaker: str, ents: list[dict], date: str, role: str | None = None) -> dict:
    s = text.index(quote)
    eid = next((m["entity_id"] for m in ents if m["text"] in speaker or speaker.endswith(m["text"])), None)
    return {"text": quote, "start": s, "end": s + len(quote), "kind": "indirect", "speaker": speaker,
            "speaker_entity_id": eid, "speaker_role": role, "verb": "قال", "sentence_start": 0,
            "sentence_end": len(text), "date": date}


def _article(i: int, title: str, text: str, *, source: str, published: str, lang: str = "ar",
             names: list[tuple[str, str]] = (), duplicate_of: str | None = None, story_id: str | None = None,
             statements: list[tuple[str, str, str | None]] = (), dates: list[tuple[str, str]] = (),
             removed: list[tuple[str, str]] = ()) -> Article:
    ents = _mentions(text, list(names))
    sts = [_statement(text, q, sp, ents, published[:10], role) for q, sp, role in statements]
    ds = []
    for surface, value in dates:
        s = text.index(surface)
        ds.append({"text": surface, "start": s, "end": s + len(surface), "value": value, "end_value": None,
                   "granularity": "day", "resolved_from": "relative", "confidence": 0.9})
    return Article(id=f"{i:016x}", source=source, url=f"https://example.test/{i}", path=f"fixtures/{i}.txt",
                   title=title, text=text, body_hash=stable_hash(normalize(text)), published=published,
                   published_source="input", lang=lang, lang_score=0.99, encoding="utf-8",
                   removed=[Removed(t, r) for t, r in removed], duplicate_of=duplicate_of, story_id=story_id,
                   entities=ents, statements=sts, dates=ds)


def fixture_articles() -> list[Article]:
    return [
        _article(1, "افتتاح معرض الكتاب الدولي", BOOKS, source="الواحة", published="2025-03-10T09:00",
                 names=[("فلاديمير بوتين", "PER"), ("الرياض", "LOC")], story_id="S-books",
                 statements=[("الكِتَاب سيبقى نافذة المعرفة", "وزير الثقافة", None)],
                 removed=[("شارك على: فيسبوك تويتر", "share_bar"), ("[ad_1]", "ad_marker")]),
        _article(2, "بوتين يتحدث عن أمن الطاقة", PUTIN, source="الساحل", published="2025-03-12T10:00",
                 names=[("بوتين", "PER"), ("موسكو", "LOC")],
                 statements=[("بلاده ستواصل الحوار مع جيرانها حول أمن الطاقة", "بوتين", "الرئيس الروسي")],
                 dates=[("الأسبوع المقبل", "2025-03-17")]),
        _article(3, "افتتاح معرض الكتاب الدولي", BOOKS, source="وكالة الأنباء", published="2025-03-10T11:00",
                 names=[("فلاديمير بوتين", "PER"), ("الرياض", "LOC")], duplicate_of=f"{1:016x}",
                 statements=[("الكِتَاب سيبقى نافذة المعرفة", "وزير الثقافة", None)]),
        _article(4, "أمطار غزيرة تغرق جدة", RAIN, source="الواحة", published="2025-04-07T08:00",
                 names=[("جدة", "LOC"), ("سعد القرني", "PER")],
                 statements=[("الفرق تلقت مئات البلاغات", "سعد القرني", "المتحدث باسم الدفاع المدني")],
                 dates=[("صباح الاثنين", "2025-04-07")]),
        _article(5, "انحسار الأمطار عن جدة", RAIN2, source="الساحل", published="2025-04-10T18:00",
                 names=[("جدة", "LOC"), ("سعد القرنى", "PER")],
                 statements=[("الأنفاق أعيد فتحها", "سعد القرنى", None)]),
        _article(6, "نص <b>غريب</b> في الخبر", SCRIPT, source="الساحل", published="2025-04-11T12:00"),
        _article(7, "كتاب عن تاريخ المدينة", FAR, source="الواحة", published="2025-05-01T12:00"),
        _article(8, "Book fair opens", ENGLISH, source="wire", published="2025-03-10T12:00", lang="en"),
    ]


def build_store(path: str):
    """A store at ``path`` (a SQLite file or a postgresql:// URL) with the fixture articles, indexed."""
    if path.startswith("postgresql://"):
        from rasd.store.postgres import PostgresStore

        store = PostgresStore(path)
    else:
        store = SQLiteStore(path)
    run = store.begin_run({"fixtures": True})
    for a in fixture_articles():
        store.insert_article(a, run, stable_hash(a.text))
    store.commit()
    open_index(store).update(store)
    return store


def aid(i: int) -> str:
    return f"{i:016x}"

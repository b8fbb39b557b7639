"""Shared fixtures for the rasd test suite.

All Arabic text here was composed for these tests (invented, generic news
sentences); nothing is copied from third-party articles.  Tests write their
inputs into tmp_path and never read ../shared.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
VENV_BIN = Path(sys.executable).parent
RASD_BIN = VENV_BIN / "rasd"

# --- original Arabic body paragraphs (each is body-like: long and punctuated) ---

P1 = ("أعلنت بلدية المدينة الساحلية صباح اليوم عن خطة شاملة لتوسيع شبكة النقل العام، تشمل إضافة خطوط "
      "حافلات جديدة تربط الأحياء الشرقية بمركز المدينة خلال العام المقبل.")
P2 = ("وقال رئيس البلدية خلال مؤتمر صحفي إن المشروع سيخفف الازدحام المروري في ساعات الذروة، مشيرا إلى "
      "أن التمويل سيأتي من موازنة البلدية ومن قرض ميسر طويل الأجل.")
P3 = ("وأضاف أن الأعمال ستبدأ بعد انتهاء الدراسات الفنية، وأن السكان سيتمكنون من متابعة مراحل التنفيذ "
      "عبر موقع إلكتروني مخصص لهذا الغرض.")
P4 = ("ويرى خبراء في التخطيط العمراني أن الخطة خطوة إيجابية، لكنهم يطالبون بإشراك الأهالي في تحديد "
      "مسارات الخطوط ومواقع المحطات الجديدة قبل البدء بالتنفيذ.")
BODY = [P1, P2, P3, P4]

# A second, unrelated story.
Q1 = ("افتتحت وزارة الثقافة مساء أمس معرضا للكتاب في القاعة الكبرى، بمشاركة أكثر من مئتي دار نشر "
      "عربية وأجنبية تعرض آلاف العناوين في الأدب والتاريخ والعلوم.")
Q2 = ("وقالت مديرة المعرض إن الدورة الحالية تخصص جناحا لكتب الأطفال، وتنظم ورشات يومية للقراءة "
      "والرسم بإشراف معلمين متطوعين من المدارس القريبة.")
Q3 = ("ويستمر المعرض عشرة أيام، ويتوقع المنظمون أن يتجاوز عدد الزوار ما سجلته الدورة الماضية بعد "
      "تمديد ساعات الدخول حتى العاشرة ليلا.")
OTHER_BODY = [Q1, Q2, Q3]

TITLE = "البلدية تعلن خطة لتوسيع شبكة النقل العام"
OTHER_TITLE = "افتتاح معرض الكتاب بمشاركة مئتي دار نشر"

ENGLISH = ("The city council announced on Monday a broad plan to expand public transport, adding new bus "
           "lines that connect the eastern districts with the city centre next year.\n\n"
           "The mayor told reporters that the project would ease congestion at peak hours and that the "
           "money would come from the municipal budget and a long-term loan.\n")

# Vocabulary for generated articles (each generated paragraph is a unique word sequence).
_VOCAB = ["المدينة", "الحكومة", "الوزير", "المشروع", "السكان", "الطريق", "المدرسة", "المستشفى", "السوق", "الميناء", "الشركة", "الجامعة", "المجلس", "اللجنة", "الخطة", "الموازنة", "الماء", "الكهرباء", "الزراعة", "الصناعة", "التجارة", "السياحة", "الصحة", "التعليم", "أعلن", "قال", "أكد", "أوضح", "أشار", "افتتح", "ناقش", "أقر", "رفض", "دعا", "طالب", "بدأ", "أنهى", "واصل", "جديد", "كبير", "صغير", "سريع", "واسع", "شامل", "محلي", "وطني", "إقليمي", "مع", "في", "على", "من", "إلى", "بعد", "قبل", "خلال", "حول", "بين"]


def generated_paragraph(seed: int, n_words: int = 24) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(_VOCAB) for _ in range(n_words)) + "."


def generated_article(seed: int) -> str:
    return "\n\n".join(generated_paragraph(seed * 10 + k) for k in range(2)) + "\n"


def article_text(title: str | None, paras: list[str], top: list[str] = (), bottom: list[str] = ()) -> str:
    """A scraped-page-like text file: optional title line, furniture above, body, furniture below."""
    parts: list[str] = []
    if title:
        parts += [title, ""]
    parts += list(top)
    for p in paras:
        parts += [p, ""]
    parts += list(bottom)
    return "\n".join(parts) + "\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_jsonl(path: Path, objs: list[dict]) -> Path:
    return write(path, "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs))


@pytest.fixture
def store(tmp_path):
    from rasd.store.sqlite import SQLiteStore

    s = SQLiteStore(str(tmp_path / "db" / "rasd.db"))
    yield s
    s.close()


def run_ingest(paths, store, **kw):
    from rasd.pipeline import ingest

    kw.setdefault("workers", 1)
    kw.setdefault("report_dir", os.path.join(os.path.dirname(store.location), "reports"))
    return ingest([str(p) for p in paths], store, **kw)


def articles(store) -> list:
    return list(store.iter_articles())


def by_path(store) -> dict:
    return {a.path: a for a in store.iter_articles()}


# --- PostgreSQL: a throwaway cluster started by the test run itself --------------------------

_PG_STATE: dict = {}


def _pg_cluster():
    """One cluster per test session, or the reason there is none (then pg tests skip, loudly)."""
    if "cluster" not in _PG_STATE and "reason" not in _PG_STATE:
        try:
            from rasd.store import pgserver

            _PG_STATE["cluster"] = pgserver.start()
        except Exception as e:  # noqa: BLE001 - any failure to start means "no server here"
            _PG_STATE["reason"] = f"PostgreSQL unavailable: {e}"
            if os.environ.get("RASD_REQUIRE_PG"):
                raise
    return _PG_STATE.get("cluster")


def pytest_sessionfinish(session, exitstatus):
    c = _PG_STATE.pop("cluster", None)
    if c is not None:
        c.stop()


def pytest_terminal_summary(terminalreporter):
    if "reason" in _PG_STATE:
        terminalreporter.write_sep("!", "PostgreSQL tests SKIPPED: " + _PG_STATE["reason"], red=True)


@pytest.fixture
def pg_url():
    """URL of a fresh empty database on the session's throwaway cluster."""
    c = _pg_cluster()
    if c is None:
        pytest.skip(_PG_STATE["reason"])
    return c.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """The same test against each backend."""
    if request.param == "sqlite":
        from rasd.store.sqlite import SQLiteStore

        s = SQLiteStore(str(tmp_path / "db" / "rasd.db"))
    else:
        from rasd.store.postgres import PostgresStore

        s = PostgresStore(request.getfixturevalue("pg_url"))
    yield s
    s.close()

#!/usr/bin/env python3
"""What checking alerts costs per stored article: N generated articles (~420 words each, made up
of a fixed vocabulary, no third-party text) in a temporary store, three alerts (a query with a
phrase and an exclusion, an entity, a speaker), one check timed (reading the articles included).

    .venv/bin/python scripts/bench_alerts.py [N]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time

from rasd.alerts import add_alert, check
from rasd.model import Article
from rasd.store.sqlite import SQLiteStore

VOCAB = ("المدينة الحكومة الوزير المشروع السكان الطريق المدرسة المستشفى السوق الميناء الشركة الجامعة المجلس "
         "اللجنة الخطة الموازنة الماء الكهرباء الزراعة الصناعة أعلن قال أكد أوضح جديد كبير في على من إلى").split()


def paragraph(seed: int, n: int) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(VOCAB) for _ in range(n)) + "."


def main(n: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as d:
        s = SQLiteStore(os.path.join(d, "r.db"))
        add_alert(s, "q", "q", 'الموازنة "الحكومة الوزير" -الزراعة')
        add_alert(s, "e", "entity", "e:7")
        add_alert(s, "sp", "speaker", "خالد المنصوري")
        for i in range(n):
            text = "\n\n".join(paragraph(i * 20 + k, 30) for k in range(14))
            st = [{"speaker": "خالد المنصوري" if i % 9 == 0 else "سالم", "start": 3, "text": "…"}]
            s.insert_article(Article(id=f"{i:016x}", source="x", url=None, path=None, title=paragraph(i, 8), text=text,
                                     body_hash=str(i), entities=[{"entity_id": f"e:{i % 50}"}], statements=st), 0, str(i))
        s.commit()
        t = time.perf_counter()
        r = check(s)
        secs = time.perf_counter() - t
        s.close()
    print(f"{n} articles, 3 alerts: {r.fired} hits in {secs:.2f} s = {secs / n * 1000:.2f} ms per article")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)

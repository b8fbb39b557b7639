"""HTML pieces built in Python: annotated article text and SVG charts.

Everything taken from an article is escaped here; templates mark the
result safe.  Annotations may overlap (an entity inside a statement, a date
inside both), so the text is cut at every span boundary and each piece
carries the classes of every span over it: no nesting to go wrong.
"""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup


def annotated_text(text: str, entities: list[dict[str, Any]], statements: list[dict[str, Any]],
                   dates: list[dict[str, Any]], cited: tuple[int, int] | None = None) -> Markup:
    """``cited``: a passage a story summary or timeline links to, marked and anchored as #cited."""
    spans: list[tuple[int, int, str, str, str | None]] = []   # start, end, class, tooltip, entity link
    n = len(text)
    if cited and 0 <= cited[0] < cited[1] <= n:
        spans.append((cited[0], cited[1], "cited", "المقطع المستشهد به", None))
    for m in entities:
        spans.append((m["start"], m["end"], f"ent ent-{m.get('type', 'MISC')}",
                      f"{m.get('type', '')}: {m.get('canonical') or m.get('text')}", m.get("entity_id")))
    for st in statements:
        if st.get("kind") == "term":
            continue
        who = st.get("speaker") or "?"
        spans.append((st["start"], st["end"], "stmt", f"{who} ({st.get('verb') or ''}) {st.get('date') or ''}", None))
    for d in dates:
        val = d.get("value") or "?"
        if d.get("end_value"):
            val += " – " + d["end_value"]
        spans.append((d["start"], d["end"], "date", val, None))
    spans = [s for s in spans if 0 <= s[0] < s[1] <= n]
    cuts = sorted({0, n, *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if cited and a == cited[0]:
            out.append('<span id="cited"></span>')
        active = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for s in active for c in s[2].split()))
        tip = escape(" · ".join(dict.fromkeys(s[3] for s in active)))
        link = next((s[4] for s in active if s[4]), None)
        if link:
            out.append(f'<a class="{classes}" title="{tip}" href="/entities/{escape(link)}">{piece}</a>')
        else:
            out.append(f'<span class="{classes}" title="{tip}">{piece}</span>')
    return Markup("".join(out))


def bar_chart(series: list[tuple[str, int]], width: int = 640, height: int = 160, label: str = "") -> Markup:
    """A bar chart as inline SVG (no script, no external file): one bar per (label, value)."""
    if not series:
        return Markup("")
    top = max(v for _, v in series) or 1
    pad_l, pad_b, pad_t = 28, 34, 10
    inner_w, inner_h = width - pad_l - 6, height - pad_b - pad_t
    bw = inner_w / len(series)
    parts = [f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" direction="ltr" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{pad_l}" y1="{pad_t + inner_h}" x2="{width - 6}" y2="{pad_t + inner_h}" class="axis"/>',
             f'<text x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end" class="tick">{top}</text>',
             f'<text x="{pad_l - 4}" y="{pad_t + inner_h}" text-anchor="end" class="tick">0</text>']
    every = max(1, len(series) // 8)   # at most about eight labels under the axis
    for i, (lab, v) in enumerate(series):
        h = inner_h * v / top
        x = pad_l + i * bw
        parts.append(f'<rect x="{x + bw * 0.1:.1f}" y="{pad_t + inner_h - h:.1f}" width="{max(1.0, bw * 0.8):.1f}" '
                     f'height="{h:.1f}" class="bar"><title>{escape(lab)}: {v}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - pad_b + 16}" text-anchor="middle" class="tick">'
                         f'{escape(lab)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(series: list[tuple[str, int]], width: int = 140, height: int = 28, label: str = "") -> Markup:
    """A story's volume at a glance: bars only, no axis or labels (each bar's date is in its tooltip)."""
    if not series:
        return Markup("")
    top = max(v for _, v in series) or 1
    bw = width / len(series)
    parts = [f'<svg class="spark" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" direction="ltr" xmlns="http://www.w3.org/2000/svg">']
    for i, (lab, v) in enumerate(series):
        h = max(1.0, (height - 2) * v / top)
        parts.append(f'<rect x="{i * bw + bw * 0.1:.1f}" y="{height - h:.1f}" width="{max(1.0, bw * 0.8):.1f}" '
                     f'height="{h:.1f}" class="bar"><title>{escape(lab)}: {v}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))

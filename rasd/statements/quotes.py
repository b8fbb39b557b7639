"""Quote-mark pairing with repair of the broken quoting found in scraped Arabic.

Scraped and machine-translated Arabic mixes “…”, «…», "…", '…' and „…“, leaves
marks reversed (”…”), unbalanced, or glued to the neighbouring word (لـ”الوطن”,
الضروري” أن).  Each mark's role (opening or closing) is decided from its
neighbours first and its shape second; marks are then paired with a stack per
family; an opener left without a partner runs to the end of its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE = set("“”„‟\"″＂")
GUILLEMETS_OPEN, GUILLEMETS_CLOSE = set("«‹"), set("»›")
SINGLE = set("‘’‚‛'")
OPEN_SHAPES = set("“„«‹‘‚")
CLOSE_SHAPES = set("”»›’")
ALL_MARKS = DOUBLE | GUILLEMETS_OPEN | GUILLEMETS_CLOSE | SINGLE
_PREFIX_LETTERS = set("ولبفك")


@dataclass
class Quote:
    open: int           # offset of the opening mark (or of the content start when it had none)
    close: int          # offset just past the closing mark (or the content end)
    start: int          # content start
    end: int            # content end
    balanced: bool      # both marks found

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def _family(ch: str) -> str:
    if ch in DOUBLE:
        return "d"
    if ch in GUILLEMETS_OPEN or ch in GUILLEMETS_CLOSE:
        return "g"
    return "s"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or "\u0610" <= ch <= "\u065f" or ch == "\u0640"


def _role(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    b_word, a_word = _is_word(before), _is_word(after)
    if a_word and not b_word:
        return "open"
    if b_word and not a_word:
        # glued to a one-letter proclitic (لـ“ , و« , ب") it still opens
        if (before in _PREFIX_LETTERS and (i - 1 == lo or not _is_word(text[i - 2]))) or before == "\u0640":
            return "open"
        return "close"
    if b_word and a_word:
        if before == "\u0640" or (before in _PREFIX_LETTERS and (i - 1 == lo or not _is_word(text[i - 2]))):
            return "open"
        return "open" if ch in OPEN_SHAPES else "close" if ch in CLOSE_SHAPES else "?"
    # spaces or punctuation on both sides: the shape decides
    if after in ".،,؛;:!?؟)" and before.isspace():
        return "close"
    return "open" if ch in OPEN_SHAPES else "close" if ch in CLOSE_SHAPES else "?"


def find_quotes(text: str, lo: int = 0, hi: int | None = None) -> list[Quote]:
    """Quotes in text[lo:hi] (one paragraph), outermost and nested alike."""
    hi = len(text) if hi is None else hi
    marks = []
    for i in range(lo, hi):
        ch = text[i]
        if ch not in ALL_MARKS:
            continue
        if ch in SINGLE:
            # apostrophes inside Latin words are not quotes
            b = text[i - 1] if i > lo else " "
            a = text[i + 1] if i + 1 < hi else " "
            if (b.isascii() and b.isalpha()) or (a.isascii() and a.isalpha() and b.isascii() and b.isalpha()):
                continue
        marks.append((i, _family(ch), _role(text, i, lo, hi)))
    # Repair: two closers of one family with no opener before them -> the first
    # one is a reversed opener; "?" marks alternate.
    quotes: list[Quote] = []
    stacks: dict[str, list[int]] = {"d": [], "g": [], "s": []}
    for k, (i, fam, role) in enumerate(marks):
        st = stacks[fam]
        if role == "?":
            role = "close" if st else "open"
        if role == "close" and not st:
            nxt = next((m for m in marks[k + 1:] if m[1] == fam), None)
            if nxt is not None and nxt[2] in ("close", "?"):
                role = "open"
        if role == "open":
            # a second opener of the non-nesting families, with an opener pending
            # and followed by no further mark of the family, closes it instead
            if fam != "g" and st:
                rest = [m for m in marks[k + 1:] if m[1] == fam]
                if not rest and text[i - 1:i].strip() and not text[i + 1:i + 2].strip():
                    role = "close"
            if role == "open":
                st.append(i)
                continue
        if st:
            j = st.pop()
            quotes.append(Quote(j, i + 1, j + 1, i, True))
        else:
            # an unmatched closer: the quote ran from the start of the clause
            s = lo
            for sep in (":", "\n"):
                p = text.rfind(sep, lo, i)
                if p != -1:
                    s = max(s, p + 1)
            while s < i and text[s].isspace():
                s += 1
            if i - s > 0:
                quotes.append(Quote(s, i + 1, s, i, False))
    for st in stacks.values():
        for j in st:
            e = hi
            while e > j + 1 and text[e - 1].isspace():
                e -= 1
            quotes.append(Quote(j, e, j + 1, e, False))
    for q in quotes:
        while q.start < q.end and text[q.start].isspace():
            q.start += 1
        while q.end > q.start and text[q.end - 1].isspace():
            q.end -= 1
    quotes.sort(key=lambda q: (q.open, -q.close))
    return [q for q in quotes if q.end > q.start]

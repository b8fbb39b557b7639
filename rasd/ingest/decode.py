"""Bytes to text, robustly, or a clear reason why not.

Cascade: byte-order mark; binary sniffing (magic numbers, NUL bytes);
strict UTF-8; the single-byte Arabic code pages scored by how Arabic the
result looks; charset-normalizer for anything else; repair of UTF-8 that was
decoded as windows-1252 somewhere upstream (mojibake).  Whatever comes out
is real text or a :class:`DecodeError`, never a guess full of replacement
characters.
"""

from __future__ import annotations

import codecs
import re

from rasd.text.arabic import ARABIC_LETTER, LATIN_LETTER


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


_MAGIC = [
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3", "SQLite database"),
    (b"RIFF", "audio/video (RIFF)"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00", "binary data"),
]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Single-byte and BOM-less encodings Arabic text realistically arrives in.
_ARABIC_CANDIDATES = ("cp1256", "iso8859_6", "utf-16-le", "utf-16-be")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _quality(text: str) -> float:
    """How plausible a decoding is: letters and spaces good, controls and
    replacement characters bad, Arabic preferred over stray accented Latin."""
    if not text:
        return 0.0
    n = len(text)
    ar = len(ARABIC_LETTER.findall(text))
    la = len(LATIN_LETTER.findall(text))
    accented = sum(1 for c in text if "\u00c0" <= c <= "\u024f")
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    spaces = text.count(" ") + text.count("\n")
    return (ar + la - 3 * accented + 0.5 * spaces - 20 * bad) / n


def sniff_binary(data: bytes) -> str | None:
    """A reason string when data is clearly not text, else None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if any(data.startswith(b) for b, _ in _BOMS):
        return None
    sample = data[:8192]
    if utf16_without_bom(sample):
        return None
    nul = sample.count(0)
    if nul:
        # UTF-16 without BOM has NULs on every other byte; real binary has them anywhere.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > 0.3 * len(sample) / 2 and min(even, odd) < 0.05 * len(sample) / 2:
            return None
        if nul > 0.01 * len(sample):
            return "binary data (NUL bytes)"
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > 0.05 * max(1, len(sample)):
        return "binary data (control bytes)"
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 Arabic or ASCII, else None.

    Arabic letters are U+06xx, so every other byte is 0x06; ASCII leaves NULs there instead.
    """
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(6) + odd.count(0) > 0.8 * half and odd.count(6) + even.count(0) > 0.1 * half:
        return "utf-16-le"
    if even.count(6) + even.count(0) > 0.8 * half and even.count(6) + odd.count(0) > 0.1 * half:
        return "utf-16-be"
    return None


def _cp1252_bytes(text: str) -> bytes | None:
    """Bytes that a windows-1252 (or WHATWG 'latin-1') decoder turned into text."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))  # the five bytes cp1252 leaves undefined pass through as C1 controls
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """UTF-8 Arabic that was decoded as windows-1252/latin-1 (ÙØ§...), repaired; None if not that."""
    if len(_MOJIBAKE.findall(text)) < 3 or arabic_letters(text) > 0.2 * len(text):
        return None
    raw = _cp1252_bytes(text)
    if raw is None:
        return None
    fixed = raw.decode("utf-8", errors="replace")
    ar = arabic_letters(fixed)
    if ar >= 3 and fixed.count("\ufffd") <= max(1, 0.01 * ar):
        return fixed.replace("\ufffd", "")
    return None


def arabic_letters(text: str) -> int:
    return len(ARABIC_LETTER.findall(text))


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name) or raise :class:`DecodeError`.

    ``declared`` is an encoding named by the container (HTTP header, meta
    charset, XML prolog); it is tried first but not trusted blindly.
    """
    if not data or not data.strip():
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(enc), "utf-8" if enc == "utf-8-sig" else enc.replace("-", ""), bom=True)
            except UnicodeDecodeError as e:
                raise DecodeError(f"byte-order mark says {enc} but the bytes are not ({e.reason})") from e
    why = sniff_binary(data)
    if why:
        raise DecodeError(f"not text: {why}")
    if declared:
        try:
            enc = codecs.lookup(declared).name
        except LookupError:
            enc = None
        if enc and enc not in ("utf-8", "ascii", "latin-1", "cp1252", "iso8859-1"):
            try:
                text = data.decode(enc)
                if _quality(text) > 0.5:
                    return _finish(text, enc)
            except UnicodeDecodeError:
                pass
    u16 = utf16_without_bom(data[:8192])
    if u16:
        try:
            return _finish(data.decode(u16), u16)
        except UnicodeDecodeError:
            pass
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in _ARABIC_CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        q = _quality(text)
        if best is None or q > best[0]:
            best = (q, text, enc)
    if best and best[0] > 0.6 and ARABIC_LETTER.search(best[1]):
        return _finish(best[1], best[2])
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:  # a detector crash is just "could not detect"
        match = None
    if match is not None:
        text = str(match)
        if _quality(text) > 0.5:
            return _finish(text, match.encoding)
    raise DecodeError("undecodable: not UTF-8, windows-1256, ISO-8859-6 or UTF-16, and no other encoding fits")


def _finish(text: str, encoding: str, bom: bool = False) -> tuple[str, str]:
    fixed = repair_mojibake(text)
    if fixed is not None:
        text, encoding = fixed, f"{encoding}>utf-8 (mojibake repaired)"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise DecodeError("empty file (only whitespace)")
    return text, encoding

"""rasd.ingest.decode: bytes to text with the encoding recorded, or a clear DecodeError."""

from __future__ import annotations

import codecs
import random

import pytest

from rasd.ingest.decode import DecodeError, decode

TEXT = ("أعلنت الحكومة اليوم عن خطة جديدة لتحسين شبكة المياه في المدن الكبرى.\n"
        "وقال الوزير إن العمل سيبدأ قريبا، وإن الكلفة تبلغ 120 مليون دينار.\n")

# For the mojibake test: no ف and no harakat, whose second UTF-8 byte (0x81, 0x8D,
# 0x8F, 0x90) windows-1252 does not define, so errors='ignore' would lose them.
MOJI_SOURCE = ("أعلنت الحكومة اليوم عن خطة جديدة لتحسين شبكة المياه داخل المدن الكبرى.\n"
               "وقال الوزير إن العمل سيبدأ قريبا جدا، وإن المبلغ المرصود 120 مليون دينار.\n")


def test_utf8():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")


def test_utf8_bom_stripped():
    text, enc = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert text == TEXT
    assert not text.startswith("\ufeff")
    assert enc == "utf-8"


def test_windows_1256():
    text, enc = decode(TEXT.encode("cp1256"))
    assert text == TEXT
    assert enc == "cp1256"


def test_windows_1256_crlf():
    text, enc = decode(TEXT.replace("\n", "\r\n").encode("cp1256"))
    assert text == TEXT          # CRLF normalised to \n
    assert enc == "cp1256"


def test_iso_8859_6():
    text, enc = decode(TEXT.encode("iso8859_6"))
    assert text == TEXT
    assert codecs.lookup(enc).name == "iso8859-6"


def test_utf16_with_bom():
    text, enc = decode(TEXT.encode("utf-16"))
    assert text == TEXT
    assert enc.replace("-", "").lower() == "utf16"


def test_utf16_le_without_bom():
    text, enc = decode(TEXT.encode("utf-16-le"))
    assert text == TEXT
    assert enc.replace("-", "").replace("_", "").lower() == "utf16le"


def test_declared_encoding_used():
    text, enc = decode(TEXT.encode("cp1256"), declared="windows-1256")
    assert text == TEXT
    assert codecs.lookup(enc).name == "cp1256"


def test_mojibake_fixture_is_repairable():
    # guard on the fixture itself: the double encoding is lossless
    moji = MOJI_SOURCE.encode("utf-8").decode("cp1252", errors="ignore")
    assert moji.encode("cp1252").decode("utf-8") == MOJI_SOURCE
    assert "ف" not in MOJI_SOURCE


def test_mojibake_repaired():
    moji = MOJI_SOURCE.encode("utf-8").decode("cp1252", errors="ignore")
    text, enc = decode(moji.encode("utf-8"))
    assert text == MOJI_SOURCE
    assert "mojibake" in enc


def test_empty_file():
    with pytest.raises(DecodeError, match="empty"):
        decode(b"")


def test_whitespace_only():
    with pytest.raises(DecodeError, match="empty"):
        decode(b"  \r\n\t\n   ")


def test_whitespace_only_with_bom():
    with pytest.raises(DecodeError, match="empty"):
        decode(codecs.BOM_UTF8 + b" \n \n")


def test_png_is_binary():
    data = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(500))
    with pytest.raises(DecodeError, match="PNG"):
        decode(data)


def test_random_bytes_with_nuls_are_binary():
    rnd = random.Random(7)
    data = bytearray(rnd.randrange(1, 256) for _ in range(4000))
    for i in range(0, 4000, 37):
        data[i] = 0
    with pytest.raises(DecodeError, match="not text"):
        decode(bytes(data))


def test_decoded_text_has_no_control_characters():
    text, _ = decode(("سطر\x07 أول\n" + TEXT).encode("utf-8"))
    assert "\x07" not in text
    assert TEXT in text

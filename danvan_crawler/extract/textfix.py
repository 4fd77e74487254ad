"""Repair the text damage Vietnamese portals carry: mojibake, legacy font encodings, NFD.

- UTF-8 read as cp1252/latin-1 ("CÃ´ng tÃ¡c") is undone with ftfy, which only changes
  text when the result is a more plausible encoding.
- TCVN3 (ABC, the ".VnTime" fonts) text pasted from Word keeps its bytes as cp1252
  characters ("Céng hoµ x· héi chñ nghÜa ViÖt Nam"); a paragraph full of characters that
  never occur in Vietnamese Unicode text is converted with the TCVN3 table below. No
  well-kept Python library ships this table, so it lives here.
- windows-1258 pages and some editors produce decomposed text (base letter + combining
  tone mark): everything ends as NFC.

Every repair is named in the article's ``extraction.conversions``.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993 VN3) byte -> Unicode, for the bytes as they arrive decoded as
# cp1252/latin-1. The lowercase set; the precomposed capitals of the uppercase fonts
# (".VnTimeH") use the same codes and cannot be told apart from text alone.
_TCVN3 = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}  # fmt: skip
_TCVN3_TABLE = str.maketrans(_TCVN3)
# Characters of the table that never occur in Vietnamese Unicode text: their density
# tells a TCVN3 paragraph from a Unicode one (which shares "é", "ó", "ê", ...).
_TCVN3_MARKERS = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßåæçëîïñö÷øûüþ")
_LETTER = re.compile(r"[^\W\d_]")


_TCVN3_MARKER = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKERS))) + "]")

# UTF-8 read as windows-1252/latin-1 shows a lead byte (0xC2-0xF4 -> "Â".."ô") followed by
# a continuation byte (0x80-0xBF -> C1 controls, "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", "\xa0".."¿"),
# or "Â"/"Ã" before a space where a 0xA0 byte was lost; "\ufffd" marks lossy decodes.
# Clean Vietnamese paragraphs almost never have such a pair, and ftfy's own check
# costs ~0.3 ms per KB, so it runs only on text this finds (a false alarm costs only time).
_MAYBE_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]|[\u00c2\u00c3] |\ufffd"
)


def looks_tcvn3(line: str) -> bool:
    """Whether a paragraph reads as TCVN3 bytes rather than Unicode Vietnamese."""
    if not _TCVN3_MARKER.search(line):
        return False
    markers = len(_TCVN3_MARKER.findall(line))
    letters = len(_LETTER.findall(line)) or 1
    return markers >= 2 and markers / letters >= 0.05


def from_tcvn3(text: str) -> str:
    """TCVN3 text (as cp1252 characters) in Unicode."""
    return text.translate(_TCVN3_TABLE)


def repair(text: str | None) -> tuple[str, list[str]]:
    """(clean NFC text, the conversions applied: "mojibake", "tcvn3", "nfc")."""
    if not text:
        return text or "", []
    conversions = []
    fixed = text
    if _MAYBE_MOJIBAKE.search(text):
        # Imported on the first suspect text: most crawls meet none, and ftfy with its
        # wcwidth tables is ~40 ms of every process's start-up.
        import ftfy

        fixed = ftfy.fix_encoding(text)
    if fixed != text:
        conversions.append("mojibake")
    lines = fixed.split("\n")
    converted = [from_tcvn3(line) if looks_tcvn3(line) else line for line in lines]
    if converted != lines:
        conversions.append("tcvn3")
    joined = "\n".join(converted)
    normal = unicodedata.normalize("NFC", joined)
    if normal != joined:
        conversions.append("nfc")
    return normal, conversions


def decode_html(body: bytes, content_type: str | None) -> tuple[str, list[str]]:
    """(page text, notes): ``charset:<enc>`` for a legacy encoding, ``charset_meta`` when the
    header's charset was wrong and the meta's was used, ``nfc`` for decomposed text.

    Scrapy, like browsers, believes the Content-Type header first. Some portals send
    ``charset=utf-8`` over windows-1258 bytes while the page's meta tag is right: when the
    header's decoding yields replacement characters and the meta's does not, trust the meta.
    """
    from w3lib.encoding import html_body_declared_encoding, html_to_unicode, resolve_encoding

    notes = []
    encoding, text = html_to_unicode(content_type or "", body)
    if "\ufffd" in text:
        declared = html_body_declared_encoding(body)
        if declared and resolve_encoding(declared) != resolve_encoding(encoding):
            alternative = body.decode(resolve_encoding(declared), errors="replace")
            if alternative.count("\ufffd") < text.count("\ufffd"):
                text, encoding = alternative, resolve_encoding(declared)
                notes.append("charset_meta")
    if resolve_encoding(encoding) not in ("utf-8", "ascii"):
        notes.append(f"charset:{resolve_encoding(encoding)}")
    if not unicodedata.is_normalized("NFC", text):
        notes.append("nfc")
    return text, notes

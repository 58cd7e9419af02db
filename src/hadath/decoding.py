"""Bytes to text, one rule for every input (files, standard input, JSON Lines lines, pages, API bodies).

1. strict UTF-8 (a UTF-8 byte-order mark is dropped);
2. bytes that are mostly UTF-8 stay UTF-8: the few invalid sequences become U+FFFD and a W001
   warning names the source and the byte offset of the first;
3. only bytes that are not UTF-8 at all are read as another encoding: UTF-16 when they start
   with its byte-order mark (no UTF-8 text does), else Windows-1256, and then only when the text
   does not look like UTF-8 Arabic read as Windows-1256 (the mojibake that once passed as Arabic);
4. anything else is E003, and so are NUL bytes outside UTF-16 (a binary file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputTooLarge, ReplacedBytes, UndecodableInput

MAX_BYTES = 5_000_000
# "mostly UTF-8": invalid sequences are at most a quarter of the valid non-ASCII characters, or at
# most 1 in 200 bytes (ASCII text, or JSON with escaped Arabic, with a stray byte)
VALID_PER_INVALID = 4
BYTES_PER_INVALID = 200
# UTF-8 Arabic is 0xD8-0xDB followed by 0x80-0xBF; in Windows-1256 those leads are ط ظ ع غ, which
# real text seldom follows with a byte of 0x80-0xBF (Persian letters and signs): mojibake almost always.
MOJIBAKE_SHARE = 0.25
MIN_CP1256_ARABIC = 0.2


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8, utf-16, cp1256
    warning: ReplacedBytes | None = None  # set when invalid UTF-8 sequences were replaced


def decode_bytes(data: bytes, source: str, *, offset: int = 0, legacy: bool = True,
                 limit: int = MAX_BYTES) -> Decoded:
    """``data`` as text by the rule above; ``offset`` is where ``data`` starts in its file (for
    messages); ``legacy=False`` refuses anything but UTF-8 (JSON bodies must be UTF-8); over
    ``limit`` bytes is E007."""
    if len(data) > limit:
        raise InputTooLarge(f"{len(data):,} bytes is over the limit of {limit:,}; split the article", source=source)
    if legacy and data.startswith((b"\xff\xfe", b"\xfe\xff")):  # bytes no UTF-8 text starts with
        try:
            text = data.decode("utf-16")
            if "\x00" not in text and mostly_printable(text):
                return Decoded(text, "utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise UndecodableInput("looks binary (NUL bytes); give UTF-8 text", source=source)
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    body = data[bom:]
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start + bom
    text = body.decode("utf-8", "replace")
    # U+FFFD already in the file (as EF BF BD) is text, not a replacement
    invalid = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - invalid
    if (valid >= VALID_PER_INVALID * invalid or invalid * BYTES_PER_INVALID <= len(data)) and mostly_printable(text):
        where = f"byte {offset + first:,}" + (" of the file" if offset else "")
        warning = ReplacedBytes(f"{invalid:,} invalid UTF-8 sequence{'s' if invalid != 1 else ''} replaced by "
                                f"U+FFFD (the first at {where}); the rest read as UTF-8", source=source,
                                offset=offset + first, count=invalid)
        return Decoded(text, "utf-8", warning)
    if legacy:
        try:
            text = data.decode("cp1256")  # Windows Arabic, still common in old archives
        except UnicodeDecodeError:
            text = ""
        if text and looks_like_cp1256_arabic(data, text):
            return Decoded(text, "cp1256")
    raise UndecodableInput(f"not UTF-8 ({invalid:,} invalid sequences, the first at byte {offset + first:,}: "
                           f"{data[first:first + 1]!r})" + (" and not Windows-1256 Arabic" if legacy else "")
                           + "; re-encode it as UTF-8", source=source)


def looks_like_cp1256_arabic(data: bytes, text: str) -> bool:
    """Arabic read from Windows-1256 bytes, and not UTF-8 Arabic read as Windows-1256."""
    if len(_ARABIC.findall(text)) < len(text) * MIN_CP1256_ARABIC:
        return False
    leads = len(_LEADS.findall(data))
    return len(_PAIRS.findall(data)) <= leads * MOJIBAKE_SHARE


_ARABIC = re.compile("[\u0600-\u06ff]")
_LEADS = re.compile(b"[\xd8-\xdb]")
_PAIRS = re.compile(b"[\xd8-\xdb][\x80-\xbf]")


def mostly_printable(text: str) -> bool:
    bad = sum(1 for c in text if not (c.isprintable() or c.isspace()))
    return bad <= len(text) * 0.05

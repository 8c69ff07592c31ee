"""Bytes to canonical Unicode: encoding detection and newline normalisation.

Order of trust: a byte-order mark, then strict UTF-8, then charset-normalizer's
best guess among legacy encodings. The result is NFC-normalised and every CRLF or
lone CR becomes LF, so offsets never depend on how the file was saved.
"""

from __future__ import annotations

import codecs
import unicodedata

from viewer.core.errors import ImportRefused

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Single-byte code pages Diptych will guess, most common in our sources first.
LEGACY_ENCODINGS = ("cp1252", "latin_1", "cp1251", "koi8_r", "cp1250", "iso8859_15",
                    "cp1254", "cp1257", "cp1253", "mac_roman")

# Control characters that never occur in prose; more than a few of them means binary.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


def decode_bytes(data: bytes, *, name: str = "the file") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ImportRefused` for non-text input."""
    if not data.strip():
        raise ImportRefused(f"{name} is empty: there is no text to import.")
    encoding = _sniff_encoding(data, name)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportRefused(f"{name} could not be read as {encoding} text: {exc}.") from None
    if _looks_binary(text):
        raise ImportRefused(
            f"{name} looks like a binary file (it contains control bytes that text never has). "
            "Diptych imports .txt, .md and .html documents."
        )
    return normalise_text(text), encoding


def normalise_text(text: str) -> str:
    """NFC, and LF for every line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _sniff_encoding(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data[:8192]:
        raise ImportRefused(
            f"{name} looks like a binary file (it contains NUL bytes). "
            "Diptych imports .txt, .md and .html documents."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes  # only legacy files pay for the import

    matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        raise ImportRefused(f"{name} is not text in any encoding Diptych recognises.")
    # Short texts often fit several code pages equally well (é is the same byte in
    # cp1250 and cp1252, but à is not): among exact ties, take the most common one.
    best = matches[0]
    tied: set[str] = set()
    for m in matches:
        if m.chaos == best.chaos and m.coherence == best.coherence:
            tied.update(m.could_be_from_charset)
    return next((enc for enc in LEGACY_ENCODINGS if enc in tied), str(best.encoding))


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return controls > max(4, len(sample) // 1000)

"""Importing documents: formats, encodings, line endings and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.core.errors import DuplicateDocument, ImportRefused
from viewer.core.importing import MAX_BYTES, read_document
from viewer.ops.documents import import_document
from viewer.store import Store
from viewer.store.documents import list_documents

CYRILLIC = "Казахстан и талибы: Токаев встретился с делегацией."
FRENCH = "Le Kazakhstan et les Talibans : réunion à Astana, début d’été."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- encodings and line endings --------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    text = f"{CYRILLIC}\n{FRENCH}\nEmoji 😀 stay one character."
    parsed, _ = read_document(write(tmp_path, "doc.txt", text.encode(encoding)))
    assert parsed.text == text


@pytest.mark.parametrize(("encoding", "text"), [("cp1251", CYRILLIC * 3), ("cp1252", FRENCH * 3),
                                                 ("latin-1", "Vámbéry crossed the Oxus to Khiva. " * 4)])
def test_legacy_single_byte_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    parsed, _ = read_document(write(tmp_path, "legacy.txt", text.encode(encoding)))
    assert parsed.text == text.strip()


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    parsed, _ = read_document(write(tmp_path, "dos.txt", b"one\r\ntwo\rthree\n"))
    assert parsed.text == "one\ntwo\nthree"


def test_the_corpus_book_with_bom_and_crlf_imports_clean(store: Store) -> None:
    from tests.conftest import CORPUS

    doc = import_document(store, CORPUS / "burnes_1834_travels_into_bokhara_v1.txt")
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert doc.text.startswith("Project Gutenberg")
    assert doc.word_count > 80_000


# -- formats ---------------------------------------------------------------------------------

def test_markdown_is_rendered_not_shown_raw(tmp_path: Path) -> None:
    md = "## **Kazakstan Builds Bridges**\n\n**Author:** [Adil](#) wrote *this*.\n\n- one\n- two\n"
    parsed, fmt = read_document(write(tmp_path, "a.md", md.encode()))
    assert fmt == "markdown"
    assert parsed.text == "Kazakstan Builds Bridges\n\nAuthor: Adil wrote this.\n\n• one\n\n• two"
    kinds = {(s.kind, parsed.text[s.start:s.end]) for s in parsed.spans}
    assert ("heading", "Kazakstan Builds Bridges") in kinds
    assert ("emphasis", "this") in kinds
    assert ("link", "Adil") in kinds
    assert parsed.title_hint == "Kazakstan Builds Bridges"


def test_html_keeps_readable_text_and_structure_only(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Brief &amp; Notes</title>
    <script>document.write('evil')</script><style>p{color:red}</style>
    <link rel=stylesheet href="http://example.invalid/x.css"></head>
    <body onload="alert(1)"><h1>Central <em>Asia</em></h1>
    <p>Trade with <a href="http://example.invalid/">Kabul</a> grew.<img src="http://example.invalid/t.png" alt="">
    <iframe src="http://example.invalid/"></iframe></p><ul><li>wheat</li><li>flour</li></ul>
    <noscript>enable js</noscript></body></html>"""
    parsed, fmt = read_document(write(tmp_path, "b.html", html.encode()))
    assert fmt == "html"
    assert parsed.text == "Central Asia\n\nTrade with Kabul grew.\n\n• wheat\n\n• flour"
    assert "evil" not in parsed.text and "color" not in parsed.text and "enable js" not in parsed.text
    assert parsed.title_hint == "Brief & Notes"
    headings = [parsed.text[s.start:s.end] for s in parsed.spans if s.kind == "heading"]
    assert headings == ["Central Asia"]


def test_markdown_raw_html_is_shown_as_text_not_run(tmp_path: Path) -> None:
    parsed, _ = read_document(write(tmp_path, "x.md", b"Hello <script>alert(1)</script> there"))
    assert parsed.text == "Hello <script>alert(1)</script> there"
    assert not parsed.spans


# -- bad input: a clear message and nothing written ------------------------------------------

BAD_INPUTS = {
    "binary": ("photo.txt", bytes(range(256)) * 20, "binary"),
    "png": ("image.md", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(300), "binary"),
    "empty": ("empty.txt", b"", "empty"),
    "whitespace": ("blank.md", b"  \n\n \r\n", "empty"),
    "markup only": ("tags.html", b"<html><script>x()</script><p> </p></html>", "no readable text"),
    "unknown format": ("report.pdf", b"%PDF-1.7 ...", "does not know the format"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_clearly_and_writes_nothing(store: Store, tmp_path: Path, case: str) -> None:
    name, data, message = BAD_INPUTS[case]
    with pytest.raises(ImportRefused, match=message):
        import_document(store, write(tmp_path, name, data))
    assert list_documents(store) == []


def test_missing_path_and_folder_are_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="does not exist"):
        import_document(store, tmp_path / "nowhere.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportRefused, match="not a file|folder"):
        import_document(store, folder)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"text")
    path.chmod(0)
    with pytest.raises(ImportRefused, match="permission denied"):
        import_document(store, path)


def test_file_over_the_size_limit_is_refused_without_reading_it(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: no real 20 MB written
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ImportRefused, match="at most 20 MB"):
        import_document(store, path)


def test_same_text_twice_is_not_duplicated_and_says_so(store: Store, tmp_path: Path) -> None:
    first = import_document(store, write(tmp_path, "a.txt", b"Same words.\n"))
    with pytest.raises(DuplicateDocument, match=f"#{first.id}"):
        import_document(store, write(tmp_path, "b.txt", b"\xef\xbb\xbfSame words.\r\n"))
    assert len(list_documents(store)) == 1


def test_failed_import_keeps_what_was_stored(store: Store, tmp_path: Path) -> None:
    kept = import_document(store, write(tmp_path, "good.txt", b"Kept text."))
    with pytest.raises(ImportRefused):
        import_document(store, write(tmp_path, "bad.txt", b"\x00\x01\x02" * 100))
    assert [d.id for d in list_documents(store)] == [kept.id]

"""Each source format: its text without page furniture or markup, and its own metadata."""

from pathlib import Path

import pytest

from helpers import formats, registry
from helpers.errors import InputError

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


def read(name: str) -> formats.SourceDocument:
    return formats.read_source((CORPUS / name).read_bytes(), CORPUS / name)


def test_a_saved_page_keeps_only_the_article():
    page = read("charlie-page.html")
    assert page.format == "html" and page.encoding == "html/utf-8"
    assert "full member of the Shanghai Cooperation Organisation (SCO) in June 2017" in page.text
    for furniture in ("cookie", "Home", "Subscribe", "RELATED-ARTICLE", "READER-COMMENT", "FOOTER-TEXT", "SCRIPT-TEXT"):
        assert furniture not in page.text, furniture
    assert "body { font-family" not in page.text
    assert page.metadata["author"][0] == "Ayesha Rahman" and page.metadata["published"][0] == "2019-06-14"
    assert page.metadata["title"][0] == "Pakistan at the Shanghai Cooperation Organisation"


def test_a_page_in_a_legacy_encoding_is_decoded_by_its_meta_charset():
    html = '<html><head><meta charset="windows-1252"><title>T</title></head><body><article>'
    html += "<p>The “Extended Troika” – a forum of four, with Pakistan, China, Russia and the United States.</p>" * 3
    page = formats.read_source((html + "</article></body></html>").encode("cp1252"), Path("p.htm"))
    assert "“Extended Troika” –" in page.text and page.encoding == "html/cp1252"


def test_a_page_without_article_text_is_refused():
    with pytest.raises(InputError, match="no article text"):
        formats.read_source(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", Path("login.html"))


def test_markdown_front_matter_gives_the_metadata_and_the_markup_goes():
    note = read("delta-note.md")
    assert note.metadata["published"] == ("2018-03-05", "front matter 'date'")
    assert note.metadata["author"][0] == "Omar Fixture; Sana Example"
    assert "founding member of the Organisation of Islamic Cooperation (OIC)" in note.text
    assert "- In 1974 Lahore hosted the second Islamic Summit." in note.text.splitlines()
    assert not any(mark in note.text for mark in ("**", "](", "# ", "---"))


def test_markdown_front_matter_errors_name_the_file_and_the_key():
    with pytest.raises(InputError, match=r"n\.md: front matter has an unknown key 'titel'"):
        formats.read_source(b"---\ntitel: typo\n---\n\nText.\n", Path("n.md"))
    with pytest.raises(InputError, match=r"n\.md: its front matter is not valid YAML"):
        formats.read_source(b"---\ntitle: [open\n---\n\nText.\n", Path("n.md"))
    # the line is the file's: the front matter begins on its second
    with pytest.raises(
        InputError, match=r"n\.md: its front matter is not valid YAML at line 3: 'title: A: B'.*in quotes"
    ):
        formats.read_source(b"---\nauthor: X\ntitle: A: B\n---\n\nText.\n", Path("n.md"))


def test_an_unquoted_date_off_the_calendar_is_refused_naming_the_file_and_key():
    """YAML reads 2023-13-40 as a date and fails on it; the text is kept for our own check."""
    note = formats.read_source(b"---\ndate: 2023-13-40\n---\n\nText of the note.\n", Path("n.md"))
    value, where = note.metadata["published"]
    with pytest.raises(InputError, match=r"n\.md, front matter 'date': '2023-13-40' is not a real date"):
        registry.file_date_to_iso(value, f"n.md, {where}")


def test_an_empty_list_item_gives_no_line_and_no_crash():
    """Found by hypothesis (PROPERTY_SCALE=30): '-' alone opened an item with no text, and
    the next paragraph, outside any list, looked for the list's mark."""
    note = formats.read_source(b"-\n\n0\n", Path("n.md"))
    assert note.text == "0\n"
    note = formats.read_source(b"- one\n-\n- three\n\nAfter.\n", Path("n.md"))
    assert note.text == "- one\n- three\n\nAfter.\n"


def test_markdown_without_front_matter_is_plain_text():
    note = formats.read_source(b"# A heading\n\nA paragraph with *emphasis*.\n", Path("n.md"))
    assert note.text == "A heading\n\nA paragraph with emphasis.\n" and note.metadata == {}


def test_a_pdf_loses_its_running_lines_and_keeps_whole_words():
    report = read("echo-report.pdf")
    assert report.format == "pdf"
    assert "Pakistan Policy Review" not in report.text and "Page 1 of" not in report.text
    paragraphs = report.text.split("\n\n")
    assert paragraphs[:2] == ["Pakistan in the UN System", "Membership"]
    assert "a month after independence" in " ".join(report.text.split())
    assert "internationally recognised contribution" in " ".join(report.text.split())
    assert "non-permanent member" in report.text and "well-known" in report.text  # real compounds keep the hyphen
    assert "\u2010" not in report.text  # no typesetter's hyphen is left
    assert report.metadata["title"][0] == "Pakistan in the United Nations System"


def test_running_lines_are_found_by_shape_across_pages():
    words = ["one", "two", "three"]
    pages = [
        [f"Journal of Tests, Vol. {n}", f"Body {w}.", f"End {w}.", f"Page {n} of 3"] for n, w in enumerate(words, 1)
    ]
    assert formats.strip_running_lines(pages) == [[f"Body {w}.", f"End {w}."] for w in words]


def test_hyphenation_is_repaired_unless_the_document_writes_the_compound():
    lines = [
        "The inter-",
        "national community and the well-known long-standing position of the well-",
        "known delegation were discussed at length in the chamber today.",
        "Short end.",
    ]
    text = formats.join_pdf_lines(lines)
    assert "international community" in text and "the well-known delegation" in text


@pytest.mark.parametrize(
    "data, name, problem",
    [
        (b"%PDF-1.4\n garbage that is no PDF", "broken.pdf", "could not be read"),
        (b"just text", "renamed.pdf", "not a PDF"),
        (b"", "empty.pdf", "empty"),
        (b"binary", "memo.docx", "does not read"),
    ],
)
def test_unreadable_files_are_refused_with_the_file_named(data, name, problem):
    with pytest.raises(InputError) as err:
        formats.read_source(data, Path("data/sources") / name)
    assert name in str(err.value) and problem in str(err.value)


def test_file_dates_are_read_at_their_precision_or_refused():
    assert registry.file_date_to_iso("2019-06-14T08:30:00+05:00", "x") == "2019-06-14"
    assert registry.file_date_to_iso("14 May 2023", "x") == "2023-05-14"
    assert registry.file_date_to_iso("May 2023", "x") == "2023-05"
    with pytest.raises(InputError, match="cannot be read"):
        registry.file_date_to_iso("the spring after", "n.md, front matter 'date'")


def _pdf_bytes(encrypt: bool = False) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # a page with no text, as a scan without OCR has
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_without_a_text_layer_or_behind_a_password_is_refused():
    with pytest.raises(InputError, match=r"scan\.pdf: has no text layer"):
        formats.read_source(_pdf_bytes(), Path("scan.pdf"))
    with pytest.raises(InputError, match=r"locked\.pdf: is an encrypted PDF"):
        formats.read_source(_pdf_bytes(encrypt=True), Path("locked.pdf"))

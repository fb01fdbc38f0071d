"""Reading each kind of source file into plain text and what the file says about itself.

Analysts save sources as text files (any common encoding), Markdown notes with YAML front
matter, web pages saved from a browser and PDFs. Each reader returns the document's text
(before normalisation: `ingest.normalise_text` fixes it once for all formats) and the
metadata the file states, each value with where it was found, so the registry can fill
what it leaves empty and say where every filled field came from.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.errors import InputError
from helpers.ingest import DecodedText, decode_source, refuse_empty
from helpers.io import safe_yaml, yaml_error


@dataclass(frozen=True)
class SourceDocument:
    text: str
    encoding: str  # how the bytes were read: utf-8, cp1252..., or the format (pdf)
    format: str  # txt | md | html | pdf
    metadata: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (value, where found)


SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def format_of(path: Path) -> str:
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            str(path),
            f"is a '{Path(path).suffix or 'no-extension'}' file, which the build does not read",
            f"Save it as one of: {', '.join(sorted(SUFFIXES))}.",
        )
    return fmt


def read_source(data: bytes, path: Path) -> SourceDocument:
    """The text and metadata of one raw file, by its extension. Every problem is an
    InputError naming the file."""
    fmt = format_of(path)
    where = str(path)
    if fmt == "pdf":
        return read_pdf(data, where)
    if fmt == "html":
        return read_html(data, where)
    decoded = decode_source(data, where)
    if fmt == "md":
        return read_markdown(decoded, where)
    return SourceDocument(decoded.text, decoded.encoding, "txt")


# ---------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Front-matter keys and the citation field each fills.
FRONT_MATTER_FIELDS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "author_affiliation": "author_affiliation",
    "affiliation": "author_affiliation",
    "publisher": "publisher",
    "source": "publisher",
    "published": "published",
    "date": "published",
    "kind": "kind",
    "url": "url",
    "link": "url",
}
# Keys that note-taking tools write and that say nothing the citation needs.
FRONT_MATTER_IGNORED = {"tags", "categories", "keywords", "lang", "language", "description", "summary", "draft"}


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    """(front matter, body). The front matter is YAML between '---' lines at the very top,
    read with the safe loader."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = safe_yaml(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise yaml_error(where, exc, m.group(1) or "", first_line=2, what="its front matter ") from None
    if not isinstance(meta, dict):
        raise InputError(where, "its front matter is not a mapping", "Write it as 'key: value' lines.")
    return meta, text[m.end() :]


def front_matter_metadata(meta: dict, where: str) -> dict[str, tuple[str, str]]:
    unknown = sorted(str(k) for k in meta if k not in FRONT_MATTER_FIELDS and k not in FRONT_MATTER_IGNORED)
    if unknown:
        raise InputError(
            where,
            f"front matter has an unknown key '{unknown[0]}'",
            f"Use: {', '.join(sorted(FRONT_MATTER_FIELDS))} (or remove it).",
        )
    found: dict[str, tuple[str, str]] = {}
    for key, value in meta.items():
        name = FRONT_MATTER_FIELDS.get(key)
        if name is None or value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, dt.datetime):
            value = value.date().isoformat()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        found.setdefault(name, (str(value).strip(), f"front matter '{key}'"))
    return found


def markdown_to_text(body: str) -> str:
    """The words of a CommonMark document without its markup: one line per heading,
    paragraph, list item or table row; links keep their text; raw HTML stays as
    written (it is source text, escaped wherever it is shown)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    lines: list[str] = []
    prefixes: list[str] = []  # one per open list: "- " or a counter
    counters: list[int] = []
    row: list[str] | None = None
    item_start = False
    for tok in tokens:
        if tok.type == "bullet_list_open":
            prefixes.append("- ")
            counters.append(0)
        elif tok.type == "ordered_list_open":
            prefixes.append("ol")
            counters.append(int(tok.attrs.get("start", 1) or 1) - 1)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
            counters.pop()
            if not prefixes:
                lines.append("")
        elif tok.type == "list_item_open":
            counters[-1] += 1
            item_start = True
        elif tok.type == "list_item_close":
            item_start = False  # an empty item ('-' alone) has no text to mark
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            lines.append(" | ".join(row or []))
            row = None
        elif tok.type == "inline":
            words = _inline_text(tok)
            if row is not None:
                row.append(words)
                continue
            if item_start:
                mark = prefixes[-1] if prefixes[-1] != "ol" else f"{counters[-1]}. "
                words = mark + words
                item_start = False
            lines.append(words)
        elif tok.type in ("fence", "code_block", "html_block"):
            lines.extend(tok.content.rstrip("\n").split("\n"))
        elif tok.type in ("heading_close", "paragraph_close", "blockquote_close", "table_close"):
            if tok.type != "paragraph_close" or not prefixes:
                lines.append("")
    return "\n".join(lines).strip() + "\n"


def _inline_text(tok) -> str:
    parts = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    return "".join(parts).strip()


def read_markdown(decoded: DecodedText, where: str) -> SourceDocument:
    meta, body = split_front_matter(decoded.text, where)
    text = markdown_to_text(body)
    if not text.strip():
        raise InputError(where, "has front matter but no text", "Add the document's text below the front matter.")
    return SourceDocument(text, decoded.encoding, "md", front_matter_metadata(meta, where))


# ---------------------------------------------------------------- HTML

MIN_ARTICLE_WORDS = 15  # less than a sentence or two: a login, error or index page, not an article
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, where: str) -> DecodedText:
    """A saved page says its encoding in a <meta charset>; a BOM or the detector decide
    when it does not (or when it is wrong)."""
    refuse_empty(data, where)
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        import codecs

        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
            return DecodedText(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_source(data, where)


def read_html(data: bytes, where: str) -> SourceDocument:
    """The article text of a saved page (trafilatura drops navigation, banners, scripts,
    styles, asides, comments and footers) and the page's own metadata."""
    import trafilatura

    decoded = decode_html(data, where)
    doc = trafilatura.bare_extraction(
        decoded.text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text if doc is not None else "") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError(
            where,
            "no article text was found in the page",
            "Check that it is the saved article (not a login or error page), or paste its text into a .txt file.",
        )
    found: dict[str, tuple[str, str]] = {}
    for name, attr, label in (
        ("title", "title", "the page's title (<title> or og:title)"),
        ("author", "author", "the page's author (meta author or byline)"),
        ("published", "date", "the page's date (article:published_time, <time> or similar)"),
        ("publisher", "sitename", "the page's site name (og:site_name)"),
        ("url", "url", "the page's canonical address"),
    ):
        value = getattr(doc, attr, None)
        if value:
            found[name] = (str(value).strip(), label)
    return SourceDocument(text, f"html/{decoded.encoding}", "html", found)


# ---------------------------------------------------------------- PDF


def read_pdf(data: bytes, where: str) -> SourceDocument:
    """The text layer, without the running headers and footers, with words hyphenated
    across line breaks joined again."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    refuse_empty(data, where)
    if not data.lstrip().startswith(b"%PDF"):
        raise InputError(where, "is not a PDF (no %PDF header)", "Save the document again as PDF, or fix its name.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(where, "is an encrypted PDF", "Save an unprotected copy (print to PDF) and use that.")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(where, f"the PDF could not be read ({exc})", "Save the document again as PDF.") from None
    page_lines = [[ln.strip() for ln in page.split("\n")] for page in pages]
    page_lines = [[ln for ln in lines if ln] for lines in page_lines]
    if sum(len(ln) for lines in page_lines for ln in lines) < 20:
        raise InputError(where, "has no text layer (a scanned PDF?)", "Run OCR on it, or supply its text as a .txt.")
    body = strip_running_lines(page_lines)
    text = join_pdf_lines([ln for lines in body for ln in lines])
    return SourceDocument(text, "pdf", "pdf", _pdf_metadata(info))


_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


def _line_shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def strip_running_lines(pages: list[list[str]], depth: int = 2) -> list[list[str]]:
    """Drop page numbers, and lines that recur at the top or foot of most pages (a running
    title, a journal name, 'Page 3 of 9'). Digits are ignored when comparing lines, so a
    numbered footer counts as one line."""
    if len(pages) >= 2:
        edges: Counter[str] = Counter()
        for lines in pages:
            edges.update({_line_shape(ln) for ln in lines[:depth] + lines[-depth:]})
        need = max(2, (len(pages) + 1) // 2)
        running = {shape for shape, n in edges.items() if n >= need}
    else:
        running = set()
    out = []
    for lines in pages:
        kept = list(lines)
        for idx in [*range(min(depth, len(lines))), *range(max(0, len(lines) - depth), len(lines))]:
            line = lines[idx]
            if _line_shape(line) in running or _PAGE_NUMBER.match(line):
                kept[idx] = None
        out.append([ln for ln in kept if ln is not None])
    return out


_ENDS_SENTENCE = re.compile(r"[.?!:;”\"’)]$")
_LINE_HYPHEN = re.compile(r"([^\W\d_]+)[-\u2010\u00ad]$")  # typesetters break with U+2010 or a soft hyphen


def join_pdf_lines(lines: list[str]) -> str:
    """One paragraph per blank-line block. A PDF's lines are cut at the column's width: a
    line that ends a sentence short of the column ends its paragraph, and a short line
    with no closing punctuation at a paragraph's start is a heading. A word broken with a
    hyphen at the end of a line is joined ('inter-' + 'national'), unless the document
    writes that compound with its hyphen inside a line ('well-known')."""
    if not lines:
        return ""
    widths = sorted(len(ln) for ln in lines)
    column = widths[len(widths) * 3 // 4]
    compounds = {w.lower() for w in re.findall(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)+", "\n".join(lines))}
    compounds = {w.replace("\u2010", "-") for w in compounds}
    paragraphs: list[str] = []
    current = ""

    def is_heading(line: str) -> bool:
        return len(line) < 0.6 * column and not _ENDS_SENTENCE.search(line) and not _LINE_HYPHEN.search(line)

    for line in lines:
        broken = _LINE_HYPHEN.search(current) if current else None
        if current and _ENDS_SENTENCE.search(current) and line[:1].isupper() and is_heading(line):
            paragraphs.append(current)  # the paragraph's last line ran to the column's edge
            current = ""
        if not current:
            if is_heading(line):
                paragraphs.append(line)
                continue
            current = line
        elif broken and line[:1].islower():
            tail = re.match(r"[^\W\d_]+", line)
            compound = f"{broken.group(1)}-{tail.group(0) if tail else ''}".lower()
            current = current[:-1] + ("-" if compound in compounds else "") + line
        else:
            current = f"{current} {line}"
        if _ENDS_SENTENCE.search(line) and len(line) < 0.85 * column:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_JUNK_TITLE = re.compile(r"^(?:microsoft word|untitled|document\d*|\S+\.(?:docx?|odt|rtf|tex|indd))", re.IGNORECASE)


def _pdf_metadata(info) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    title = str(info.get("/Title") or "").strip()
    if title and not _JUNK_TITLE.match(title):
        found["title"] = (title, "the PDF's Title property")
    author = str(info.get("/Author") or "").strip()
    if author:
        found["author"] = (author, "the PDF's Author property")
    m = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    if m:
        iso = "-".join(g for g in m.groups() if g)
        found["published"] = (iso, f"the PDF's creation date ({m.group(0)})")
    return found

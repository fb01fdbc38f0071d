"""The schema of every published table, in one place. It feeds validation (pandera)
before a table is written, the Frictionless datapackage.json, and the data dictionary."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import reuse

# Imported by validate(), not here; the build's kernels import them ahead (pipeline.py).
# The first validation in a process also imports pandera's pandas backends, and with them
# hypothesis' strategies (installed for our tests): about 0.1 s, ahead too.
WARM_IMPORTS = (
    "pandera.pandas",
    "pandera.backends.pandas.register",
    "pandera.backends.pandas.builtin_checks",
    "pandera.backends.pandas.builtin_hypotheses",
)
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EVENT_TYPES = (
    "visit/meeting",
    "agreement",
    "aid/relief",
    "training",
    "intelligence/operational cooperation",
    "military operation",
    "attack/incident",
    "membership/designation",
    "diplomatic statement",
    "publication",
    "other",
)
ORG_TYPES = (
    "alliance",
    "un body",
    "regional organisation",
    "military operation",
    "forum",
    "export-control regime",
    "treaty",
    "government body",
    "think tank",
    "university",
    "media",
    "programme",
    "other",
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | boolean
    description: str
    required: bool = True
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str = ""
    minimum: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str = ""

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def _provenance(quote_what: str) -> tuple[Field, ...]:
    return (
        Field("source_id", "string", "id of the source in data/sources/sources.yml"),
        Field("quote", "string", f"verbatim text of the source: {quote_what}"),
        Field("start_char", "integer", "offset where the quote starts in data/interim/text/<source_id>.txt", minimum=0),
        Field("end_char", "integer", "offset where the quote ends (exclusive); the slice equals quote", minimum=1),
    )


def _quoted_side(side: str, quote_what: str) -> tuple[Field, ...]:
    """A two-sided table's quote on one side, and where it stands in its source's text."""
    return (
        Field(f"quote_{side}", "string", quote_what),
        Field(
            f"start_{side}", "integer", f"offset of quote_{side} in data/interim/text/<source_{side}>.txt", minimum=0
        ),
        Field(f"end_{side}", "integer", f"end offset of quote_{side}", minimum=1),
    )


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            "Sources",
            "One row per source: citation fields, how they were established, hash and encoding.",
            (
                Field("source_id", "string", "the registry id, used in every table and citation", unique=True),
                Field("file", "string", "file name in data/sources/"),
                Field("title", "string", "title, from the registry or the file", required=False),
                Field("author", "string", "author", required=False),
                Field("author_affiliation", "string", "author's affiliation", required=False),
                Field("publisher", "string", "publisher", required=False),
                Field("published", "string", "ISO date, partial allowed", required=False, pattern=PARTIAL_DATE),
                Field(
                    "published_precision",
                    "string",
                    "day, month or year",
                    required=False,
                    enum=("day", "month", "year", ""),
                ),
                Field("kind", "string", "official page, analysis, opinion, essay, news, report, other", required=False),
                Field("url", "string", "address, when known", required=False),
                Field("inferred_fields", "string", "the fields that were inferred, ';'-separated", required=False),
                Field("evidence", "string", "how each inferred field was established", required=False),
                Field("sha256", "string", "hash of the raw file's bytes", pattern=r"^[0-9a-f]{64}$"),
                Field("format", "string", "how the file was read", enum=("txt", "md", "html", "pdf")),
                Field("encoding", "string", "the detected text encoding (html/<encoding> for a page, pdf for a PDF)"),
                Field("n_chars", "integer", "characters in the normalised text", minimum=1),
                Field("n_words", "integer", "words in its passages (what holds a letter or a digit)", minimum=1),
                Field("n_passages", "integer", "passages", minimum=1),
                Field("n_flagged", "integer", "passages left out of the tables (boilerplate or repeats)", minimum=0),
            ),
            primary_key="source_id",
        ),
        Table(
            "passages",
            "Passages",
            "One row per paragraph, heading, list item or footnote, with the flags set at ingest.",
            (
                Field("passage_id", "string", "<source_id>.p<NNN>, in reading order", unique=True),
                Field("source_id", "string", "the source"),
                Field("seq", "integer", "position in the source", minimum=1),
                Field(
                    "kind",
                    "string",
                    "paragraph, heading, list_item or footnote",
                    enum=("paragraph", "heading", "list_item", "footnote"),
                ),
                Field(
                    "start_char",
                    "integer",
                    "offset into data/interim/text/<source_id>.txt (a list item: after its bullet)",
                    minimum=0,
                ),
                Field("end_char", "integer", "end offset (exclusive); the slice equals text", minimum=1),
                Field("n_words", "integer", "words in the passage (what holds a letter or a digit)", minimum=0),
                Field(
                    "boilerplate_rule",
                    "string",
                    "rule in data/codebook/boilerplate.yml that flagged it",
                    required=False,
                ),
                Field(
                    "duplicate_kind",
                    "string",
                    "exact, contained or near repeat of another passage",
                    required=False,
                    enum=("exact", "contained", "near", ""),
                ),
                Field("duplicate_of", "string", "the passage it repeats", required=False),
                Field("garbled_tokens", "string", "tokens broken in the source, ';'-separated", required=False),
                Field("usable", "boolean", "false for boilerplate and repeats: later steps take no rows from them"),
                Field("text", "string", "the passage text"),
            ),
            primary_key="passage_id",
        ),
        Table(
            "events",
            "Dated events",
            "One row per dated statement per source.",
            (
                Field("event_id", "string", "<source_id>-e<NNN>, in reading order", unique=True),
                _provenance("")[0],
                Field(
                    "date_start",
                    "string",
                    "ISO date at its precision (YYYY, YYYY-MM or YYYY-MM-DD)",
                    pattern=PARTIAL_DATE,
                ),
                Field(
                    "date_end",
                    "string",
                    "end of a range, ISO at its precision; empty for a single date",
                    required=False,
                    pattern=PARTIAL_DATE,
                ),
                Field("date_precision", "string", "day, month or year", enum=("day", "month", "year")),
                Field(
                    "date_text",
                    "string",
                    "the date as written; empty when taken from the milestone above",
                    required=False,
                ),
                Field(
                    "date_inferred",
                    "boolean",
                    "true when the date was resolved ('this year' against the publication date) or inherited",
                ),
                Field("event_type", "string", "type from data/codebook/event_types.yml", enum=EVENT_TYPES),
                Field("actors", "string", "canonical names of the parties, ';'-separated", required=False),
                Field("description", "string", "the statement in a short line"),
                *_provenance("the sentence that states the event")[1:],
            ),
            primary_key="event_id",
        ),
        Table(
            "figures",
            "Figures",
            "Every number that carries meaning: quantities, money, counts, ranks and shares.",
            (
                Field("figure_id", "string", "<source_id>-f<NNN>, in reading order", unique=True),
                _provenance("")[0],
                Field("value", "number", "the number, scaled ('$123.1 billion' is 123100000000)"),
                Field("unit", "string", "what one unit is: tons, people, USD, percent, rank, times, count..."),
                Field("measure", "string", "what is counted, in the source's words", required=False),
                Field(
                    "state",
                    "string",
                    "the state its sentence names nearest before it: whose figure it is, as far as the words tell "
                    "('India received … three other export control regimes'); empty for the whole a rank is out of "
                    "('10th out of 140 countries')",
                    required=False,
                ),
                Field(
                    "period",
                    "string",
                    "dates stated in the same sentence, ISO, ';'-separated; an open one ('since 2005') is '2005/..', "
                    "one that ends a period ('as of November 2021') '../2021-11'",
                    required=False,
                ),
                *_provenance("the sentence that states the figure")[1:],
                Field("figure_text", "string", "the number as written"),
                Field("figure_start", "integer", "offset of the number itself", minimum=0),
                Field("figure_end", "integer", "end offset of the number itself", minimum=1),
            ),
            primary_key="figure_id",
        ),
        Table(
            "organizations",
            "Organisations",
            "Every organisation, alliance, UN body, operation, forum and regime named, with its first mention.",
            (
                Field("org_id", "string", "slug of the acronym, or of the name", unique=True),
                Field("acronym", "string", "acronym, when the sources use one", required=False),
                Field("name", "string", "canonical name"),
                Field("org_type", "string", "kind of body", enum=ORG_TYPES),
                Field(
                    "pakistan_relationship",
                    "string",
                    "Pakistan's relationship as the sources state it, with the sources that state it",
                    required=False,
                ),
                Field("n_mentions", "integer", "mentions across the corpus (see mentions.csv)", minimum=1),
                Field("source_ids", "string", "sources that name it, ';'-separated"),
                *_provenance("the first mention"),
            ),
            primary_key="org_id",
        ),
        Table(
            "people",
            "People",
            "Every named person, with the spellings each source uses.",
            (
                Field("person_id", "string", "slug of the canonical name", unique=True),
                Field("name", "string", "canonical name"),
                Field("variants", "string", "spellings per source: '<source_id>: a | b; ...'"),
                Field("role", "string", "title or role as given", required=False),
                Field("n_mentions", "integer", "mentions across the corpus (see mentions.csv)", minimum=1),
                Field("source_ids", "string", "sources that name the person, ';'-separated"),
                *_provenance("the first mention"),
            ),
            primary_key="person_id",
        ),
        Table(
            "cooperation",
            "Areas of cooperation by source",
            "Each sentence that names an area of cooperation (data/codebook/cooperation_areas.yml), a row per area and sentence.",
            (
                Field("area", "string", "the area, from the codebook"),
                Field(
                    "setback",
                    "string",
                    "what the sentence reports of the area instead of cooperation, from data/codebook/setbacks.yml "
                    "(closed or suspended, held back, strained, without result); empty when it reports none",
                    required=False,
                ),
                *_provenance("a sentence naming the area (a row for each)"),
            ),
        ),
        Table(
            "timeline",
            "Timeline",
            "One row per real-world event; reports of the same event in several sources are merged (README: the merge rule).",
            (
                Field("timeline_id", "string", "t<NNN>, in date order", unique=True),
                Field("date_start", "string", "the most precise date any report gives", pattern=PARTIAL_DATE),
                Field(
                    "date_end",
                    "string",
                    "end of a range, if any report gives one",
                    required=False,
                    pattern=PARTIAL_DATE,
                ),
                Field("date_precision", "string", "day, month or year", enum=("day", "month", "year")),
                Field("event_type", "string", "the most common specific type among the reports", enum=EVENT_TYPES),
                Field(
                    "actors",
                    "string",
                    "parties named by the reports, most often named first, ';'-separated",
                    required=False,
                ),
                Field("description", "string", "the most precise report's statement in a short line"),
                Field("n_sources", "integer", "sources that report the event", minimum=1),
                Field(
                    "n_accounts",
                    "integer",
                    "independent accounts of the event among those sources: one publisher's pages count once, and so "
                    "do sources whose passages reporting it share a run of words (shared_wording.csv)",
                    minimum=1,
                ),
                Field("source_ids", "string", "those sources, ';'-separated"),
                Field(
                    "accounts",
                    "string",
                    "the sources of each independent account: accounts ';'-separated, one account's sources joined by '+'",
                ),
                Field("event_ids", "string", "the merged rows of events.csv, ';'-separated"),
            ),
            primary_key="timeline_id",
        ),
        Table(
            "discrepancies",
            "Where the sources disagree or differ",
            "Name variants, figures, dates and text defects, each with both sides quoted.",
            (
                Field("discrepancy_id", "string", "d<NNN>", unique=True),
                Field("kind", "string", "what differs", enum=("name_variant", "figure", "date", "text_defect")),
                Field("subject", "string", "what the two sides are about"),
                Field("value_a", "string", "the value on side a, as written"),
                Field("source_a", "string", "the source of side a"),
                Field("quote_a", "string", "verbatim passage of side a"),
                Field("start_a", "integer", "offset of quote_a in data/interim/text/<source_a>.txt", minimum=0),
                Field("end_a", "integer", "end offset of quote_a", minimum=1),
                Field(
                    "value_b", "string", "the value on side b (empty for a defect with no counterpart)", required=False
                ),
                Field("source_b", "string", "the source of side b", required=False),
                Field("quote_b", "string", "verbatim passage of side b", required=False),
                Field("start_b", "integer", "offset of quote_b, -1 when there is none", minimum=-1),
                Field("end_b", "integer", "end offset of quote_b, -1 when there is none", minimum=-1),
                Field("note", "string", "how they differ; a figure note says when the periods differ"),
            ),
            primary_key="discrepancy_id",
        ),
        Table(
            "shared_wording",
            "Where one source repeats another's wording",
            f"Each run of {reuse.MIN_WORDS} or more words a source shares with an earlier one, both sides quoted "
            "(README: shared wording and independent accounts).",
            (
                Field("reuse_id", "string", "w<NNN>", unique=True),
                Field("source_a", "string", "the source that quotes or repeats the words"),
                Field("passage_a", "string", "its passage that holds them"),
                *_quoted_side("a", "the words as side a has them"),
                Field("source_b", "string", "the source it has them from: the earliest that holds them"),
                Field("passage_b", "string", "its passage that holds them"),
                *_quoted_side("b", "the words as side b has them"),
                Field(
                    "n_words", "integer", "words in the run (letters and digits; case and punctuation aside)", minimum=1
                ),
                Field(
                    "relation",
                    "string",
                    "quotes: side a marks them as a quotation; both quote: each does; repeats: side a, published "
                    "later, has them unmarked; shares: unmarked in both, neither published first",
                    enum=reuse.RELATIONS,
                ),
            ),
            primary_key="reuse_id",
        ),
        Table(
            "shared_wording_by_pair",
            "Shared wording, by pair of sources",
            "One row per pair of sources and relation in shared_wording.csv: how much they share, and the longest run.",
            (
                Field("source_a", "string", "the source that quotes or repeats the words"),
                Field(
                    "relation",
                    "string",
                    "as in shared_wording.csv",
                    enum=reuse.RELATIONS,
                ),
                Field("source_b", "string", "the source it has them from"),
                Field("n_runs", "integer", "runs of shared words (rows of shared_wording.csv)", minimum=1),
                Field("n_passages", "integer", "passages of side a that hold them", minimum=1),
                Field("n_words", "integer", "words in those runs", minimum=1),
                Field("words_a", "integer", "words in side a's usable passages (the sum of their n_words)", minimum=0),
                *_quoted_side("a", "the longest run as side a has it"),
                *_quoted_side("b", "the longest run as side b has it"),
            ),
        ),
        Table(
            "source_comparison",
            "What each source covers",
            "One row per source: the bodies it names, its areas of cooperation, its period, its events and figures.",
            (
                Field("source_id", "string", "the source", unique=True),
                Field("kind", "string", "kind of source", required=False),
                Field("published", "string", "publication date, ISO at its precision", required=False),
                Field("period_start", "string", "year of its earliest dated statement", required=False),
                Field("period_end", "string", "year of its latest dated statement", required=False),
                Field("n_events", "integer", "rows in events.csv", minimum=0),
                Field("n_figures", "integer", "rows in figures.csv", minimum=0),
                Field("n_organizations", "integer", "bodies it names", minimum=0),
                Field("organizations", "string", "those bodies, '; '-separated", required=False),
                Field("n_areas", "integer", "areas of cooperation it names", minimum=0),
                Field("cooperation_areas", "string", "those areas, '; '-separated", required=False),
            ),
            primary_key="source_id",
        ),
        Table(
            "positions",
            "Positions of the sources",
            "Analyst annotations (data/codebook/positions.yml): each source's stance on the questions the corpus argues about.",
            (
                Field("source_id", "string", "the source"),
                Field("question", "string", "the question"),
                Field("position", "string", "a short label"),
                Field("summary", "string", "the position in our words"),
                Field("quote", "string", "verbatim passage that supports it"),
                Field("start_char", "integer", "offset of the quote", minimum=0),
                Field("end_char", "integer", "end offset of the quote", minimum=1),
                Field(
                    "bodies_quote",
                    "string",
                    "verbatim passage of the same source naming the bodies the position weighs, where the quote names "
                    "none (its first occurrence in the text); empty when there is none",
                    required=False,
                ),
            ),
        ),
        Table(
            "relationships",
            "Pakistan's relationship to each body",
            "Each relationship a source states (member, observer, partner, non-member...), with the sentence that states it.",
            (
                Field("org_id", "string", "the body, as in organizations.csv"),
                Field("name", "string", "its canonical name"),
                Field("relationship", "string", "the relationship as the sentence states it"),
                *_provenance("the sentence that states it"),
            ),
        ),
        Table(
            "mentions",
            "Entity mentions",
            "Every mention of an organisation, person or state: the evidence behind n_mentions and name variants.",
            (
                Field(
                    "entity_kind", "string", "organization, person or state", enum=("organization", "person", "state")
                ),
                Field("entity_id", "string", "org_id or person_id"),
                Field("name", "string", "canonical name"),
                *_provenance("the name as written"),
                Field("rule", "string", "the rule that found it (definition, gazetteer, title, ...)"),
            ),
        ),
    )
}


_DTYPES = {"string": str, "integer": "int64", "number": "float64", "boolean": bool}  # a field's type as pandas holds it


class SchemaViolation(ValueError):
    """A table broke its schema: the message names the table, column and row."""


def _pandera_schema(table: Table):
    import pandera.pandas as pa

    columns = {}
    for f in table.fields:
        checks = []
        if f.enum:
            checks.append(pa.Check.isin(list(f.enum)))
        if f.pattern:
            pattern = f.pattern if f.required else f"(?:{f.pattern})|^$"
            checks.append(pa.Check.str_matches(pattern))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum))
        if f.required and f.type == "string":
            checks.append(pa.Check(lambda s: s.str.len() > 0, element_wise=False, name="not_empty"))
        columns[f.name] = pa.Column(_DTYPES[f.type], checks=checks, nullable=False, unique=f.unique, coerce=True)
    return pa.DataFrameSchema(columns, strict=True, ordered=True)


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The table, coerced to its schema; a violation raises SchemaViolation naming table,
    column and row."""
    import pandera.pandas as pa

    table = TABLES[name]
    df = df.reindex(columns=table.columns) if set(df.columns) == set(table.columns) else df
    for f in table.fields:
        if f.name in df and f.type == "string":
            df[f.name] = df[f.name].fillna("")
    try:
        return _pandera_schema(table).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        case = exc.failure_cases.iloc[0]
        column = case.get("column") or "(table)"
        row = case.get("index")
        where = f"row {int(row)}" if pd.notna(row) else "all rows"
        raise SchemaViolation(
            f"table '{name}', column '{column}', {where}: check '{case['check']}' failed "
            f"(value {case['failure_case']!r}). Fix the extraction rule or codebook that produced it."
        ) from None


def typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The table with its schema's types and nothing checked: for a table this build has
    just validated and written, read back as text (the workbook, which would otherwise
    validate every table a second time). Same values as `validate` gives."""
    df = df.copy()
    for f in TABLES[name].fields:
        if f.name not in df:
            continue
        if f.type == "boolean":
            df[f.name] = df[f.name].map({"True": True, "False": False, True: True, False: False}).astype(bool)
        else:
            df[f.name] = df[f.name].astype(_DTYPES[f.type])
    return df


def check_quotes(name: str, df: pd.DataFrame, texts: dict[str, str]) -> None:
    """The slice [start_char, end_char) of the source text equals the quote, in every row."""
    _check_slices(name, df, ("source_id", "start_char", "end_char", "quote"), texts)


def check_two_sided_quotes(name: str, df: pd.DataFrame, texts: dict[str, str]) -> None:
    """Each side's quote is its slice of its source's text; side b may name no source."""
    named_b = df.loc[[bool(sid) for sid in df["source_b"].tolist()]]  # .loc: an empty list is no rows, not no columns
    for side, rows in (("a", df), ("b", named_b)):
        _check_slices(name, rows, (f"source_{side}", f"start_{side}", f"end_{side}", f"quote_{side}"), texts)


def _check_slices(name: str, df: pd.DataFrame, columns: tuple[str, str, str, str], texts: dict[str, str]) -> None:
    """`columns` names the source, start, end and quote. They are read as plain lists: a
    Series per row (iterrows) made this most of the extraction step's time at x1000
    (515,000 mentions: 28 s, now well under one)."""
    quote_column = columns[3]
    for i, sid, start, end, quote in zip(df.index, *(df[c].tolist() for c in columns), strict=True):
        text = texts.get(sid)
        if text is None or text[start:end] != quote:
            raise SchemaViolation(
                f"table '{name}', column '{quote_column}', row {i}: the quote does not match "
                f"data/interim/text/{sid}.txt at {start}:{end}."
            )


def frictionless_schema(table: Table) -> dict:
    fields = []
    for f in table.fields:
        constraints: dict = {}
        if f.required:
            constraints["required"] = True
        if f.unique:
            constraints["unique"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.pattern:
            constraints["pattern"] = f.pattern.strip("^$") if f.required else f"({f.pattern.strip('^$')})?"
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        field = {"name": f.name, "type": f.type, "description": f.description}
        if f.type == "boolean":
            field["trueValues"], field["falseValues"] = ["True"], ["False"]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    # An empty cell is an empty value ("no end date"), not an unknown one.
    schema = {"fields": fields, "missingValues": []}
    if table.primary_key:
        schema["primaryKey"] = [table.primary_key]
    return schema


def datapackage(names: list[str], build_id: str) -> dict:
    return {
        "name": "pakistan-multilateral-briefing",
        "title": "Pakistan and the multilateral order: tables behind the briefing",
        "description": "Tables extracted from the source corpus; every row quotes the passage it came from.",
        "version": build_id,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": n,
                "path": f"{n}.csv",
                "title": TABLES[n].title,
                "description": TABLES[n].description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": frictionless_schema(TABLES[n]),
            }
            for n in names
        ],
    }


def data_dictionary_markdown(names: list[str]) -> str:
    out = []
    for n in names:
        t = TABLES[n]
        out.append(f"### `{n}.csv`: {t.description}\n\n| Column | Type | Meaning |\n|---|---|---|")
        for f in t.fields:
            values = [v for v in f.enum if v]
            extra = f" (one of: {', '.join(values)})" if values and len(values) <= 12 else ""
            out.append(f"| `{f.name}` | {f.type} | {f.description}{extra} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """`python -m helpers.schemas` prints the data dictionary; with `--update README.md`
    it rewrites the README's generated section in place."""
    import sys
    from pathlib import Path

    argv = sys.argv[1:] if argv is None else argv
    block = data_dictionary_markdown(list(TABLES))
    if argv[:1] == ["--update"]:
        readme = Path(argv[1])
        text = readme.read_text(encoding="utf-8")
        head, rest = text.split("<!-- data-dictionary:start", 1)
        marker, _ = rest.split("-->", 1)
        tail = rest.split("<!-- data-dictionary:end -->", 1)[1]
        readme.write_text(
            f"{head}<!-- data-dictionary:start{marker}-->\n{block}<!-- data-dictionary:end -->{tail}", encoding="utf-8"
        )
    else:
        print(block)


if __name__ == "__main__":
    main()

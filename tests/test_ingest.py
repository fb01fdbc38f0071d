import pytest

from helpers import ingest
from helpers.errors import InputError


def test_utf8_is_the_default():
    decoded = ingest.decode_source("Pakistan’s “view”".encode(), "x.txt")
    assert decoded.encoding == "utf-8" and decoded.text == "Pakistan’s “view”"


def test_utf8_bom_is_dropped():
    decoded = ingest.decode_source(b"\xef\xbb\xbfNATO", "x.txt")
    assert decoded.text == "NATO" and decoded.encoding == "utf-8-sig"


def test_cp1252_curly_quotes_and_dashes_are_recovered():
    raw = "The “Extended Troika” – a forum of four neighbours and partners in the region".encode("cp1252")
    decoded = ingest.decode_source(raw, "x.txt")
    assert decoded.text == "The “Extended Troika” – a forum of four neighbours and partners in the region"


def test_latin1_accents_are_recovered():
    raw = "Le café de la délégation à Genève, où la conférence s'est réunie.".encode("latin-1")
    assert "délégation à Genève" in ingest.decode_source(raw, "x.txt").text


@pytest.mark.parametrize("raw, problem", [(b"", "empty"), (b"  \n\n", "empty"), (b"\x00\x01PK\x03\x04" * 20, "binary")])
def test_empty_and_binary_files_are_refused_with_the_file_named(raw, problem):
    with pytest.raises(InputError) as err:
        ingest.decode_source(raw, "data/sources/bad.txt")
    assert "data/sources/bad.txt" in str(err.value) and problem in str(err.value)


def test_normalise_line_endings_spaces_and_blank_lines():
    text = ingest.normalise_text("Title\r\n\r\n\r\n\r\nOne  two\u00a0three \r\nfour\u200b.\r\n")
    assert text == "Title\n\nOne two three\nfour.\n"


def test_normalise_keeps_quotes_and_dashes():
    assert ingest.normalise_text("“A” – ’b’") == "“A” – ’b’\n"


def test_passages_have_stable_ids_and_offsets_that_slice_to_their_text():
    text = ingest.normalise_text("Heading\n\nFirst paragraph here.\n- a list item.\n\nLast one.\n")
    passages = ingest.split_passages("src", text)
    assert [p.passage_id for p in passages] == ["src.p001", "src.p002", "src.p003", "src.p004"]
    assert [p.kind for p in passages] == ["heading", "paragraph", "list_item", "paragraph"]
    for p in passages:
        assert text[p.start_char : p.end_char] == p.text
    assert [p.passage_id for p in ingest.split_passages("src", text)] == [p.passage_id for p in passages]


def test_a_list_item_passage_starts_at_its_words_not_its_bullet():
    text = ingest.normalise_text("Intro.\n- Pakistan joined the OIC in 1969.\n• Second item.\n-\n")
    items = [p for p in ingest.split_passages("src", text) if p.kind == "list_item"]
    assert [p.text for p in items] == ["Pakistan joined the OIC in 1969.", "Second item."]
    assert all(text[p.start_char : p.end_char] == p.text for p in items)


def test_hard_wrapped_text_is_joined_into_paragraphs():
    line = "word " * 14
    block = "\n".join([line.strip()] * 4)
    text = f"{block}\n\n{block}\n"
    passages = ingest.split_passages("w", text)
    assert len(passages) == 2
    assert all(text[p.start_char : p.end_char] == p.text for p in passages)


def test_footnotes_are_recognised_in_sequence():
    text = (
        "Body text that cites a source.1\n"
        "1 Waqas Waheed, “A Title,” in A Book (New York: Routledge, 2022).\n"
        "2Conference on Disarmament.\n"
    )
    kinds = [p.kind for p in ingest.split_passages("s", text)]
    assert kinds == ["paragraph", "footnote", "footnote"]


def test_boilerplate_rules_in_the_codebook_match_their_own_examples(boilerplate_codebook):
    rules = ingest.compile_boilerplate_rules(boilerplate_codebook)
    for row in boilerplate_codebook:
        assert ingest.match_boilerplate(row["example"], rules), row["rule"]


def test_boilerplate_rules_leave_article_text_alone(boilerplate_codebook):
    rules = ingest.compile_boilerplate_rules(boilerplate_codebook)
    for text in [
        "NATO launched an airlift of urgently-needed supplies.",
        "The Article 370A abrogation in 2019 changed the status of Kashmir.",
        "Pakistan could not organize an emergency session of OIC.",
    ]:
        assert ingest.match_boilerplate(text, rules) == ""


def _passages(*texts):
    return [ingest.Passage(f"s.p{i:03d}", "s", i, "paragraph", 0, len(t), t) for i, t in enumerate(texts, 1)]


def test_duplicates_exact_contained_and_near():
    base = "Pakistan’s designation as an MNNA must be set in the context of its cooperation."
    found = ingest.find_duplicates(
        _passages(
            base,  # contained in p002
            base + " It predates 2004 by a decade.",
            "A wholly different paragraph about the SCO and its annual exercises.",
            "A wholly different paragraph about the SCO and its annual exercise.",  # near p003
            "Another paragraph entirely, long enough to be considered here.",
            "Another paragraph entirely, long enough to be considered here.",  # exact p005
        )
    )
    assert found == {
        "s.p001": ("contained", "s.p002"),
        "s.p004": ("near", "s.p003"),
        "s.p006": ("exact", "s.p005"),
    }


def test_different_paragraphs_are_not_duplicates():
    assert (
        ingest.find_duplicates(
            _passages(
                "In May 2007 the Secretary General visited Pakistan for the first time.",
                "In May 2006 Alliance officials visited the President in Islamabad.",
            )
        )
        == {}
    )


def test_garbled_tokens_digits_inside_a_word_and_split_names():
    vocabulary = ingest.corpus_vocabulary(["Ambassador Alessandro Minuto Rizzo visited.", "Go to Kabul."])
    assert ingest.find_garbled_tokens("Start of Paki2000stan relief", vocabulary) == ["Paki2000stan"]
    assert ingest.find_garbled_tokens("Alessandro Minu to Rizzo visited", vocabulary) == ["Minu to"]
    # Ordinary text: "Go to" is not a split name (Goto is no word here), nor is G20 or 9/11.
    assert ingest.find_garbled_tokens("Go to the G20 after 9/11 and 1979-89.", vocabulary) == []


def test_metadata_from_text_reads_title_dateline_and_byline():
    text = "My Title\n\nFeb 27, 2022 | Essays\n\nBody.\n\nAbout the Author\n\nHaleema Saadia\n\nThe author is...\n"
    found = ingest.metadata_from_text(text)
    assert found["title"][0] == "My Title"
    assert found["published"][0] == "2022-02-27"
    assert found["author"][0] == "Haleema Saadia"


@pytest.mark.parametrize("dateline", ["March 14, 2023", "Mar 14, 2023 | Islamabad"])
def test_a_dateline_above_the_headline_is_not_taken_for_the_title(dateline):
    found = ingest.metadata_from_text(f"{dateline}\n\nNATO and Pakistan hold staff talks\n\nBody.\n")
    assert found["title"] == ("NATO and Pakistan hold staff talks", "first line after the dateline")
    assert found["published"][0] == "2023-03-14"


def test_a_first_line_that_is_no_dateline_stays_the_title():
    # '14 March 2023' is not read as a dateline (month, day, year), so it is not skipped either
    assert ingest.metadata_from_text("14 March 2023\n\nHeadline\n")["title"][0] == "14 March 2023"


NEWCOMER_TOP = (
    "Pakistan in the Shanghai Cooperation Organisation: From Observer to Host\n\nBy Sara Malik, Research Analyst\n\n"
)


@pytest.mark.parametrize(
    ("line", "quoted"),
    [("November 2024", "November 2024"), ("Nov 2024", "Nov 2024"), ("November, 2024", "November, 2024"),
     ("Nov. 2024 | Analysis", "Nov. 2024 |")],
)  # fmt: skip
def test_a_line_of_month_and_year_near_the_top_is_the_date(line, quoted):
    """A newcomer's source put 'November 2024' on a line of its own under the byline; it was
    read as no date at all (only month, day, year was), so the entry had no 'published'."""
    found = ingest.metadata_from_text(f"{NEWCOMER_TOP}{line}\n\nPakistan was admitted as an observer.\n")
    assert found["published"] == ("2024-11", f"dateline '{quoted}' near the top")


@pytest.mark.parametrize(
    "text",
    [
        NEWCOMER_TOP + "Islamabad, November 2024\n\nBody.\n",  # a place before it: not a dateline
        NEWCOMER_TOP + "Pakistan hosted the SCO in November 2024 in Islamabad.\n",  # inside body text
        NEWCOMER_TOP + "A paragraph of the article. " * 9 + "\n\nNovember 2024\n\nMore.\n",  # after the body starts
        "Title\n\n" + "Short line.\n\n" * 60 + "November 2024\n\nMore.\n",  # far down the file
    ],
)
def test_a_month_and_year_elsewhere_is_no_date(text):
    """Only a line that is the month and year alone, in the lines above the article's first
    paragraph and near the top, dates the file: elsewhere it is what the text is about."""
    assert "published" not in ingest.metadata_from_text(text)


def test_a_full_dateline_still_wins_over_a_month_and_year():
    """'March 14, 2023' says more than 'March 2023': the more precise dateline is kept."""
    found = ingest.metadata_from_text("Title\n\nMarch 2023\n\nMarch 14, 2023\n\nBody.\n")
    assert found["published"][0] == "2023-03-14"


def test_a_month_and_year_above_the_headline_is_not_taken_for_the_title():
    """Like 'March 14, 2023' above a headline: a date is no title."""
    found = ingest.metadata_from_text("November 2024\n\nPakistan in the SCO\n\nBody.\n")
    assert found["title"] == ("Pakistan in the SCO", "first line after the dateline")
    assert found["published"][0] == "2024-11"


@pytest.mark.parametrize(
    ("byline", "affiliation"),
    [
        ("By Sara Malik, Research Analyst", "Research Analyst"),
        ("By Ayesha Rahman, Staff Correspondent", "Staff Correspondent"),
        ("By Dr. Khurram Abbas, Research Officer, Islamabad Policy Research Institute.",
         "Research Officer, Islamabad Policy Research Institute"),
    ],
)  # fmt: skip
def test_a_byline_gives_the_author_and_what_follows_the_comma_as_affiliation(byline, affiliation):
    """'By Sara Malik, Research Analyst' gave the author and dropped 'Research Analyst': the
    README reads the byline 'By Ayesha Rahman, Staff Correspondent', and the registry's own
    affiliations are such roles ('Assistant Research Officer, ...'); the citation prints it."""
    found = ingest.metadata_from_text(f"Headline\n\n{byline}\n\nBody.\n")
    assert found["author_affiliation"] == (affiliation, f"byline '{byline}'")
    assert found["author"][0] in ("Sara Malik", "Ayesha Rahman", "Khurram Abbas")


def test_a_bylines_title_is_no_part_of_the_authors_name():
    """'By Mrs. Sara Malik' gave the author 'Mrs. Sara Malik' here, where the extraction's
    byline reader already dropped the title."""
    found = ingest.metadata_from_text("Headline\n\nBy Mrs. Sara Malik, Research Analyst\n\nBody.\n")
    assert found["author"][0] == "Sara Malik"


def test_a_byline_ends_at_its_line():
    """'By Sara Malik' over a paragraph 'Body.' gave the author 'Sara Malik\\n\\nBody.': the
    name's spaces had crossed the line break."""
    found = ingest.metadata_from_text("Headline\n\nBy Sara Malik\n\nBody.\n")
    assert found["author"] == ("Sara Malik", "byline 'By Sara Malik'")


@pytest.mark.parametrize("byline", ["By Sara Malik", "By Sara Malik, November 2024", "By Sara Malik, 14 March 2023"])
def test_a_byline_without_a_role_gives_no_affiliation(byline):
    """A date after the comma is when, not who the author works for."""
    found = ingest.metadata_from_text(f"Headline\n\n{byline}\n\nBody.\n")
    assert found["author"][0] == "Sara Malik" and "author_affiliation" not in found


def test_metadata_from_text_reads_republication_note_and_update_stamp():
    note = ingest.metadata_from_text("T\n\nThe Article appeared in Daily Times, February 26, 2017.\n")
    assert note["published"][0] == "2017-02-26" and note["publisher"][0] == "Daily Times"
    stamp = ingest.metadata_from_text("T\n\nLast updated: 27-Oct-2010 17:39\n")
    assert stamp["published"][0] == "2010-10-27"

"""Sentence splitting (helpers/segment.py): where a sentence ends, and where it does not."""

from __future__ import annotations

import pytest

from helpers import segment


def texts(text: str) -> list[str]:
    return [s.text for s in segment.split_sentences(text)]


def test_sentences_end_at_a_mark_before_a_capital():
    assert texts("NATO met. Pakistan agreed! Was it? Yes.") == ["NATO met.", "Pakistan agreed!", "Was it?", "Yes."]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    assert texts("Mr. Abbas met Sergei A. Ordzhonikidze in the U.S. Army base. Then he left.") == [
        "Mr. Abbas met Sergei A. Ordzhonikidze in the U.S. Army base.",
        "Then he left.",
    ]


def test_offsets_slice_the_text_after_a_quotation_and_a_footnote():
    text = "He said “yes.” Then 2005 came.12 Later it rained."
    found = segment.split_sentences(text, offset=100)
    assert [s.text for s in found] == ["He said “yes.”", "Then 2005 came.12", "Later it rained."]
    assert all(text[s.start - 100 : s.end - 100] == s.text for s in found)


def test_a_word_longer_than_the_window_is_read_whole():
    """The last word is looked for near the end first; a run of letters and dots longer
    than that look is still read from its start ('a' + dots is an initial, not a word)."""
    initial = "a" + "." * 60
    assert texts(f"See {initial} Next") == [f"See {initial} Next"]
    assert texts(f"See {'b' * 70}. Next") == [f"See {'b' * 70}.", "Next"]


@pytest.mark.parametrize(
    "text, width, cut",
    [
        ("the joint exercise in order", 18, "the joint exercise"),  # the cut falls on a space: the word stays
        ("the joint exercise in order", 15, "the joint"),  # mid-word: the partial word goes
        ("the joint exercise", 40, "the joint exercise"),  # short enough: untouched
        ("Paki2000stanrelief", 8, "Paki2000"),  # no space that soon: cut at the width
        # a cut two words into a quotation leaves it before the quotation ('… Process, “mark the …”')
        ("the statements, “mark the first time four", 28, "the statements,"),
        ("the statements, “mark the first time four", 31, "the statements, “mark the first"),  # three words: kept
        ("“mark the first time four", 12, "“mark the"),  # nothing stands before it: kept
        # a quotation that closes soon after the width is kept to its end
        (
            "Khan said they “have spoken with one voice” and that this could lead",
            30,
            "Khan said they “have spoken with one voice”",
        ),
    ],
)
def test_a_cut_keeps_whole_words(text, width, cut):
    assert segment.cut_at_word(text, width) == cut


def test_a_quotation_of_two_sentences_stays_in_the_sentence_that_opens_it():
    """'… put it on 30 January 2007, “Pakistan is committed to a strong, stable Afghanistan.'
    was quoted with its quotation open and the rest of the Prime Minister's words cut off.
    A quotation that never closes in its passage does not hold the sentences after it."""
    text = (
        "As the Prime Minister put it, “Pakistan is committed to a stable Afghanistan. "
        "The one country that will benefit most will be Pakistan.” Relations grew. Then they cooled."
    )
    assert texts(text) == [
        "As the Prime Minister put it, “Pakistan is committed to a stable Afghanistan. "
        "The one country that will benefit most will be Pakistan.”",
        "Relations grew.",
        "Then they cooled.",
    ]
    assert texts("He said “never. It is over. Then we left. Later it rained.") == [
        "He said “never.",
        "It is over.",
        "Then we left.",
        "Later it rained.",
    ]


@pytest.mark.parametrize(
    "sentence, shown",
    [
        (
            "Pakistan has adopted a security-centric foreign policy.1",
            "Pakistan has adopted a security-centric foreign policy.",
        ),
        (
            "Pakistan lost more than 60,000 citizens since 2001 until 2017.3",
            "Pakistan lost more than 60,000 citizens since 2001 until 2017.",
        ),
        ("The growth rate was 4.3", "The growth rate was 4.3"),  # a number, not a footnote
        ("It rose to 2.5", "It rose to 2.5"),
    ],
)
def test_a_footnote_number_after_the_last_word_or_year_is_left_out(sentence, shown):
    assert segment.without_footnote_mark(sentence) == shown


def test_footnote_marks_are_found_at_the_end_of_each_sentence_of_a_passage():
    passage = (
        "Pakistan has adopted a security-centric foreign policy.1 It lost more than 60,000 citizens "
        "since 2001 until 2017.3 The growth rate was 4.3 The policy.12"
    )
    marks = segment.footnote_marks(passage)
    assert [passage[a:b] for a, b in marks] == ["1", "3", "12"]
    assert [passage[a - 2 : b] for a, b in marks] == ["y.1", "7.3", "y.12"]  # not '4.3', a number


def test_a_cut_that_leaves_a_word_or_two_of_a_new_sentence_ends_with_the_sentence_before():
    said = (
        "As Pakistan’s Prime Minister put it during a visit to NATO on 30 January 2007, “Pakistan is committed to a "
        "strong, stable Afghanistan. The one country that will benefit the most will be Pakistan.”"
    )
    assert segment.cut_at_word(said, 140).endswith("stable Afghanistan.")
    assert segment.cut_at_word(said, 150).endswith("Afghanistan. The one country")  # three words: kept
    assert segment.cut_at_word("The talks were held at the U.S. Army base and went on for years.", 36) == (
        "The talks were held at the U.S. Army"
    )  # an abbreviation ends no sentence


def test_a_text_that_goes_on_for_a_word_or_two_is_kept_whole():
    """'… (OIC) is still plagued with …' had left out what it is plagued with."""
    said = "Organization of Islamic Cooperation (OIC) is still plagued with Saudi-Iran rivalry."
    assert segment.cut_at_word(said, 64) == said
    assert segment.cut_around(said, "", 64) == said  # and is not marked as cut
    longer = said[:-1] + " and by the quarrels of its members over Yemen."
    assert segment.cut_at_word(longer, 64) == "Organization of Islamic Cooperation (OIC) is still plagued with"


def test_a_cut_does_not_split_a_name():
    said = "the Bosnian Serb forces wanted to remove Bosnian Muslims from the area to create a Greater Serbia."
    assert segment.cut_at_word(said, 48) == "the Bosnian Serb forces wanted to remove"
    assert segment.cut_at_word("He met Anders Fogh Rasmussen in Brussels in 2009 and again in 2010.", 16) == (
        "He met Anders"
    )  # too little would be left: cut as before

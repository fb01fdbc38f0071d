import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import dates, figures

# The number pattern as one regex with the currency in front, as it was written before the
# currency was read off the text: `figures._numbers` must find exactly what it finds.
_CURRENCY_FIRST = re.compile(r"(?P<cur>US\$|\$|USD ?|€|£)?" + figures._NUMBER.pattern)


# The number pattern as it was written before its first digit was taken out of the choice
# of forms: _NUMBER must match where, and as, it matched.
_CHOICE_FIRST_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<ord>st|nd|rd|th)?(?P<pct> ?%| percent\b| per cent\b)?(?: ?(?P<scale>billion|million|thousand|trillion|bn|Bn|m)\b)?"
)


def figs(text):
    spans = [(d.start, d.end) for d in dates.find_dates(text)]
    found = figures.find_figures(text, spans)
    for f in found:
        assert text[f.start : f.end] == f.text
    return [(f.text, f.value, f.unit) for f in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NATO had supplied almost 3500 tons of food", [("3500", 3500.0, "tons")]),
        ("shifting over 7600 people to safe places", [("7600", 7600.0, "people")]),
        ("Pakistan lost $123.1 billion in the war", [("$123.1 billion", 123.1e9, "USD")]),
        ("more than 60,000 Pakistani citizens died", [("60,000", 60000.0, "citizens")]),
        ("ranked Pakistan 10th out of 140 countries", [("10th", 10.0, "rank"), ("140", 140.0, "countries")]),
        ("has been elected five times since 2006", [("five times", 5.0, "times")]),
        ("has visited Pakistan twice since 2005", [("twice", 2.0, "times")]),
        ("a share of 12% of the trade", [("12%", 12.0, "percent")]),
    ],
)
def test_figures_are_found_with_value_and_unit(text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize(
    "text, measure",
    [
        ("NATO’s Deputy Secretary General has visited Pakistan twice since 2005.", "visited Pakistan"),
        ("Pakistan requested international assistance three times through the EADRCC.",
         "requested international assistance"),
        ("Pakistan is a member of the HRC and has been elected five times since 2006.", "elected"),
        ("Pakistan has said that NATO officials visited Pakistan twice.", "visited Pakistan"),  # the nearest verb
        ("He visited twice.", "visited"),  # no subject in the measure
        ("Pakistan was twice elected to the council.", "elected"),  # the count before its verb
        ("Pakistan has twice hosted the summit.", "hosted the summit"),
        ("Pakistan has met the president twice.", "met the president"),  # an irregular verb after 'has'
        ("NATO officials visited Pakistan 2 times in a year.", "visited Pakistan"),  # in digits
        # a comparison, or no verb it can tell: the count stays its own measure
        ("It was twice as large.", "twice"),
        ("India spends seven times more on defence.", "seven times"),
        ("Pakistan won twice.", "twice"),
    ],
)  # fmt: skip
def test_a_count_of_times_is_measured_by_what_was_done(text, measure):
    spans = [(d.start, d.end) for d in dates.find_dates(text)]
    assert [(f.unit, f.measure) for f in figures.find_figures(text, spans)] == [("times", measure)]


@pytest.mark.parametrize(
    "text, measure",
    [
        ("NATO had supplied almost 3500 tons of food and medical supplies.", "tons of food and medical supplies"),
        ("UN HRC has mandated 34 Commissions of Inquiries and Fact-Finding Missions all around the world.",
         "Commissions of Inquiries and Fact-Finding Missions"),
        ("Pakistan had been trapped into two regional and ideological alliances.", "regional and ideological alliances"),
        # an 'and' after the unit, outside an 'of', starts another clause
        ("NATO moved 7600 people and Pakistan treated them.", "people"),
        # one 'and' joins within the 'of'; the next starts another clause
        ("It sent 3500 tons of food and medicine and the army built schools.", "tons of food and medicine"),
        # a list of plural things the unit heads; not a clause after its comma
        ("In total, 56 countries, NGOs and international organisations provided support.",
         "countries, NGOs and international organisations"),
        ("Almost 3500 tons of relief supplies, blankets and tents.", "tons of relief supplies"),
        ("It trained 40 officers, and the army built schools.", "officers"),
        # a second plural noun right after the unit is counted with it: not four neighbours
        ("the first time four of Afghanistan’s neighbours and partners have spoken", "Afghanistan’s neighbours and partners"),
        ("NATO moved 7600 people and supplies and Pakistan treated them.", "people and supplies"),
        ("NATO moved 7600 people and its army treated them.", "people"),
        # those a verb of harm counts: 'soldiers of Pakistan Army' had read as the army's strength
        ("NATO’s attack on Salala check post killing 24 soldiers of Pakistan Army.", "soldiers of Pakistan Army killed"),
        ("The blast injured at least 40 people.", "people injured"),
        ("The attack wounded three officers.", "officers wounded"),
        ("The mission trained 24 soldiers of Pakistan Army.", "soldiers of Pakistan Army"),
    ],
)  # fmt: skip
def test_a_measure_keeps_the_things_its_of_names_together(text, measure):
    """'3500 tons of food and medical supplies' measured 'tons of food'."""
    assert [f.measure for f in figures.find_figures(text, [])] == [measure]


@pytest.mark.parametrize(
    "text",
    [
        "has adopted a security-centric foreign policy.1 Another",
        "Rule 31 of the Rules of Procedure",
        "the abrogation of Article 370A",
        "the 9/11 attacks",
        "CD Document CD/PV.1163, 19 January, 2010.",
        "Start of Paki2000stan relief",
        "In 2005, the earthquake",
        "One Belt One Road initiative",
        "Pakistan is one of a range of countries",
        # a name's year, no date beside another date of its year (dates), and no figure then either
        'In August 2018, troops joined the SCO "Peace Mission 2018" counter-terrorism exercise',
        "Pakistan adopted Vision 2030",
    ],
)
def test_dates_markers_identifiers_and_names_are_not_figures(text):
    assert figs(text) == []


def test_a_year_like_number_after_a_name_that_counts_something_is_a_figure():
    """A name's year is no figure ('Peace Mission 2018'), but a number that the next word
    says counts something is one, whatever stands before it."""
    assert figs("NATO 1999 soldiers died.") == [("1999", 1999.0, "soldiers")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["US$", "USD", "US", "$", "€", "£", " ", ",", ".", "1", "25", "3,000", "D", "th", "%",
                                 " percent", " m", "bn", "x"]), max_size=14).map("".join))  # fmt: skip
def test_numbers_and_their_currencies_are_what_one_currency_first_pattern_finds(text):
    expected = [(m.start(), m.group("cur") or "", m.end(), m.groupdict()) for m in _CURRENCY_FIRST.finditer(text)]
    got = [(s, cur, m.end(), {"cur": cur or None, **m.groupdict()}) for s, cur, m in figures._numbers(text)]
    assert got == expected


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "123", "1234", "0", ",", ",000", ",00", ".", ".5", " ", "th", "st", "%",
                                 " %", " percent", " per cent", " m", "m", " bn", "Bn", " billion", "x", "-", "٣"]),
                max_size=12).map("".join))  # fmt: skip
def test_the_number_pattern_matches_as_the_one_that_opened_with_a_choice(text):
    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert found(figures._NUMBER.finditer(text)) == found(_CHOICE_FIRST_NUMBER.finditer(text))


# Words as the figures' patterns cut them, with the letters re.IGNORECASE folds specially.
_WORDS_TO_TEST = st.one_of(
    st.sampled_from([*figures._STOP_WORDS, *figures._COUNTABLE_WORDS]).map(lambda w: w.upper() if len(w) % 2 else w),
    st.text(st.sampled_from("aAsSiIkKnNdD’'-_1\u017f\u0131\u0130\u212a\né"), min_size=1, max_size=8),
)


@settings(max_examples=500, deadline=None)
@given(_WORDS_TO_TEST)
def test_word_tests_match_their_patterns(word):
    # _stop and _countable answer as the case-blind patterns do, for any word
    assert figures._stop(word) == bool(figures._STOP.match(word))
    assert figures._countable(word) == bool(figures._COUNTABLE.match(word))

import pickle

import pytest

from helpers import dates


def one(text, published=""):
    found = dates.find_dates(text, published)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start : d.end] == d.text
    return d.text, d.date_start, d.date_end, d.precision, d.inferred


@pytest.mark.parametrize(
    "text, expected",
    [
        ("since its inception in 2005.", ("since its inception in 2005", "2005", "", "year", False)),  # since then
        ("In March 2005 the visit", ("March 2005", "2005-03", "", "month", False)),
        ("on 30 January 2007, he said", ("30 January 2007", "2007-01-30", "", "day", False)),
        ("Daily Times, February 26, 2017.", ("February 26, 2017", "2017-02-26", "", "day", False)),
        ("the Soviet-Afghan War (1979-89), from", ("1979-89", "1979", "1989", "year", False)),
        ("from 1994 through the UN", ("from 1994", "1994", "", "year", False)),
        ("between 2005 and 2013.", ("between 2005 and 2013", "2005", "2013", "year", False)),
        ("since 2001 until 2017.3 Next", ("since 2001 until 2017", "2001", "2017", "year", False)),
        ("during 1980s;", ("1980s", "1980", "1989", "year", False)),
        ("since early 2016.", ("since early 2016", "2016", "", "year", False)),
        ("Last updated: 27-Oct-2010", ("27-Oct-2010", "2010-10-27", "", "day", False)),
        ("During this year’s meeting", ("this year", "2021", "", "year", True)),
    ],
)
def test_date_forms(text, expected):
    assert one(text, "2021") == expected


def test_relative_dates_take_the_precision_of_the_publication_date():
    assert one("In recent days, the minister", "2017-02-26")[1:] == ("2017-02-26", "", "day", True)
    assert one("In recent days, the minister", "2021")[1:] == ("2021", "", "year", True)
    assert dates.find_dates("In recent days, the minister") == []  # nothing to resolve against


@pytest.mark.parametrize(
    "text",
    [
        "almost 3500 tons of food",
        "ranked 10th out of 140 countries",
        "Paki2000stan",
        "2000 troops",
        "CD/PV.1163",
        "under Vision 2030",  # a year that ends the name of a plan
    ],
)
def test_numbers_that_are_not_dates(text):
    assert dates.find_dates(text) == []


def test_impossible_day_is_not_a_date():
    assert (
        dates.find_dates("on 31 February 2007") == [] or dates.find_dates("on 31 February 2007")[0].precision != "day"
    )


def test_several_dates_in_reading_order_with_document_offsets():
    text = "Bonn (2001 and 2011) and the August 2021 meeting"
    found = dates.find_dates(text, offset=100)
    assert [(d.text, d.date_start) for d in found] == [("2001", "2001"), ("2011", "2011"), ("August 2021", "2021-08")]
    assert all(text[d.start - 100 : d.end - 100] == d.text for d in found)


def test_date_bounds_respect_precision():
    assert dates.date_bounds("2005-03") == ("2005-03-01", "2005-03-31")
    assert dates.date_bounds("2004-02") == ("2004-02-01", "2004-02-29")
    assert dates.date_bounds("1979", "1989") == ("1979-01-01", "1989-12-31")
    assert dates.date_bounds("2007-01-30") == ("2007-01-30", "2007-01-30")


def test_a_summits_year_in_its_name_is_its_date():
    assert [d.date_start for d in dates.find_dates("Pakistan attended the SCO Summit 2019 in Bishkek.")] == ["2019"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The meeting was held on 15-16 October 2024.", ("15-16 October 2024", "2024-10-15", "2024-10-16")),
        ("The meeting was held on 15–16 October 2024.", ("15–16 October 2024", "2024-10-15", "2024-10-16")),
        ("It met from 15 to 16 October 2024.", ("from 15 to 16 October 2024", "2024-10-15", "2024-10-16")),
        ("It met between 15 and 16 October 2024.", ("between 15 and 16 October 2024", "2024-10-15", "2024-10-16")),
        ("It met 15 to 16 October 2024.", ("15 to 16 October 2024", "2024-10-15", "2024-10-16")),
        ("The summit met on October 15-16, 2024.", ("October 15-16, 2024", "2024-10-15", "2024-10-16")),
        ("It met 15th–16th October 2024.", ("15th–16th October 2024", "2024-10-15", "2024-10-16")),
        ("It ran 30 September – 2 October 2024.", ("30 September – 2 October 2024", "2024-09-30", "2024-10-02")),
        ("It ran September 30 – October 2, 2024.", ("September 30 – October 2, 2024", "2024-09-30", "2024-10-02")),
    ],
)
def test_a_range_of_days_keeps_both_days(text, expected):
    """A newcomer's source: '15-16 October 2024' gave 16 October alone, and 'October 15-16,
    2024' the year alone. A range of days is one date with both ends at precision day, as
    'between 2005 and 2013' is one of years; its period is both days."""
    assert one(text) == (*expected, "day", False)
    (d,) = dates.find_dates(text)
    assert dates.period_of(d, text) == f"{expected[1]}/{expected[2]}"
    assert dates.date_bounds(d.date_start, d.date_end) == (expected[1], expected[2])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on 14 and 16 October 2024", ("16 October 2024", "2024-10-16", "", "day", False)),  # two days, no range
        ("Chapter 3 – 15 March 2005", ("15 March 2005", "2005-03-15", "", "day", False)),  # a spaced dash, one month
        ("on 16-15 October 2024", ("15 October 2024", "2024-10-15", "", "day", False)),  # out of order
        ("on 5 March and 6 April 2005", ("6 April 2005", "2005-04-06", "", "day", False)),
        ("on October 14 and 16, 2024", ("2024", "2024", "", "year", False)),
        ("from October 15, 2024", ("October 15, 2024", "2024-10-15", "", "day", False)),  # one day, as before
        ("on 15-31 February 2024", ("February 2024", "2024-02", "", "month", False)),  # no such day
    ],
)
def test_what_is_no_range_of_days_reads_as_before(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on 1st\u00a0\u00a0May 2005.", ("1st\u00a0\u00a0May 2005", "2005-05-01")),
        ("on 3RD\tMarch 2005.", ("3RD\tMarch 2005", "2005-03-03")),
        ("Paris, 12\u2003 June 2004", ("12\u2003 June 2004", "2004-06-12")),
        ("Sept. 5, 2010", ("Sept. 5, 2010", "2010-09-05")),
        ("on 9-Dec-2005", ("9-Dec-2005", "2005-12-09")),
    ],
)
def test_a_day_is_read_however_it_stands_beside_its_month(text, expected):
    """The day forms are tried only where a day stands beside a month name
    (dates._day_beside_a_month): any spaces, an ordinal in capitals, a name cut short."""
    assert [(d.text, d.date_start) for d in dates.find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the newcomer's sentence: one event, of August 2018
        ('In August 2018, Pakistani troops joined the SCO "Peace Mission 2018" counter-terrorism exercise.',
         ["August 2018"]),
        ("In June 2019, Pakistan attended the SCO Summit 2019 in Bishkek.", ["June 2019"]),
        ("In 2021 Pakistan hosted Exercise Aman 2021 off Karachi.", ["2021"]),
        # alone, the year is the date of what the name names
        ("Pakistan hosted Exercise Aman 2021 off Karachi.", ["2021"]),
        # another year, or a period that runs on from a date of that year: the name's year stays
        ("Pakistan hosted Exercise Aman 2021 after the floods of 2020.", ["2021", "2020"]),
        ("Since March 2018 Pakistan has joined Peace Mission 2018 and others.", ["Since March 2018", "2018"]),
        # no name: ordinary dates stay
        ("In March 2005, the 2005 earthquake struck.", ["March 2005", "2005"]),
        ("Since 2001, and again in 2001, it said.", ["Since 2001", "2001"]),
        ("Pakistan’s 2018 budget, passed in June 2018, grew.", ["2018", "June 2018"]),
    ],
)  # fmt: skip
def test_a_year_that_ends_a_name_is_no_second_date_of_its_year(text, expected):
    """'In August 2018, Pakistani troops joined the SCO "Peace Mission 2018" counter-terrorism
    exercise' gave an event of 2018 besides the one of August 2018: the year that ends a
    capitalised name is the year of what it names, which the sentence has dated already.
    Alone it is that date ('the SCO Summit 2019'), and a year after a sentence's first word
    ('In', 'Since') or a possessive ends no name."""
    assert [d.text for d in dates.find_dates(text)] == expected


@pytest.mark.parametrize(
    "text, period",
    [
        ("NATO's Deputy Secretary General has visited Pakistan twice since 2005.", "2005/.."),
        ("Pakistan assisted from 1994 through the UN Protection Force.", "1994/.."),
        ("It has been elected five times since its HRC’s establishment in 2006.", "2006/.."),
        ("Pakistan lost $123.1 billion since 2001 until 2017.", "2001/2017"),
        ("The council was established in 2006.", "2006"),
        ("In March 2005 the envoy came; he has visited since.", "2005-03"),
        # a running total up to a date, not a count of that month (reader review)
        ("As of November 2021, UN HRC has mandated 34 Commissions of Inquiries.", "../2021-11"),
        ("Until 2010 the project trained 300 officers.", "../2010"),
    ],
)
def test_a_period_is_open_when_its_sentence_opens_it(text, period):
    """Read as its start alone, 'twice since 2005' said both visits were of 2005."""
    (d,) = dates.find_dates(text)
    assert dates.period_of(d, text) == period


def test_since_a_bodys_founding_in_a_year_is_since_that_year():
    """'elected five times since its HRC’s establishment in 2006' showed as a milestone of
    2006, as if Pakistan had been elected that year (reader review)."""
    text = "It has been elected five times since its HRC’s establishment in 2006."
    (d,) = dates.find_dates(text)
    assert (d.text, d.date_start, dates.opening_word(d.text)) == (
        "since its HRC’s establishment in 2006",
        "2006",
        "since",
    )
    (d,) = dates.find_dates("The council was established in 2006.")
    assert d.text == "2006"
    (d,) = dates.find_dates("It has grown since the founding of the SCO in 2001.")
    assert (d.text, dates.opening_word(d.text)) == ("since the founding of the SCO in 2001", "since")


def test_since_opens_only_the_date_its_words_lead_to():
    text = "Aid has grown since 2001 to 300 tons in 2005."
    assert [dates.period_of(d, text) for d in dates.find_dates(text)] == ["2001/..", "2005"]


@pytest.mark.parametrize(
    "date_text, word", [("since 2005", "since"), ("From 1994", "from"), ("post-9/11", "after"), ("2005", "")]
)
def test_an_open_date_has_one_opening_word(date_text, word):
    assert dates.opening_word(date_text) == word


@pytest.mark.parametrize(
    "sentence, date_text, word",
    [
        ("cooperation with NATO and the UN, which predates 2004.", "2004", "before"),
        ("It began prior to 1994, in Bosnia.", "1994", "before"),
        ("It began in 2004, before 2005.", "2004", ""),  # the first time the date is said
        ("The 2004 designation", "2004", ""),
    ],
)
def test_a_date_a_thing_came_before_has_a_closing_word(sentence, date_text, word):
    assert dates.closing_word(sentence, date_text) == word


def test_a_period_reads_as_its_words_say():
    assert dates.period_label("../2021-11") == "up to 2021-11"
    assert dates.period_label("2005/..") == "since 2005"
    assert dates.period_label("2005/2013; ../2021") == "2005–2013; up to 2021"


def test_named_dates_know_what_a_sentence_needs_for_any_date():
    """A sentence without a named phrase, a relative one or a year's digits is ruled out in
    one set test (NamedDates.needs); the needs go with the codebook to a worker process."""
    named = dates.compile_named_dates(
        [{"pattern": r"\bsince independence\b", "date_start": "1947", "precision": "year"}]
    )
    assert {"since independence", "this year", "19", "20"} <= named.needs
    assert pickle.loads(pickle.dumps(named)).needs == named.needs
    assert dates.find_dates("Nothing happened then.", "2021", 0, named) == []
    found = dates.find_dates("Since independence, and this year, and in 2005.", "2021", 0, named)
    assert [(d.text, d.date_start) for d in found] == [
        ("Since independence", "1947"),
        ("this year", "2021"),
        ("2005", "2005"),
    ]

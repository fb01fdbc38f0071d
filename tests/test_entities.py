import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import entities, io

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gazetteer():
    return entities.Gazetteer.from_codebook(io.load_gazetteer(REPO / "data/codebook/gazetteer.yml"))


@pytest.fixture
def empty():
    return entities.Gazetteer.from_codebook({})


def names(mentions):
    return [(m.canonical, m.acronym) for m in mentions]


def test_definitions_find_unknown_organisations_without_the_gazetteer(empty):
    text = "Pakistan joined the Collective Security Treaty Organization (CSTO) and later the CSTO met."
    found = entities.find_organizations(text, empty)
    assert names(found) == [
        ("Collective Security Treaty Organization", "CSTO"),
        ("Collective Security Treaty Organization", "CSTO"),
    ]
    assert found[0].org_type == "treaty"


def test_definition_name_is_trimmed_to_its_initials(empty):
    text = "Perhaps the most well-known example is the North Atlantic Treaty Organisation (NATO), which"
    assert names(entities.find_organizations(text, empty)) == [("North Atlantic Treaty Organisation", "NATO")]


def test_organisation_words_find_named_bodies(empty):
    found = entities.find_organizations("The work of the Tripartite Commission and the Asian Development Bank.", empty)
    assert [m.canonical for m in found] == ["Tripartite Commission", "Asian Development Bank"]


def test_a_headline_in_title_case_is_not_a_body_for_its_weak_last_word(empty):
    assert entities.find_organizations("Pakistan Pledges Deeper Counter-Terrorism Cooperation", empty) == []
    found = entities.find_organizations("Pakistan joined the Regional Cooperation for Development in 1964.", empty)
    assert [m.canonical for m in found] == ["Regional Cooperation for Development"]


def test_an_acronym_the_gazetteer_lists_reads_the_same_defined_or_not():
    """A listed acronym the document defined earlier is the gazetteer's find, once: found a
    second time as a defined acronym, it had made 'SCO Regional Anti-Terrorist Structure' a
    list of two names, and the body went unfound where the document had defined SCO."""
    g = entities.Gazetteer.from_codebook(
        {"organizations": [{"name": "Shanghai Cooperation Organisation", "acronym": "SCO", "org_type": "forum"}]}
    )
    defined = {}
    entities.find_organizations("Pakistan joined the Shanghai Cooperation Organisation (SCO) in 2017.", g, 0, defined)
    assert "SCO" in defined
    later = "The SCO Regional Anti-Terrorist Structure met."
    found = entities.find_organizations(later, g, 0, defined)
    assert found == entities.find_organizations(later, g, 0, {})
    assert [m.text for m in found] == ["SCO Regional Anti-Terrorist Structure"]


def test_a_state_set_in_a_body_in_a_title_is_not_part_of_its_name(gazetteer):
    """An article titled 'Pakistan in the Shanghai Cooperation Organisation: From Observer to
    Host' had given 'Pakistan in the Shanghai Cooperation Organisation' as a body, an
    observer of itself in the key findings (newcomer's source)."""
    title = "Pakistan in the Shanghai Cooperation Organisation: From Observer to Host"
    assert [m.canonical for m in entities.find_organizations(title, gazetteer)] == ["Shanghai Cooperation Organisation"]
    found = entities.find_organizations("Pakistan at the Collective Security Treaty Organization", gazetteer)
    assert [m.canonical for m in found] == ["Collective Security Treaty Organization"]


def test_a_generic_body_is_not_a_name(empty):
    assert entities.find_organizations("to establish a Fact-Finding Mission for Kashmir", empty) == []


def test_acronyms_that_are_not_organisations_are_skipped(gazetteer):
    text = "improvised explosive devices (IEDs) and a major non-NATO ally (MNNA)"
    assert [m.canonical for m in entities.find_organizations(text, gazetteer)] == []


def test_gazetteer_gives_canonical_names_for_variants(gazetteer):
    found = entities.find_organizations("the UN HRC and the Organization of Islamic Cooperation", gazetteer)
    assert [m.canonical for m in found] == [
        "United Nations Human Rights Council",
        "Organisation of Islamic Cooperation",
    ]


def test_people_by_title_and_apposition(empty):
    text = "Prime Minister Imran Khan met the NATO Secretary General, Anders Fogh Rasmussen, in Brussels."
    found = entities.find_people(text, empty)
    assert [(m.canonical, m.role) for m in found] == [
        ("Imran Khan", "Prime Minister"),
        ("Anders Fogh Rasmussen", "NATO Secretary General"),
    ]


def test_a_name_with_initials_is_found_with_the_role_before_it(gazetteer):
    """A newcomer's source (malik-2024) reads 'Indian External Affairs Minister S.
    Jaishankar attended the Islamabad meeting': the minister had been missed, a name having
    to open with a first name written out, and 'Minister' with a portfolio before it being
    no title. The portfolio and the state are the role; a month or a body before a title
    is not ('December 2005 General ...', 'of NATO Ambassador ...')."""
    text = "Indian External Affairs Minister S. Jaishankar attended the Islamabad meeting, the first visit."
    assert [(m.text, m.role, m.rule) for m in entities.find_people(text, gazetteer)] == [
        ("S. Jaishankar", "Indian External Affairs Minister", "title")
    ]
    text = (
        "In March Interior Minister Rehman Malik met Dr. A.Q. Khan; Dr. A. Q. Khan. December 2005 General Ali Kuli Khan"
    )
    assert [(m.canonical, m.role) for m in entities.find_people(text, gazetteer)] == [
        ("Rehman Malik", "Interior Minister"),
        ("A. Q. Khan", ""),  # one person however the initials are spaced
        ("A. Q. Khan", ""),
        ("Ali Kuli Khan", "General"),
    ]
    text = "the aid of NATO Ambassador Ann Smith and Pakistani President Bob Jones"
    assert [m.role for m in entities.find_people(text, gazetteer)] == ["Ambassador", "Pakistani President"]
    # 'Minister' alone, with neither a portfolio nor a state, is too often no title before a name
    assert entities.find_people("The Minister Level Talks and the Minister Counsellor Ahmed Ali", gazetteer) == []


def test_initials_of_a_state_or_a_body_are_no_name(gazetteer):
    """Initials open a name only where they start a word ('S. Shah' is not read out of
    'U.S. Shah'), and not where they are a state's or a body's."""
    text = "Ambassador U.S. Army, General U.N. Mission, General U.S. Shah, Minister and General J.R. Smith"
    assert [m.canonical for m in entities.find_people(text, gazetteer)] == ["J. R. Smith"]


def test_people_variants_map_to_the_canonical_name(gazetteer):
    found = entities.find_people("Ambassador Alessandro Minu to Rizzo visited Pakistan.", gazetteer)
    assert [m.canonical for m in found] == ["Alessandro Minuto Rizzo"]


def test_organisation_names_are_not_people(gazetteer):
    assert entities.find_people("the General Assembly and Regional Cooperation (SAARC)", gazetteer) == []


def test_greater_and_a_state_name_is_not_the_state_acting(gazetteer):
    text = "forces wanted to create a “Greater Serbia.” Exercises were hosted by Serbia in 2018."
    found = entities.find_actors(text, gazetteer)
    assert [(m.canonical, text[m.start :]) for m in found] == [("Serbia", "Serbia in 2018.")]
    assert entities.find_actors("a Greater\nSerbia", gazetteer) == []  # a line break between the words


def test_a_currency_is_not_the_state_it_is_named_for(gazetteer):
    """'US$ 300 million' had made the United States the state of Pakistan's figure."""
    found = entities.find_actors("Pakistan received US$ 300 million from the US.", gazetteer)
    assert [m.text for m in found] == ["Pakistan", "US"]


@pytest.mark.parametrize("literal", ["NATO", "UN", "Euro-Atlantic", "-"])
def test_whole_word_spans_are_the_spans_of_the_lookbehind_pattern(literal):
    """A defined acronym is found by str.find, not by '(?<![\\w-])NATO(?![\\w-])'; the
    spans must be the same, at the start of the text, after a hyphen or a word."""
    import re

    reference = re.compile(rf"(?<![\w-]){re.escape(literal)}(?![\w-])")
    text = (
        f"{literal} and {literal}s, non-{literal}, x{literal}, ({literal}), the {literal}; The {literal}-led "
        f"bathe {literal} {literal}\n{literal} other{literal} {literal}_ é{literal} {literal}{literal} {literal}-"
    )
    assert list(entities.whole_word_spans(text, literal)) == [m.span() for m in reference.finditer(text)]
    assert any(True for _ in reference.finditer(text))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["UN", "NATO", "A-B", "UNUN"]),
    st.lists(st.sampled_from(["UN", "NATO", "A-B", "-", "_", " ", "x", "é", "9", "\n", "UNUN", "B"]), max_size=16).map(
        "".join
    ),
)
def test_whole_word_spans_match_the_pattern_on_any_text(literal, text):
    import re

    reference = re.compile(rf"(?<![\w-]){re.escape(literal)}(?![\w-])")
    assert list(entities.whole_word_spans(text, literal)) == [m.span() for m in reference.finditer(text)]


def _reference_hits(gazetteer, kind, text):
    """The gazetteer's forms found as its patterns say, one regex per form (the way they
    were found before the automaton)."""
    import re

    found = []
    for row, literal, article in gazetteer._forms.get(kind, ()):
        before = r"(?<=\b[Tt]he )" if article else r"(?<![\w-])"
        found += [(m.start(), m.end(), row) for m in re.finditer(rf"{before}{re.escape(literal)}(?![\w-])", text)]
    return found


FORM_TEXTS = [
    "NATO", "UN", "UNESCO", "the Alliance", "The Alliance", "bathe Alliance", "Alliance", "North Atlantic Treaty",
    "Organization", "Pakistan", "Pakistan’s", "non-", "-led", "x", "_", "é", "Türkiye", "Security Council", "UN Security",
    " ", " ", "  ", ", ", "(", ")", "\n", "2005", "Afghan", "Afghanistan", "SCO", "CD", "AG", "WA",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FORM_TEXTS), max_size=25).map("".join), min_size=1, max_size=4))
def test_the_automaton_finds_what_each_forms_pattern_matches(gazetteer, texts):
    """Every form of every kind, in each passage alone: same spans, same rows, same order,
    overlapping and repeated forms ('UN' in 'UN Security Council', 'NATONATO') included."""
    hits = gazetteer.surface_hits(texts)
    for kind in entities.KINDS:
        for i, text in enumerate(texts):
            assert hits[kind][i] == _reference_hits(gazetteer, kind, text), (kind, text)


def test_an_empty_gazetteer_finds_no_forms(empty):
    assert empty.surface_hits(["NATO and the UN"]) == {kind: [[]] for kind in entities.KINDS}


def test_a_form_that_overlaps_itself_matches_once_where_its_pattern_would():
    """finditer does not start a match inside the last one: in 'A.A.A' the form 'A.A' matches once."""
    g = entities.Gazetteer.from_codebook({"organizations": [{"name": "A.A", "org_type": "other"}]})
    assert _reference_hits(g, "organization", "A.A.A") == [(0, 3, g.organizations[0])]
    assert g.surface_hits(["A.A.A"])["organization"] == [[(0, 3, g.organizations[0])]]


def _rule_words(text):
    """Where the name rules' words stand in `text`, as Gazetteer.scan finds them in a document."""
    return entities.Gazetteer.from_codebook({}).scan(["x", text, "Council"]).rule_words[1]


RULE_WORD_TEXTS = [
    *FORM_TEXTS,
    "Prime Minister",
    "Minister",
    "Secretary",
    "General",
    "Op.",
    "President",
    "Vice ",
    "Mr.",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(RULE_WORD_TEXTS), max_size=25).map("".join), min_size=1, max_size=4))
def test_the_scan_finds_where_each_rule_word_stands_in_each_passage(gazetteer, texts):
    """Every place each rule word starts, overlaps included, in each passage alone."""
    words = gazetteer.scan(texts).rule_words
    for i, text in enumerate(texts):
        expected = {w: [m.start() for m in re.finditer(f"(?={re.escape(w)})", text)] for w in entities._RULE_WORDS}
        assert words[i] == {w: places for w, places in expected.items() if places}, text


# Pieces of organisation names and what stands around them, for texts that put the windowed
# scans (only the stretches a match could lie in) against a scan of the whole text.
NAME_PIECES = ["North", " ", "Atlantic", "Treaty", "Organization", "Council", "Group of", " 77", "Development",
               "Regional", "Cooperation", "of", "the", "and", "Operation", "Op.", "Enduring", "(NATO)", "(the UN)",
               "(", ")", ",", ".", ";", "-", "’s", "\n", " 1999", "x", "ÉCOLE", "Union", "(ECO", "(A)", "Vice ",
               "President", "Mr.", "Ann", "Smith", "J.", "General", "Secretary-General", "Lieutenant ", "António",
               "Minister", "S.", "U.S.", "Q."]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=30).map("".join))
@example("Under Op. Enduring Freedom, the Regional Cooperation for Development (RCD), Jr's Treaty Council (JTC).")
@example("Vice President Ann Smith met Lieutenant General J. Smith and xPresident Ann Smith.")
@example("Indian External Affairs Minister S. Jaishankar, Mr. A.Q. Smith, General U.S. Smith and Minister xJ. Smith")
def test_windowed_scans_find_what_a_scan_of_the_whole_text_finds(text):
    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    words = _rule_words(text)
    assert found(entities._definitions(text)) == found(entities._DEFINITION.pattern.finditer(text))
    assert found(entities._headed(text, words)) == found(entities._HEADED.pattern.finditer(text))
    weak = entities._WEAK_HEADED
    assert found(weak.finditer_in_runs(text, entities._NAME_RUN, words)) == found(weak.pattern.finditer(text))
    titled = entities._TITLED_NAME
    assert found(titled.finditer(text, where=words)) == found(titled.pattern.finditer(text))
    assert found(entities._roles_then_names(text, words)) == found(entities._ROLE_THEN_NAME.pattern.finditer(text))
    assert found(entities._names_then_roles(text)) == found(entities._NAME_THEN_ROLE.pattern.finditer(text))


# Pieces of a person's name and role, and what stands around them, for the scans that look
# only around a comma a name follows or a role in brackets.
PERSON_PIECES = ["Ann", "Smith", "J.", "J", "van", "de", "Ul", " ", "  ", "\n", ",", ", ", ".", "(", ")", " (", "-",
                 "x", "é", "Émile", "President", "Prime Minister", "Secretary-General", "Minister", "Envoy", "of",
                 "to", "the", "Pakistan", "Foreign", "(Prime Minister of Pakistan)", "(Ambassador to the UN)", "(UN)",
                 "’s", "2005", ";", "UN Secretary-General, Ann J. Smith", "Ann J. Smith (Envoy to the UN)", "Chief",
                 "Ambassador", "Chairman", "Ann Smith, Foreign Minister"]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PERSON_PIECES), max_size=30).map("".join))
@example("The Prime Minister of Pakistan, Ann J.Smith, met Ann Smith (Envoy to the UN) and Ann Smith (Minister (x)).")
@example("Foreign Minister, Ann Smith\n, Envoy, Émile de Smith. President, Ann Smith-x, Ann J.Smith")
@example("Anti-Drug Envoy, Ann Smith; the UN Secretary-General, Ann Smith, and Ann J. Smith (Envoy to the UN)")
@example("President, Ann Smith Secretary-General, Bob Jones")  # stretches that overlap are scanned as one
@example(
    "Ann Smith, Foreign Minister; Bob Jones, Army Chief of Staff. Ann J. Smith, UN Secretary-General, met Ann Smith"
)
def test_people_scans_around_commas_and_brackets_find_what_a_whole_scan_finds(text):
    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    words = _rule_words(text)
    assert found(entities._roles_then_names(text, words)) == found(entities._ROLE_THEN_NAME.pattern.finditer(text))
    assert found(entities._names_then_roles(text)) == found(entities._NAME_THEN_ROLE.pattern.finditer(text))
    assert found(entities._names_then_titles(text, words)) == found(entities._NAME_THEN_TITLE.pattern.finditer(text))
    assert found(entities._definitions(text)) == found(entities._DEFINITION.pattern.finditer(text))


def _reference_longest_first(mentions, rank=None):
    """_longest_first as it was written before its fast paths (a lambda sort key, every run
    of two or more settled by the general rule), kept to check them against."""
    rank = rank or {}
    kept, run, reach = [], [], -1
    for m in sorted(mentions, key=lambda m: m.start):
        if run and m.start >= reach:
            kept += _reference_settle(run, rank) if len(run) > 1 else run
            run = []
        run.append(m)
        reach = max(reach, m.end) if len(run) > 1 else m.end
    kept += _reference_settle(run, rank) if len(run) > 1 else run
    return kept


# The rule for a run of any length, which the shortcut for two spans must agree with.
_reference_settle = entities._settle_by_rule


# Short spans over a short stretch, so that runs of two, three and more overlapping
# mentions, equal spans and ties of every kind are common.
MENTIONS = st.lists(
    st.builds(
        lambda start, length, rule, role, i: entities.Mention("organization", start, start + length, str(i), str(i),
                                                              role=role, rule=rule),
        st.integers(0, 20),
        st.integers(1, 8),
        st.sampled_from([*entities._RULE_RANK, "title", "apposition"]),
        st.sampled_from(["", "Ambassador"]),
        st.integers(0, 3),
    ),
    max_size=9,
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(MENTIONS)
def test_settling_overlaps_keeps_what_the_general_rule_keeps(mentions):
    """The fast paths of _longest_first (a run of two settled directly, a C sort key) keep
    the same mentions in the same order as the general rule, ranked or not."""
    for rank in (entities._RULE_RANK, None):
        assert entities._longest_first(list(mentions), rank) == _reference_longest_first(list(mentions), rank)


def _reference_person(gazetteer, name):
    """Gazetteer.person as it was written before the forms were scored in one call: each
    form in turn, the first row that fits."""
    from rapidfuzz import fuzz

    return next(
        (
            row
            for row in gazetteer.people
            for form in (row["name"], *row.get("variants", []))
            if entities._squash(name) == entities._squash(form) or fuzz.ratio(name, form) >= 92
        ),
        None,
    )


# People whose forms lie close together, so that a name fits several rows and the first must win.
CLOSE_PEOPLE = {
    "people": [
        {"name": "Ann Smith", "variants": ["Anne Smith", "A. Smith"]},
        {"name": "Ann Smyth", "variants": ["Ann-Smith"]},
        {"name": "Alessandro Minuto Rizzo", "variants": ["Alessandro Minuto-Rizzo"]},
        {"name": "Alessandro Minuto Rizzi"},
    ]
}


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(["Ann Smith", "Ann Smyth", "Alessandro Minuto Rizz", "Imran Khan", "António Guterres", "x"]),
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["", "a", "e", "i", "-", " ", ".", "Z"])), max_size=4),
    st.booleans(),
)
@example("Alessandro Minuto Rizz", [(22, "ie")], True)  # closest to the fourth row, close enough to the third
def test_a_person_is_the_first_row_that_fits(gazetteer, base, edits, close):
    """One rapidfuzz call over every form picks the row that scoring the forms one by one picks
    (a name edited by a few letters falls on both sides of the 92 cut-off)."""
    name = base
    for at, piece in edits:  # insert a piece, or (an empty piece) delete a character
        at = min(at, len(name))
        name = name[:at] + piece + name[at + (not piece) :]
    g = entities.Gazetteer.from_codebook(CLOSE_PEOPLE) if close else gazetteer
    assert g.person(name) is _reference_person(g, name)

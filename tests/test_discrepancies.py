import pandas as pd
import pytest

from helpers import discrepancies


@pytest.mark.parametrize(
    "a, b, how",
    [
        ("Alessandro Minu to Rizzo", "Alessandro Minuto Rizzo", "split by a space"),
        ("Tehreek-i-Taliban", "Tehreek i Taliban", "hyphenated differently"),
        ("North Atlantic Treaty Organisation", "North Atlantic Treaty Organization", "-isation/-ization"),
        ("International Security Assistance Force", "International Security Assistance Forces", "plural"),
        ("Pakistan Army", "Pakistani Army", "different form"),
    ],
)
def test_spelling_variants_are_named(a, b, how):
    assert how in discrepancies.how_names_differ(a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Human Rights Council", "UN Human Rights Council"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("Conference on Disarmament", "UN Security Council"),
    ],
)
def test_short_forms_acronyms_and_other_names_are_not_variants(a, b):
    assert discrepancies.how_names_differ(a, b) == ""


MEASURES = [{"measure": "casualties", "units": ["casualties", "citizens"], "context": "casualt|lost"}]


def figure(fid, source, text, value, unit, period, quote):
    return {"figure_id": fid, "source_id": source, "figure_text": text, "value": value, "unit": unit,
            "period": period, "quote": quote, "start_char": 0, "end_char": len(quote)}  # fmt: skip


def test_figures_of_one_measure_with_different_periods_are_flagged_with_a_note():
    figures = pd.DataFrame([
        figure("a", "p", "80,000", 80000.0, "casualties", "2005/2013", "at least 80,000 casualties"),
        figure("b", "q", "60,000", 60000.0, "citizens", "2001/2017", "lost more than 60,000 citizens"),
        figure("c", "q", "3500", 3500.0, "tons", "", "3500 tons of supplies"),
    ])  # fmt: skip
    rows = discrepancies.figure_discrepancies(figures, MEASURES)
    assert len(rows) == 1
    assert {rows[0]["value_a"], rows[0]["value_b"]} == {"80,000", "60,000"}
    assert "different periods" in rows[0]["note"] and "2005–2013" in rows[0]["note"]


def test_equal_figures_agree():
    figures = pd.DataFrame([
        figure("a", "p", "80,000", 80000.0, "casualties", "", "80,000 casualties"),
        figure("b", "q", "80,000", 80000.0, "casualties", "", "80,000 casualties"),
    ])  # fmt: skip
    assert discrepancies.figure_discrepancies(figures, MEASURES) == []


def test_text_defects_name_the_token_and_the_repair():
    texts = {"s": "Start of Paki2000stan relief.\nPakistan and NATO.\n"}
    passages = pd.DataFrame([
        {"passage_id": "s.p001", "source_id": "s", "seq": 1, "start_char": 0, "end_char": 29,
         "text": "Start of Paki2000stan relief.", "garbled_tokens": "Paki2000stan", "duplicate_kind": "", "duplicate_of": ""},
        {"passage_id": "s.p002", "source_id": "s", "seq": 2, "start_char": 30, "end_char": 48,
         "text": "Pakistan and NATO.", "garbled_tokens": "", "duplicate_kind": "", "duplicate_of": ""},
    ])  # fmt: skip
    rows = discrepancies.text_defects(passages, texts)
    assert [(r["value_a"], r["value_b"], r["note"]) for r in rows] == [
        ("Paki2000stan", "Pakistan", "digits inside a word")
    ]
    assert texts["s"][rows[0]["start_a"] : rows[0]["end_a"]] == "Paki2000stan"
    assert texts["s"][rows[0]["start_b"] : rows[0]["end_b"]] == "Pakistan"

"""Language processing shared by both engines."""

from search.analysis import british, stemmed_text, stems, words
from search.highlight import snippet
from search.query import parse


def test_words_are_folded_and_a_and_e_stays_one_word():
    assert words("Café A&E, GP's") == ["cafe", "ae", "gp", "s"]


def test_american_spellings_become_british():
    assert british("organization") == "organisation"
    assert british("prioritize") == "prioritise"
    assert british("analyzed") == "analysed"
    assert british("size") == "size"
    assert british("program") == "programme"
    assert british("behavior") == "behaviour"


def test_stemming_makes_word_forms_meet():
    assert stems("engaging engaged engagement")[:2] == [stems("engage")[0]] * 2
    assert stems("organizations") == stems("organisation")


def test_stemmed_text_is_space_separated_tokens():
    assert stemmed_text("Care homes, caring!") == "care home care"


def test_synonym_phrases_become_alternatives_of_one_clause():
    groups = [[tuple(stems("GP")), tuple(stems("general practitioner"))]]
    query = parse("engaging GP practices", groups)
    assert len(query.clauses) == 3
    gp_clause = query.clauses[1]
    assert set(gp_clause.alternatives) == {
        ("gp",),
        tuple(stems("general practitioner")),
    }


def test_a_longer_synonym_phrase_wins_over_a_shorter_one():
    groups = [[tuple(stems("care home")), tuple(stems("nursing home"))]]
    query = parse("care home staff", groups)
    assert len(query.clauses) == 2
    assert tuple(stems("nursing home")) in query.clauses[0].alternatives


def test_empty_text_is_a_falsy_query():
    assert not parse("  ,,  ")


def test_snippet_marks_whole_phrases_and_escapes_html():
    groups = [[("gp",), tuple(stems("primary care"))]]
    query = parse("GP", groups)
    html = snippet("<b>Social care</b> met primary care staff and a GP.", query)
    assert "<b>" not in html and "&lt;/b&gt;" in html
    assert "<mark>primary</mark> <mark>care</mark>" in html
    assert "Social care" in html and "<mark>care</mark>&lt;/b&gt;" not in html
    assert "<mark>GP</mark>" in html

from cms.voices.deidentify import DATE, HOME, NAME, PERSON, PLACE, find_flags, highlight


def flagged(text):
    return {(flag.text, flag.kind) for flag in find_flags(text)}


def test_titles_with_names_are_flagged_as_people():
    assert ("Mrs Patel", PERSON) in flagged("I told Mrs Patel about it.")
    assert ("Dr Alan Khan", PERSON) in flagged("We saw Dr Alan Khan today.")


def test_care_home_names_are_flagged_whole():
    found = flagged("Life at Rosebank House and at the Elm Tree Nursing Home is good.")
    assert ("Rosebank House", HOME) in found
    assert ("Elm Tree Nursing Home", HOME) in found
    assert ("Willow Lodge", HOME) in flagged("She moved to Willow Lodge.")
    assert ("Cedar Court", HOME) in flagged("He lives at Cedar Court now.")


def test_dates_and_day_names_are_flagged():
    found = flagged("On Tuesday, and again on 3rd March 2024 and 12/05/2023.")
    assert ("Tuesday", DATE) in found
    assert ("3rd March 2024", DATE) in found
    assert ("12/05/2023", DATE) in found


def test_capitalised_words_inside_a_sentence_are_flagged_as_names_or_places():
    found = flagged("The nurse called Sandra was kind. We went to Brighton.")
    assert ("Sandra", NAME) in found
    assert ("Brighton", PLACE) in found


def test_the_first_word_of_a_sentence_is_not_flagged_on_its_own():
    assert flagged("Staff are kind. Food is good.") == set()


def test_two_capitalised_words_at_a_sentence_start_are_still_flagged():
    assert ("Mary Smith", NAME) in flagged("Mary Smith visits every day.")


def test_everyday_words_like_mum_and_im_are_not_flagged():
    assert flagged("I'm happy when Mum visits at Christmas.") == set()


def test_flags_never_overlap_and_care_homes_win():
    flags = find_flags("We love Oak House very much.")
    assert [(f.text, f.kind) for f in flags] == [("Oak House", HOME)]


def test_highlight_escapes_the_text_and_labels_each_flag():
    html = highlight("<script>x</script> Mrs Jones & Oak House")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Possible person: </span>Mrs Jones</mark>" in html
    assert "&amp;" in html

"""Sentence scoring and selection, with hand-made vectors (no model needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from rag.answer.select import (
    FEATURES,
    PER_EVENT,
    Candidate,
    Weights,
    _is_fragment,
    complete_evidence,
    is_contact_details,
    is_judgement_table,
    lexical_overlap,
    score_candidates,
    select_list,
    select_sentences,
    select_timeline,
    sentence_features,
    sentence_key,
    states_change,
    weight_vector,
)
from rag.query.answer_type import AnswerType
from rag.records import Chunk, Hit, Span
from rag.search.index import boilerplate

W = Weights(
    similarity=1.0,
    lexical=0.0,
    rank=0.0,
    min_support=0.3,
    margin=0.1,
    max_quotes=3,
    list_margin=0.05,
)


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _candidate(doc: str, start: int, score: float, vector: np.ndarray) -> Candidate:
    return Candidate(
        doc, f"{doc}:c", 0, Span(start, start + 5, "text"), "text", score, 0.0, score, vector
    )


def test_lexical_overlap_weighs_by_idf() -> None:
    idf = {"iro": 3.0, "children": 1.0}.get
    assert lexical_overlap(["iro", "children"], {"iro"}, lambda t: idf(t) or 0.0) == 0.75
    assert lexical_overlap([], {"iro"}, lambda t: 1.0) == 0.0


def test_score_candidates_mixes_similarity_rank_and_bonus() -> None:
    spans = (Span(0, 4, "text"), Span(5, 9, "text"))
    chunk = Chunk("d:c", "d", 3, 0, 9, "aaaa bbbb", None, None, spans)
    vectors = {"d:c": np.stack([_unit(1, 0), _unit(0, 1)])}
    weights = Weights(similarity=1.0, lexical=0.5, rank=0.0, speaker=0.2, context=0.0)
    sentences = sentence_features(
        [Hit(chunk, 1.0)],
        [["aaaa", "bbbb"]],
        vectors,
        _unit(1, 0),
        [[0.0, 1.0]],
        {"d": (True, False)},
    )
    got = score_candidates(sentences, vectors, weights)
    assert [c.text for c in got] == ["aaaa", "bbbb"]
    assert got[0].score == pytest.approx(1.0 + 0.2)
    assert got[1].score == pytest.approx(0.5 + 0.2)


def test_a_sentence_is_as_close_as_the_nearer_wording_of_the_question() -> None:
    """The question as put is (1, 0); in its other wording (acronyms swapped) (0, 1): each
    sentence takes the closer of the two."""
    spans = (Span(0, 4, "text"), Span(5, 9, "text"))
    chunk = Chunk("d:c", "d", 3, 0, 9, "aaaa bbbb", None, None, spans)
    vectors = {"d:c": np.stack([_unit(1, 0), _unit(0.6, 0.8)])}
    args = ([Hit(chunk, 1.0)], [["aaaa", "bbbb"]], vectors, _unit(1, 0), [[0.0, 0.0]], {})
    plain = [s.similarity for s in sentence_features(*args)]
    both = [s.similarity for s in sentence_features(*args, other_forms=(_unit(0, 1),))]
    assert plain == pytest.approx([1.0, 0.6])
    assert both == pytest.approx([1.0, 0.8])


def test_neighbours_lend_context_and_fragments_are_penalised() -> None:
    text = "Tim Aldridge\nDirector\nX was appointed. He improved Havering."
    spans = (Span(0, 21, "text"), Span(22, 38, "text"), Span(39, 60, "text"))
    chunk = Chunk("d:c", "d", 0, 0, len(text), text, None, None, spans)
    vectors = {"d:c": np.stack([_unit(1, 0), _unit(1, 0), _unit(0, 1)])}
    weights = Weights(similarity=1.0, lexical=0.0, rank=0.0, context=0.5, fragment=0.3)
    texts = [[text[s.start : s.end] for s in spans]]
    sentences = sentence_features([Hit(chunk, 1.0)], texts, vectors, _unit(1, 0), [[0.0] * 3], {})
    got = {c.text: c.score for c in score_candidates(sentences, vectors, weights)}
    # a neighbour lends half its similarity; the address line loses the fragment weight
    assert got["Tim Aldridge\nDirector"] == pytest.approx(1.0 - 0.3 + 0.5 * 1.0)
    assert got["X was appointed."] == pytest.approx(1.0 + 0.5 * 1.0)
    assert got["He improved Havering."] == pytest.approx(0.0 + 0.5 * 1.0)


def _improvement_list(*rows: np.ndarray) -> dict[str, np.ndarray]:
    """The features of an improvement list's lead-in, three items and a prose line after it,
    with these sentence vectors, against the question vector (1, 0)."""
    text = "Leaders should improve:\nNeglect.\nKinship care.\nHomelessness.\nThey agree."
    spans = (
        Span(0, 23, "text"),
        Span(24, 32, "item"),
        Span(33, 46, "item"),
        Span(47, 60, "item"),
        Span(61, 72, "text"),
    )
    chunk = Chunk("d:c", "d", 3, 0, len(text), text, None, None, spans)
    texts = [[text[s.start : s.end] for s in spans]]
    vectors = {"d:c": np.stack(rows)}
    sentences = sentence_features([Hit(chunk, 1.0)], texts, vectors, _unit(1, 0), [[0.0] * 5], {})
    return {s.text: s.features for s in sentences}


def test_list_items_neither_lend_nor_borrow_context() -> None:
    """An improvement list's items are separate points: the item beside the one a question
    is about gains nothing from it, and a prose sentence gains nothing from an item."""
    found = _improvement_list(_unit(0, 1), _unit(0, 1), _unit(1, 0), _unit(0, 1), _unit(0, 1))
    context = {text: features[FEATURES.index("context")] for text, features in found.items()}
    assert context == {
        "Leaders should improve:": 0.0,
        "Neglect.": 0.0,
        "Kinship care.": 0.0,
        "Homelessness.": 0.0,
        "They agree.": 0.0,
    }


def test_only_a_lists_best_item_takes_its_passages_rank() -> None:
    """A passage that ranks high for one item of an improvement list does not carry the
    list's other items up with it; its prose sentences keep the passage's rank."""
    found = _improvement_list(_unit(1, 1), _unit(0, 1), _unit(1, 0), _unit(0, 1), _unit(0, 1))
    rank = {text: features[FEATURES.index("rank")] for text, features in found.items()}
    assert rank == {
        "Leaders should improve:": 1.0,
        "Neglect.": 0.0,
        "Kinship care.": 1.0,
        "Homelessness.": 0.0,
        "They agree.": 1.0,
    }


def test_the_weight_vector_follows_the_features() -> None:
    vector = weight_vector(Weights(similarity=1.0, fragment=0.3, summary=0.2))
    assert len(vector) == len(FEATURES)
    assert vector[FEATURES.index("fragment")] == pytest.approx(-0.3)  # counts against
    assert vector[FEATURES.index("summary")] == pytest.approx(0.2)


def test_select_sentences_keeps_close_ones_and_drops_near_duplicates() -> None:
    same = _unit(1, 0, 0)
    candidates = [
        _candidate("press", 0, 0.9, same),
        _candidate("letter", 0, 0.88, same),  # the same words, from the primary source
        _candidate("letter", 50, 0.85, _unit(0, 1, 0)),
        _candidate("letter", 90, 0.5, _unit(0, 0, 1)),  # too far below the best
    ]
    priority = {"press": 2, "letter": 0}
    chosen = select_sentences(candidates, W, priority)
    assert [(c.doc_id, c.span.start) for c in chosen] == [("letter", 0), ("letter", 50)]


def test_select_sentences_refuses_nothing_below_support() -> None:
    assert select_sentences([_candidate("a", 0, 0.2, _unit(1, 0))], W, {"a": 0}) == []


def test_select_list_returns_the_whole_list_with_its_lead_in() -> None:
    text = "More progress is needed in:\n• Return home interviews\n• Supervision records"
    spans = (Span(0, 27, "text"), Span(30, 53, "item"), Span(56, 75, "item"))
    chunk = Chunk("d:c", "d", 0, 0, len(text), text, None, None, spans)
    candidates = [
        Candidate("d", "d:c", 0, spans[0], "", 0.6, 0, 0.6, _unit(1, 0)),
        Candidate("d", "d:c", 0, spans[1], "", 0.4, 0, 0.4, _unit(1, 0)),
    ]
    evidence = select_list(candidates, [Hit(chunk, 1.0)], W)
    assert evidence is not None and evidence.is_list
    assert (evidence.start, evidence.end) == (0, 75)


def test_select_timeline_takes_one_per_event_oldest_first_preferring_primary() -> None:
    v = _unit(1, 0)
    candidates = [
        _candidate("oct-council", 0, 0.9, v),
        _candidate("mar-press", 0, 0.8, v),
        _candidate("mar-letter", 0, 0.75, v),  # within the margin: the letter is preferred
        _candidate("feb-press", 0, 0.6, v),
        _candidate("feb-press", 40, 0.2, v),
    ]
    events = {"oct-council": "Oct", "mar-press": "Mar", "mar-letter": "Mar", "feb-press": "Feb"}
    dates = {
        "oct-council": dt.date(2020, 12, 1),
        "mar-press": dt.date(2020, 3, 31),
        "mar-letter": dt.date(2020, 3, 27),
        "feb-press": dt.date(2019, 3, 25),
    }
    priority = {"oct-council": 1, "mar-press": 2, "mar-letter": 0, "feb-press": 2}
    wide = Weights(similarity=1.0, min_support=0.3, margin=0.1, timeline_margin=0.5)
    chosen = select_timeline(candidates, events, dates, priority, wide)
    assert [c.doc_id for c in chosen] == ["feb-press", "mar-letter", "oct-council"]
    # an event whose best sentence is far below the best overall has nothing to add
    narrow = Weights(similarity=1.0, min_support=0.3, margin=0.1, timeline_margin=0.2)
    chosen = select_timeline(candidates, events, dates, priority, narrow)
    assert [c.doc_id for c in chosen] == ["mar-letter", "oct-council"]


def test_select_timeline_adds_the_same_documents_next_sentence_if_close_and_new() -> None:
    a, b = _unit(1, 0), _unit(0, 1)
    candidates = [
        _candidate("2018-report", 0, 0.9, a),
        _candidate("2018-report", 300, 0.85, b),  # close, and says something else: kept
        _candidate("2018-report", 600, 0.84, a),  # says the same again: left out
        _candidate("2018-press", 0, 0.88, b),  # another document of the event: left out
        _candidate("2022-report", 0, 0.8, a),
        _candidate("2022-report", 500, 0.6, b),  # beyond the margin: left out
    ]
    events = {"2018-report": "2018", "2018-press": "2018", "2022-report": "2022"}
    dates = {
        "2018-report": dt.date(2018, 7, 25),
        "2018-press": dt.date(2018, 7, 26),
        "2022-report": dt.date(2022, 7, 5),
    }
    priority = {"2018-report": 0, "2018-press": 2, "2022-report": 0}
    weights = Weights(similarity=1.0, min_support=0.3, margin=0.1, timeline_margin=0.5)
    chosen = select_timeline(candidates, events, dates, priority, weights)
    assert [(c.doc_id, c.span.start) for c in chosen] == [
        ("2018-report", 0),
        ("2018-report", 300),
        ("2022-report", 0),
    ]


def test_a_later_visit_also_gets_a_sentence_saying_what_changed() -> None:
    a, b, c, d = _unit(1, 0, 0, 0), _unit(0, 1, 0, 0), _unit(0, 0, 1, 0), _unit(0, 0, 0, 1)
    change = "Help for care leavers has improved since the last inspection."
    candidates = [
        replace(_candidate("2015-report", 0, 0.9, a), text="Care leavers are not seen."),
        replace(_candidate("2015-report", 90, 0.88, b), text="Few stay with carers."),
        replace(_candidate("2015-report", 120, 0.875, d), text="Few are in education."),
        # the first visit has nothing before it to have changed from: not added
        replace(_candidate("2015-report", 150, 0.86, c), text="Caseloads have reduced."),
        replace(_candidate("2019-report", 0, 0.9, a), text="Personal advisers visit often."),
        replace(_candidate("2019-report", 80, 0.87, b), text="Pathway plans are up to date."),
        replace(_candidate("2019-report", 120, 0.865, d), text="Most are in education."),
        replace(_candidate("2019-report", 200, 0.85, c), text=change),
    ]
    events = {"2015-report": "2015", "2019-report": "2019"}
    dates = {"2015-report": dt.date(2015, 5, 12), "2019-report": dt.date(2019, 5, 8)}
    priority = {"2015-report": 0, "2019-report": 0}
    weights = Weights(similarity=1.0, min_support=0.3, margin=0.1, timeline_margin=0.5)
    chosen = select_timeline(candidates, events, dates, priority, weights)
    # the first visit keeps its best PER_EVENT; the later one adds the change after them
    assert PER_EVENT == 3
    assert [(x.doc_id, x.span.start) for x in chosen] == [
        ("2015-report", 0),
        ("2015-report", 90),
        ("2015-report", 120),
        ("2019-report", 0),
        ("2019-report", 80),
        ("2019-report", 120),
        ("2019-report", 200),
    ]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("The service for young people leaving care has strengthened considerably.", True),
        ("Performance has significantly improved over the last year.", True),
        ("There has been a deterioration in the timeliness of assessments.", True),
        ("Caseloads are no longer too high.", True),
        ("Take-up rose from 40% in 2016 to 75% at this inspection.", True),
        ("Since the last inspection, leaders have appointed a new team.", True),
        ("Children are seen regularly.", False),
    ],
)
def test_a_sentence_saying_what_changed_is_told(text: str, change: bool) -> None:
    assert states_change(text) is change


def test_a_quote_brings_the_next_sentence_of_its_paragraph_and_no_other() -> None:
    first = "Care leavers in Newham receive a poor service."
    second = "Many young people open to the service receive no service at all."
    third = "The service becomes involved too late for many of them."
    long_opening = (
        "Supervision for most workers is now regular, detailed and reflective, with good "
        "analysis and consideration of all children's individual needs."
    )
    text = f"19. {first} {second} {third}\n\n20. {long_opening} {third}"
    starts = [text.index(part) for part in (first, second, third, long_opening)]
    starts.append(text.rindex(third))
    ends = [
        start + len(part)
        for start, part in zip(starts, (first, second, third, long_opening, third), strict=True)
    ]
    paragraphs = (19, 19, 19, 20, 20)
    spans = tuple(
        Span(start, end, "text", paragraph)
        for start, end, paragraph in zip(starts, ends, paragraphs, strict=True)
    )
    chunk = Chunk("d:c", "d", 0, 0, len(text), text, None, None, spans)
    hits = [Hit(chunk, 1.0)]

    def quoted(span: Span) -> list[str]:
        candidate = Candidate(
            "d", "d:c", 0, span, text[span.start : span.end], 0.7, 0, 0.7, _unit(1, 0)
        )
        return sorted(text[e.start : e.end] for e in complete_evidence([candidate], hits))

    assert quoted(spans[0]) == sorted([first, second])  # the finding and what bears it out
    # the second sentence brings the paragraph's opening (the finding it bears out)
    assert quoted(spans[1]) == sorted([first, second, third])
    # the paragraph's last: the next is another paragraph's; the one before neither opens
    # the paragraph nor is leant on
    assert quoted(spans[2]) == [third]
    assert quoted(spans[3]) == sorted([long_opening, third])
    assert quoted(spans[4]) == sorted([long_opening, third])  # the opening, from above


@pytest.mark.parametrize(
    ("quote", "before"),
    [
        # sentences that lean on the one before them, and one that does not
        ("They are not always recorded on children's files.", True),
        ("This means that plans drift for some children.", True),
        ("However, some children wait too long for help.", True),
        ("Foster carers feel well supported by their social workers.", False),
    ],
)
def test_a_quote_leaning_on_the_sentence_before_brings_it(quote: str, before: bool) -> None:
    opening = "Private fostering is a priority for the council."
    first = (
        "The council has not made sure that there are enough staff to review every private "
        "fostering arrangement in good time."
    )
    text = f"42. {opening} {first} {quote}"
    spans = (
        Span(4, 4 + len(opening), "text", 42),
        Span(5 + len(opening), 5 + len(opening) + len(first), "text", 42),
        Span(6 + len(opening) + len(first), len(text), "text", 42),
    )
    chunk = Chunk("d:c", "d", 0, 0, len(text), text, None, None, spans)
    candidate = Candidate("d", "d:c", 0, spans[2], quote, 0.7, 0, 0.7, _unit(1, 0))
    found = [text[e.start : e.end] for e in complete_evidence([candidate], [Hit(chunk, 1.0)])]
    assert (first in found) is before
    assert opening not in found  # the opening only comes with the sentence right after it


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        # front-page and "Label: value" lines of three councils' reports
        ("Inspection dates: 25 October 2021 to 5 November 2021", True),  # Bury
        ("Lead inspector: Christine Kennet, Her Majesty’s Inspector", True),  # Newham
        (
            "Re-inspection of services for children in need of help and protection, children "
            "looked after and care leavers",
            True,
        ),  # the title of Knowsley's and Manchester's 2017 re-inspection reports
        ("Inspectors focused on:", False),  # a list's lead-in
        ("Caseloads are manageable.", False),
    ],
)
def test_front_page_and_field_lines_are_fragments(line: str, fragment: bool) -> None:
    front = Chunk("c", "d", 0, 0, len(line), line, None, None, (Span(0, len(line), "text"),))
    body = replace(front, position=5)
    assert _is_fragment(line, front, 0) is fragment
    assert _is_fragment(line, body, 0) is (fragment and ":" in line)


@pytest.mark.parametrize(
    ("line", "answer_type", "held_against"),
    [
        # a front page's dates count against a finding, not an answer to "when"
        ("Inspection dates: 25 October 2021 to 5 November 2021", None, True),  # Bury
        ("Inspection dates: 25 October 2021 to 5 November 2021", "date", False),
        ("Lead inspector: Christine Kennet, Her Majesty’s Inspector", "person", False),  # Newham
        ("Lead inspector: Christine Kennet, Her Majesty’s Inspector", "number", True),
        # a judgement's grade line is the finding itself (Dudley 2016, Manchester 2017)
        ("2.1 Adoption performance Inadequate", None, False),
        ("Overall effectiveness Requires improvement to be good", None, False),
        # a whole judgement table is not a finding's evidence (Trafford 2023, Sunderland 2025)
        (
            "Judgement Grade\nThe impact of leaders on social work practice with children and "
            "families Requires improvement to be good\nOverall effectiveness Requires "
            "improvement to be good",
            None,
            True,
        ),
        (
            "Judgement Grade\nThe experiences and progress of children in care Outstanding\n"
            "The experiences and progress of care leavers Good\nOverall effectiveness Outstanding",
            None,
            True,
        ),
    ],
)
def test_a_fragment_counts_against_only_when_it_is_not_what_is_asked(
    line: str, answer_type: AnswerType, held_against: bool
) -> None:
    front = Chunk("d:c", "d", 0, 0, len(line), line, None, None, (Span(0, len(line), "text"),))
    vectors = {"d:c": np.stack([_unit(1, 0)])}
    (sentence,) = sentence_features(
        [Hit(front, 1.0)], [[line]], vectors, _unit(1, 0), [[0.0]], {}, answer_type
    )
    assert sentence.features[FEATURES.index("fragment")] == float(held_against)


@pytest.mark.parametrize(
    ("section", "background"),
    [
        ("Previous Ofsted inspections", True),  # SIF reports: Knowsley 2017, East Sussex 2014
        ("Other information about this area", True),
        ("Summary for children and young people", False),
    ],
)
def test_a_background_section_is_a_feature(section: str, background: bool) -> None:
    text = "The previous inspection was in 2011."
    chunk = Chunk("d:c", "d", 4, 0, len(text), text, section, None, (Span(0, len(text), "text"),))
    vectors = {"d:c": np.stack([_unit(1, 0)])}
    (sentence,) = sentence_features([Hit(chunk, 1.0)], [[text]], vectors, _unit(1, 0), [[0.0]], {})
    assert sentence.features[FEATURES.index("background")] == float(background)


@pytest.mark.parametrize(
    ("sentence", "contact"),
    [
        ("T 0300 123 1231\nTextphone 0161 618 8524\nenquiries@ofsted.gov.uk", True),
        ("Find out more at www.gov.uk/ofsted and tell us what you think.", True),
        ("Of 1,200 referrals, 300 led to an assessment within 10 days.", False),
        ("Caseloads of 18 to 20 children are manageable.", False),
    ],
)
def test_contact_details_are_not_findings(sentence: str, contact: bool) -> None:
    # the letterhead of every Ofsted visit letter (Bury, Leeds, Newham, ...) gives these
    assert is_contact_details(sentence) is contact


def test_sentences_printed_in_three_documents_are_boilerplate() -> None:
    # SIF reports of Bury, East Sussex and Rochdale all open their findings with this
    common = "Inspectors have looked closely at the experiences of children and young people."
    chunks = [
        Chunk(
            f"{doc}:c",
            doc,
            1,
            0,
            len(common) + 20,
            common + " Leaders are strong.",
            None,
            None,
            (Span(0, len(common), "text"), Span(len(common) + 1, len(common) + 20, "text")),
        )
        for doc in ("bury", "east-sussex", "rochdale")
    ]
    found = boilerplate(chunks)
    assert sentence_key(common) in found
    assert sentence_key("Leaders are strong.") in found
    assert boilerplate(chunks[:2]) == frozenset()  # two documents are not enough


@pytest.mark.parametrize(
    ("text", "table"),
    [
        # the judgement tables of Newham 2022, Trafford 2023 and Sunderland 2025
        (
            "Judgement Grade\nThe impact of leaders on social work practice with children and "
            "families Outstanding\nThe experiences and progress of children who need help and "
            "protection Good\nOverall effectiveness Good",
            True,
        ),
        (
            "The experiences and progress of children in care and care leavers Requires "
            "improvement to be good\nOverall effectiveness Requires improvement to be good",
            True,
        ),
        (
            "The experiences and progress of care leavers Good\nOverall effectiveness Outstanding",
            True,
        ),
        ("Overall effectiveness Good", False),  # one grade line is the finding itself
        ("Children are seen alone.\nTheir views are recorded.", False),
    ],
)
def test_a_judgement_table_is_told_from_a_grade_line(text: str, table: bool) -> None:
    assert is_judgement_table(text) is table


def test_a_letterheads_contact_lines_are_kept_only_when_asked_for() -> None:
    """A question about who said something reads fragments (a byline, a signature) but never
    a letterhead's telephone and email; a question about the document itself may."""
    text = "T 0300 123 1231 enquiries@ofsted.gov.uk\nThe council had not replied."
    spans = (Span(0, 39, "text"), Span(40, 68, "text"))
    chunk = Chunk("d:c", "d", 0, 0, len(text), text, None, None, spans)
    vectors = {"d:c": np.stack([_unit(1, 0), _unit(0, 1)])}
    texts = [[text[s.start : s.end] for s in spans]]

    def kept(**flags: bool) -> list[str]:
        found = sentence_features(
            [Hit(chunk, 1.0)], texts, vectors, _unit(1, 0), [[0.0] * 2], {}, **flags
        )
        return [s.text for s in found]

    assert kept(about_document=True, contact_ok=False) == ["The council had not replied."]
    assert kept(about_document=True) == [texts[0][0], "The council had not replied."]
    assert kept() == ["The council had not replied."]


def test_a_recommendation_counts_against_it_only_for_a_question_wanting_findings() -> None:
    """A report's "What needs to improve" item says what must get better, not what was found:
    for a finding, a quote or a change over time it counts against the item; for anything
    else (a list of improvements) it does not."""
    text = "Leaders should improve the timeliness of assessments."
    spans = (Span(0, len(text), "text"),)
    chunk = Chunk("d:c", "d", 3, 0, len(text), text, "What needs to improve?", None, spans)
    vectors = {"d:c": np.stack([_unit(1, 0)])}

    def recommendation(findings: bool) -> float:
        (sentence,) = sentence_features(
            [Hit(chunk, 1.0)], [[text]], vectors, _unit(1, 0), [[0.0]], {}, findings=findings
        )
        return float(sentence.features[FEATURES.index("recommendation")])

    assert recommendation(findings=True) == 1.0
    assert recommendation(findings=False) == 0.0
    elsewhere = replace(chunk, section="Inspection findings")
    (sentence,) = sentence_features(
        [Hit(elsewhere, 1.0)], [[text]], vectors, _unit(1, 0), [[0.0]], {}, findings=True
    )
    assert sentence.features[FEATURES.index("recommendation")] == 0.0
    assert weight_vector(Weights(recommendation=0.4))[FEATURES.index("recommendation")] < 0

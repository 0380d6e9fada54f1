"""What an answer must hold for the question asked: the figure asked for, a person's name,
contact details of whom it asks about. Quotes that lack it are no answer, and the question
is refused with the reason."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from rag.answer.select import FIELD_LINE
from rag.query.answer_type import states, states_figure
from rag.query.question import NOT_FOCUS_WORDS
from rag.query.understand import Intent
from rag.records import DocumentMeta, Evidence
from rag.search.keyword import terms
from rag.text.names import YEAR

NO_FIGURE = "It gives no figure for what is asked."
NO_PERSON = "It names no one for what is asked."
NO_CONTACT = "It gives no contact details for what is asked."
# The words of a question for contact details that say nothing of whose they are.
_CONTACT_WORDS = "email e-mail address phone telephone number mobile contact details reach write"
_AGE_WORDS = "old age aged born birth"
_YEARS = re.compile(rf"(?<!\d){YEAR}(?!\d)")


def lacks(
    intent: Intent,
    evidence: Sequence[Evidence],
    quoted: Sequence[str],
    metas: Mapping[str, DocumentMeta],
) -> str | None:
    """Why the quotes are no answer to the question (the figure, person or contact details
    it asks for is in none of them), or None when they hold what it asks for."""
    if intent.figure is not None and not gives_figure(intent, evidence, quoted, metas):
        return NO_FIGURE
    if intent.answer_type == "person" and not any(_names_someone(intent, q) for q in quoted):
        return NO_PERSON
    if intent.answer_type == "contact":
        whose = _whose(intent)
        if not any(_gives_contact(whose, q) for q in quoted):
            return NO_CONTACT
    return None


def gives_figure(
    intent: Intent,
    evidence: Sequence[Evidence],
    quoted: Sequence[str],
    metas: Mapping[str, DocumentMeta],
) -> bool:
    """Whether a quote states the figure the question asks for: of the right sort ("416
    children", "£10.6 million", "33%"), about what is asked (a sentence with the question's
    particular words, for money and percentages), and for the year asked, if any."""
    kind, counted = intent.figure or ("figure", None)
    focus = set(terms([intent.topic])[0]) - _not_focus()
    if kind == "age":  # "how old": the words asking for an age say nothing of whose it is
        focus -= set(terms([_AGE_WORDS])[0])
    years = set(_YEARS.findall(intent.question))
    for item, text, words in zip(evidence, quoted, terms(list(quoted)), strict=True):
        meta = metas[item.doc_id]
        said_years = set(_YEARS.findall(text)) | {str(meta.date.year)}
        if meta.inspection_start:
            said_years.add(str(meta.inspection_start.year))
        if years and not years & said_years:
            continue
        about = kind == "count" or not focus or bool(focus & set(words))
        if about and states_figure(kind, counted, text):
            return True
    return False


def _names_someone(intent: Intent, quote: str) -> bool:
    """Whether a quote names a person, other than on a front-page line whose label's words
    are not all in the question ("Lead inspector: ..." names the inspector, not whoever else
    is asked about)."""
    if not states("person", quote):
        return False
    if not FIELD_LINE.match(quote):
        return True
    label = set(terms([quote.split(":", 1)[0]])[0])
    return label <= set(terms([intent.question])[0])


def _whose(intent: Intent) -> set[str]:
    """The words of a question for contact details that may say whose they are."""
    return set(terms([intent.question])[0]) - set(terms([_CONTACT_WORDS])[0])


def _gives_contact(whose: set[str], quote: str) -> bool:
    """Whether a quote gives contact details (an email or web address, a telephone number)
    of whom the question asks about: one of the question's own words (`whose`) is in it, so
    that Ofsted's switchboard is no answer for a councillor's email."""
    lowered = quote.lower()
    return states("contact", quote) and (not whose or any(w in lowered for w in whose))


@cache
def _not_focus() -> set[str]:
    return set(terms([NOT_FOCUS_WORDS])[0])

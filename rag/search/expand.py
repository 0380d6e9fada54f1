"""Query expansion: the domain's acronyms and everyday words, from a glossary file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term and the wordings that mean the same in the record."""

    term: str
    means: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    """A question widened with the glossary: one text for each retriever, and what matched."""

    dense_text: str
    keyword_text: str
    added: tuple[str, ...]


@lru_cache(maxsize=1)
def load_glossary() -> tuple[GlossaryEntry, ...]:
    """The glossary shipped with the package."""
    text = resources.files("rag").joinpath("data", GLOSSARY_FILE).read_text(encoding="utf-8")
    return tuple(
        GlossaryEntry(str(e["term"]), tuple(str(m) for m in e["means"]))
        for e in yaml.safe_load(text)
    )


def expand_query(question: str, glossary: tuple[GlossaryEntry, ...]) -> Expansion:
    """Add the other wordings of every glossary term found in the question, either way round."""
    added: list[str] = []
    for entry in glossary:
        if _mentions(question, entry.term):
            added += [m for m in entry.means if not _mentions(question, m)]
        elif _is_acronym(entry.term) and any(_mentions(question, m) for m in entry.means):
            added.append(entry.term)
    added = list(dict.fromkeys(added))
    if not added:
        return Expansion(question, question, ())
    extra = "; ".join(added)
    return Expansion(f"{question} ({extra})", f"{question} {extra}", tuple(added))


def swap_acronyms(text: str, glossary: tuple[GlossaryEntry, ...]) -> str:
    """The text with each acronym of the glossary written out ("IROs" -> "independent
    reviewing officers") and each written-out form put as its acronym, a plural kept: the
    same question in the other wording a report may use. The text itself when it has none."""
    acronyms = [e for e in glossary if _is_acronym(e.term)]
    # the longest written-out form first: "child protection plan" is a CPP, not a "CP plan"
    for entry in sorted(acronyms, key=lambda e: -max(len(m) for m in e.means)):
        shorts = list(_pattern(entry.term).finditer(text))
        if shorts:  # written out, each time: its first meaning
            for short in reversed(shorts):
                text = _put(text, short, entry.means[0])
            continue
        for mean in entry.means:
            found = _pattern(mean).search(text.replace("’", "'"))
            if found:
                text = _put(text, found, entry.term)
                break
    return text


def _put(text: str, found: re.Match[str], wording: str) -> str:
    """The text with the match replaced by another wording, plural if the match was."""
    plural = found.group().endswith("s") and not wording.endswith("s")
    start, end = found.span()
    return text[:start] + wording + ("s" if plural else "") + text[end:]


def _mentions(text: str, phrase: str) -> bool:
    return _pattern(phrase).search(text.replace("’", "'")) is not None


def _is_acronym(phrase: str) -> bool:
    return sum(ch.isupper() for ch in phrase) >= 2 and " " not in phrase


# Between the words of an everyday phrase: its words, or one adverb more.
_ADVERB_GAP = r"\s+(?:(?:[a-z]+ly|much|far|very|really|even|so)\s+)?"


@lru_cache(maxsize=512)
def _pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word match with an optional plural on each word ("evening and weekend" is
    "evenings and weekends") and an optional adverb between words ("got markedly worse" is
    "got worse"); acronyms match case."""
    if _is_acronym(phrase):
        return re.compile(rf"(?<![\w-]){re.escape(phrase)}s?(?![\w-])")
    words = phrase.replace("’", "'").split(" ")
    body = _ADVERB_GAP.join(
        re.escape(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w) + "s?"
        for w in words
    )
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)

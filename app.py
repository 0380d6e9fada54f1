"""Start the inspection record assistant's web app: `python app.py`."""

import sys

from rag.app.conversations import browser_secret
from rag.app.feedback import FeedbackStore
from rag.app.ui import build_app, serve
from rag.errors import RagError
from rag.pipeline import get_pipeline
from rag.settings import get_settings


def main() -> int:
    """Build the pipeline (and the index if missing), then serve on RAG_HOST:RAG_PORT. A
    problem that stops the start is one message on standard error, exit code 1."""
    try:
        settings = get_settings()
        # Feedback first: a data folder that cannot be written shows before the model loads.
        feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
        app = build_app(get_pipeline(), feedback, browser_secret(settings.data_dir))
    except RagError as exc:
        print(f"The app cannot start. {exc}", file=sys.stderr)
        return exc.exit_code
    serve(app, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

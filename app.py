"""Start the inspection record assistant's web app: `python app.py`."""

from rag.feedback import FeedbackStore
from rag.pipeline import get_pipeline
from rag.settings import get_settings
from rag.ui import build_app, serve


def main() -> None:
    """Build the pipeline (and the index if missing), then serve on RAG_HOST:RAG_PORT."""
    settings = get_settings()
    feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
    app = build_app(get_pipeline(), feedback, settings.data_dir / "exports")
    serve(app, settings)


if __name__ == "__main__":
    main()

"""Start the inspection record assistant's web app: `python app.py`."""

from rag.pipeline import get_pipeline
from rag.settings import get_settings
from rag.ui import build_app


def main() -> None:
    """Build the pipeline (and the index if missing), then serve on RAG_HOST:RAG_PORT."""
    settings = get_settings()
    app = build_app(get_pipeline())
    app.queue(default_concurrency_limit=1).launch(
        server_name=settings.host, server_port=settings.port, ssr_mode=False
    )


if __name__ == "__main__":
    main()

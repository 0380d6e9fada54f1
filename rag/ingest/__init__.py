"""Ingest: read the source files (PDF, HTML, Markdown), clean them, read their Ofsted metadata,
write the corpus, cut the chunks and build the index (`build`)."""

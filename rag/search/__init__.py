"""Search: the embedding model, the Chroma store, the BM25 keyword index, query expansion,
rank fusion, and the hybrid retrieval over a read-only snapshot of the record."""

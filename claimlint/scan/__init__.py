"""`claimlint scan`: lint many files and web archives on a cluster engine.

One task per input (a file, or a whole WARC/WET file, as Common Crawl jobs
split their work); each task reads its own input and runs the same code as
`claimlint check` in one process, so the findings are the same finding by
finding. Results are rows of one table (`rows.SCHEMA`): the JSON contract's
keys plus the URL and WARC record columns. Engines: `local` (this machine),
`spark` and `dask` (optional extras, imported only when chosen).
"""

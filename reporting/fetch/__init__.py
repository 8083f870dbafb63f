"""Fetch: the pipeline's first stage, CMSI pool descriptions from SEC EDGAR onto disk.

    command.py   `termsheet fetch`: arguments -> a request, progress, summary, exit code
    run.py       the run: list, decide, download, classify, save (glue, no rules of its own)
    edgar.py     pure rules: EDGAR's JSON and index data -> what to fetch, what a download is
    gateway.py   all network I/O: User-Agent, 10 requests/s, retries, timeouts, mirror, index cache
    classify.py  is a downloaded text a pool description? (our own reader decides)
    store.py     the saved .txt and its JSON sidecar, written whole or not at all

Nothing here is imported by the other commands, so `termsheet parse` starts as fast as before.
"""

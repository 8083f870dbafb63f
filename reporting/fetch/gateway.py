"""The one door to the network: every request to EDGAR goes through ``EdgarGateway``.

EDGAR's rules for programs (https://www.sec.gov/os/accessing-edgar-data): declare a
User-Agent with a name and an e-mail address, and make at most 10 requests a second.
On top of those: a timeout on every request, retries with back-off on 429 and 5xx
(and on a connection that times out or breaks mid-download), the day-long cache of
index JSON, and ``TERMSHEET_EDGAR_MIRROR``, which sends every request to another base
with the path it has on EDGAR (data.sec.gov and www.sec.gov paths do not collide).

The standard library's urllib is enough for this; see pyproject.toml for why no EDGAR
or HTTP library is used.
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from reporting.deliver.files import atomic_write
from reporting.fetch.edgar import SEC_DATA, SEC_WWW, html_title, looks_html

MAX_REQUESTS_PER_SECOND = 10  # EDGAR's limit
TIMEOUT_SECONDS = 30.0
RETRIES = 4
BACKOFF_SECONDS = 1.0  # then 2, 4, 8: about 15 s of patience before a filing is given up
MAX_RETRY_AFTER_SECONDS = 60.0
CACHE_SECONDS = 24 * 3600  # index JSON is read again after a day
# CMSI 8-Ks are a few hundred kilobytes; a far larger answer is not one of them.
MAX_BYTES = 25 * 1024 * 1024


class FetchError(Exception):
    """A request that failed for good; ``what`` names the filing (or listing) it was for."""

    def __init__(self, what: str, problem: str) -> None:
        super().__init__(f"{what}: {problem}")
        self.what = what
        self.problem = problem


class _Retry(Exception):
    """An answer worth asking again for (429, 5xx, a timeout, a broken connection)."""

    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


class EdgarGateway:
    def __init__(
        self,
        user_agent: str,
        mirror: str | None = None,
        cache_dir: Path | None = None,
        refresh: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user_agent = user_agent  # checked by the caller (edgar.check_user_agent)
        self.mirror = mirror
        self.cache_dir = cache_dir
        self.refresh = refresh
        self.sleep, self.clock = sleep, clock
        self.requests = 0  # requests sent, retries included
        self._next_slot = 0.0
        # The default opener honours http_proxy/https_proxy, as firms that proxy EDGAR need.
        self._opener = urllib.request.build_opener()

    # --- addresses ---------------------------------------------------------------------------

    def url(self, base: str, path: str) -> str:
        """EDGAR's URL for ``path`` on ``base``, or the mirror's with the same path."""
        return (self.mirror or base) + path

    # --- what the rest of fetch asks for -------------------------------------------------------

    def listing(self, path: str, what: str) -> object:
        """Submissions JSON from data.sec.gov, from the cache when less than a day old."""
        return self._json(SEC_DATA, path, what)

    def folder_index(self, path: str, what: str) -> object:
        """A filing folder's index.json from www.sec.gov, cached alike."""
        return self._json(SEC_WWW, path, what)

    def submission(self, path: str, what: str) -> bytes:
        """A full submission from www.sec.gov: the bytes as EDGAR sent them, whole."""
        return self._get(self.url(SEC_WWW, path), what)

    # --- the index cache ------------------------------------------------------------------------

    def _json(self, base: str, path: str, what: str) -> object:
        cached = self._cached(path)
        if cached is not None:
            return cached
        body = self._get(self.url(base, path), what)
        try:
            data = json.loads(body)
        except ValueError:
            text = body[:20000].decode("latin-1")
            if looks_html(text):
                raise FetchError(what, f"EDGAR answered with an HTML page, not JSON{html_title(text)}") from None
            raise FetchError(what, f"not JSON: {self.url(base, path)}") from None
        if self.cache_dir is not None:
            atomic_write(self._cache_file(path), body)
        return data

    def _cache_file(self, path: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / path.strip("/").replace("/", "--")

    def _cached(self, path: str) -> object | None:
        if self.cache_dir is None or self.refresh:
            return None
        file = self._cache_file(path)
        try:
            if time.time() - file.stat().st_mtime >= CACHE_SECONDS:
                return None
            return json.loads(file.read_bytes())
        except (OSError, ValueError):
            return None  # none yet, or damaged: ask EDGAR

    # --- requests -------------------------------------------------------------------------------

    def _get(self, url: str, what: str) -> bytes:
        """The body of ``url``, after up to RETRIES retries; FetchError with one line otherwise."""
        for attempt in range(RETRIES + 1):
            self._pace()
            try:
                return self._attempt(url, what)
            except _Retry as retry:
                if attempt == RETRIES:
                    raise FetchError(what, f"{retry.problem}, still after {RETRIES} retries") from None
                self.sleep(backoff(attempt, retry.wait))
        raise AssertionError("unreachable")

    def _pace(self) -> None:
        """At most MAX_REQUESTS_PER_SECOND requests start in any second."""
        now = self.clock()
        if now < self._next_slot:
            self.sleep(self._next_slot - now)
            now = self._next_slot
        self._next_slot = now + 1.0 / MAX_REQUESTS_PER_SECOND
        self.requests += 1

    def _attempt(self, url: str, what: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        )
        host = urlsplit(url).netloc
        try:
            with self._opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                return _body(response, host, what)
        except urllib.error.HTTPError as error:
            error.close()
            raise _status_error(error, url, what) from None
        except urllib.error.URLError as error:
            raise _network_error(error.reason, host, what) from None
        except (OSError, http.client.HTTPException) as error:  # timeouts and broken connections too
            raise _network_error(error, host, what) from None


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before retry ``attempt`` + 1: EDGAR's Retry-After if it sent one, else doubling."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_RETRY_AFTER_SECONDS)
    return BACKOFF_SECONDS * 2**attempt


def _body(response, host: str, what: str) -> bytes:
    """The whole body, decompressed; a body shorter than its Content-Length is retried."""
    chunks, size = [], 0
    while chunk := response.read(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(what, f"the answer is larger than {MAX_BYTES // (1024 * 1024)} MB, not a CMSI 8-K")
    body = b"".join(chunks)
    expected = response.headers.get("Content-Length")
    if expected and expected.isdigit() and int(expected) != size:
        raise _Retry(f"download cut short: {size:,} of {int(expected):,} bytes arrived from {host}")
    encoding = (response.headers.get("Content-Encoding") or "").lower()
    try:
        if encoding == "gzip":
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        raise _Retry(f"download cut short: the compressed answer from {host} does not end") from None
    return body


def _status_error(error: urllib.error.HTTPError, url: str, what: str) -> Exception:
    status = f"HTTP {error.code} {error.reason}".rstrip()
    if error.code == 429 or error.code >= 500:
        return _Retry(status, _retry_after(error.headers.get("Retry-After") if error.headers else None))
    if error.code == 403:
        return FetchError(
            what,
            f"{status}: EDGAR refused the request (it refuses programs that do not declare a User-Agent "
            "with a name and an e-mail address, or that exceed 10 requests a second)",
        )
    if error.code == 404:
        return FetchError(what, f"{status}: no such file on EDGAR ({url})")
    return FetchError(what, f"{status} ({url})")


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: our own back-off will do


def _network_error(reason: object, host: str, what: str) -> Exception:
    if isinstance(reason, socket.gaierror):
        return FetchError(what, f"cannot reach {host}: host name not found (no network, or DNS failing?)")
    if isinstance(reason, ConnectionRefusedError):
        return FetchError(what, f"cannot reach {host}: connection refused")
    if isinstance(reason, TimeoutError):
        return _Retry(f"no answer from {host} within {TIMEOUT_SECONDS:g} s")
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return _Retry(f"the connection to {host} broke ({type(reason).__name__})")
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return FetchError(what, f"cannot reach {host}: {detail}")

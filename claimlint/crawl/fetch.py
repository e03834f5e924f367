"""Fetch one site politely: robots.txt (protego), sitemaps, a page limit, a delay.

Pages are visited breadth-first from the start URL, then the sitemaps' URLs,
then the links found, each normalised URL once. Nothing off the start URL's
site is ever requested: links, sitemap entries and redirects that leave it
are dropped. robots.txt is read as RFC 9309 says: missing (4xx) allows all,
unreachable or 5xx allows nothing; its Crawl-delay is honoured.
"""
from __future__ import annotations

import gzip
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from claimlint.version import __version__
from claimlint.crawl.urls import links, normalise, same_site

USER_AGENT = f"claimlint/{__version__} (health-claims review; +https://pypi.org/project/claimlint/)"
ROBOTS_NAME = "claimlint"
TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "markdown"}
MAX_SITEMAPS = 20


class CrawlError(Exception):
    """The site cannot be crawled at all (bad start URL, robots.txt unreachable)."""


@dataclass
class Fetched:
    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def media_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        from claimlint.documents.warc import _media_type

        return _media_type(self.header("content-type"))[1]


@dataclass
class Crawler:
    start: str
    max_pages: int = 100
    delay: float = 0.5
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    use_sitemaps: bool = True
    user_agent: str = USER_AGENT
    notes: list[str] = field(default_factory=list)  # what was skipped and why
    requested: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        start = normalise(self.start)
        if start is None:
            raise CrawlError(f"{self.start!r} is not an http:// or https:// URL")
        self.start = start
        self._last = 0.0

    # ------------------------------------------------------------------
    def pages(self) -> Iterator[Fetched]:
        """The site's lintable pages (2xx, a text type), at most max_pages."""
        import httpx

        with httpx.Client(timeout=self.timeout, follow_redirects=False, headers={"User-Agent": self.user_agent},
                          trust_env=False) as client:
            self._client = client
            robots = self._robots()
            wait = max(self.delay, (robots.crawl_delay(ROBOTS_NAME) or 0) if robots else 0)
            queue: deque[str] = deque([self.start])
            seen = {self.start}

            def enqueue(url: str, why: str) -> None:
                if url in seen:
                    return
                seen.add(url)
                if not same_site(url, self.start):
                    self.notes.append(f"{url}: not fetched ({why} on another site)")
                elif robots is not None and not robots.can_fetch(url, ROBOTS_NAME):
                    self.notes.append(f"{url}: not fetched (robots.txt disallows it)")
                else:
                    queue.append(url)

            if self.use_sitemaps:
                for url in self._sitemap_urls(robots, wait):
                    enqueue(url, "listed in a sitemap")
            if robots is not None and not robots.can_fetch(self.start, ROBOTS_NAME):
                raise CrawlError(f"{self.start}: robots.txt disallows it")
            linted = 0
            budget = self.max_pages * 4 + 10  # redirects and non-text responses count too
            while queue and linted < self.max_pages and budget > 0:
                url = queue.popleft()
                budget -= 1
                fetched = self._get(url, wait)
                if fetched is None:
                    continue
                if 300 <= fetched.status < 400 and fetched.header("location"):
                    target = normalise(urljoin(url, fetched.header("location")))
                    if target is not None:
                        enqueue(target, "redirected to")
                    continue
                if not 200 <= fetched.status < 300:
                    self.notes.append(f"{url}: skipped (HTTP {fetched.status})")
                    continue
                fmt = TEXT_TYPES.get(fetched.media_type)
                if fmt is None:
                    continue  # images, PDFs, scripts: not copy to review
                linted += 1
                yield fetched
                if fmt == "html":
                    text = fetched.body.decode(fetched.charset or "utf-8", "replace")
                    for link in links(text, url):
                        enqueue(link, "a link")
            if queue and linted >= self.max_pages:
                self.notes.append(f"stopped at the page limit ({self.max_pages}); {len(queue)} more pages were queued")

    # ------------------------------------------------------------------
    def _get(self, url: str, wait: float) -> Fetched | None:
        import httpx

        pause = self._last + wait - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.requested.append(url)
        try:
            with self._client.stream("GET", url) as r:
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_bytes:
                        self.notes.append(f"{url}: skipped (larger than {self.max_bytes} bytes)")
                        return None
                return Fetched(url=url, status=r.status_code, reason=r.reason_phrase or "",
                               http_version=r.http_version or "HTTP/1.1",
                               headers=[(k, v) for k, v in r.headers.items()], body=b"".join(chunks),
                               request_headers=[(k, v) for k, v in r.request.headers.items()])
        except httpx.HTTPError as exc:
            self.notes.append(f"{url}: not fetched ({type(exc).__name__}: {exc})")
            return None
        finally:
            self._last = time.monotonic()

    def _robots(self):
        from protego import Protego

        parts = urlsplit(self.start)
        url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        fetched = self._get(url, 0)
        if fetched is None:
            raise CrawlError(f"{url}: unreachable, so nothing may be crawled (RFC 9309); {self.notes[-1]}")
        if 400 <= fetched.status < 500 or 300 <= fetched.status < 400:
            return None  # no robots.txt: everything is allowed
        if fetched.status >= 500:
            raise CrawlError(f"{url}: HTTP {fetched.status}, so nothing may be crawled (RFC 9309)")
        return Protego.parse(fetched.body.decode("utf-8", "replace"))

    def _sitemap_urls(self, robots, wait: float) -> list[str]:
        import xml.etree.ElementTree as ET

        parts = urlsplit(self.start)
        todo = [normalise(u) for u in (robots.sitemaps if robots is not None else [])]
        todo = [u for u in todo if u] or [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]
        found: list[str] = []
        done: set[str] = set()
        while todo and len(done) < MAX_SITEMAPS:
            sm = todo.pop(0)
            if sm in done:
                continue
            done.add(sm)
            if not same_site(sm, self.start):
                self.notes.append(f"{sm}: sitemap not read (on another site)")
                continue
            fetched = self._get(sm, wait)
            if fetched is None or fetched.status != 200:
                continue
            body = fetched.body
            if body[:2] == b"\x1f\x8b":
                try:
                    body = gzip.decompress(body)[: self.max_bytes]
                except (OSError, EOFError):
                    self.notes.append(f"{sm}: sitemap not read (bad gzip)")
                    continue
            try:
                root = ET.fromstring(body)
            except ET.ParseError as exc:
                self.notes.append(f"{sm}: sitemap not read (not XML: {exc})")
                continue
            for loc in root.iter():
                if not loc.tag.endswith("loc") or not (loc.text or "").strip():
                    continue
                u = normalise(loc.text.strip())
                if u is None:
                    continue
                (todo if root.tag.endswith("sitemapindex") else found).append(u)
        return found

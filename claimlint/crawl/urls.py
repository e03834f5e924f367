"""URL normalisation and same-site tests, so each page is fetched once and no
other host is ever contacted."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def normalise(url: str) -> str | None:
    """A canonical form: lower-case scheme and host, no default port, no fragment,
    dot segments resolved, percent-encoding made uniform, tracking parameters
    dropped; None for what is not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = posixpath.normpath(unquote(parts.path)) if parts.path else "/"
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    path = quote(path if path.startswith("/") else "/" + path.lstrip("."), safe="/%:@!$&'()*+,;=-._~")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(TRACKING)])
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)


def same_site(url: str, start: str) -> bool:
    return site_of(url) == site_of(start)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.base: str | None = None
        self.nofollow = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href") and "nofollow" not in a.get("rel", "").lower():
            self.hrefs.append(a["href"])
        elif tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"]
        elif tag == "meta" and a.get("name", "").lower() == "robots" and "nofollow" in a.get("content", "").lower():
            self.nofollow = True


def links(html: str, page_url: str) -> list[str]:
    """Normalised absolute links of a page (none when it says nofollow)."""
    parser = _Links()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is tolerant; a pathological page only loses its links
        pass
    if parser.nofollow:
        return []
    base = urljoin(page_url, parser.base) if parser.base else page_url
    out = []
    for href in parser.hrefs:
        u = normalise(urljoin(base, href))
        if u is not None:
            out.append(u)
    return out

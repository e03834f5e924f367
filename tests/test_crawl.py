"""`claimlint crawl` against a site served on 127.0.0.1 only.

Every connection and name lookup to anything but the loopback interface is
refused while these tests run, so a crawler that tried to leave the site
would fail loudly rather than send traffic anywhere.
"""
from __future__ import annotations

import gzip
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from claimlint.cli import main
from optional import need


@pytest.fixture(autouse=True)
def crawl_extra():
    need("httpx", "crawl")
    need("protego", "crawl")

ARTICLE = ("<p>Sleep matters for everyone, and our team has written about it for years. "
           "We explain how routines, light and caffeine affect the night, and what the research says about each. "
           "Many readers ask us about herbal remedies, so we looked at the evidence in detail this spring.</p>"
           "<p>Our valerian tonic cures insomnia in three nights, and thousands of customers agree with us.</p>"
           "<p>The tonic contains valerian root, lemon balm and chamomile, blended in small batches at our farm "
           "in Devon. Each bottle holds thirty servings and should be kept in a cool, dark cupboard.</p>")
NAV = "<nav><ul><li><a href='/a'>Shop</a></li><li>Miracle cure for arthritis!</li></ul></nav>"


def page(body: str, title: str = "Page") -> bytes:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def site(port: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    home = (f"{NAV}<main><h1>Welcome</h1><p>Our drops cure tinnitus.</p>"
            "<a href='/a'>a</a> <a href='/a#top'>a again</a> <a href='/x/../a?utm_source=mail'>a tracked</a> "
            "<a href='/private/secret'>hidden</a> <a href='http://shop.example.invalid/offsite'>elsewhere</a> "
            "<a href='http://192.0.2.55/x'>an address</a> <a href='/logo.png'>logo</a> <a href='/gone'>gone</a> "
            "<a href='/moved'>moved</a> <a href='/away'>away</a> <a href='/article'>article</a></main>")
    sitemap = (f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               f"<url><loc>{base}/from-sitemap</loc></url><url><loc>http://other.example.invalid/p</loc></url></urlset>")
    return {
        "/robots.txt": (200, "text/plain", f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml.gz\n".encode()),
        "/sitemap.xml.gz": (200, "application/gzip", gzip.compress(sitemap.encode())),
        "/": (200, "text/html; charset=utf-8", page(home, "Home")),
        "/a": (200, "text/html; charset=windows-1252",
               page("<p>Maria\u2019s blend is 100% safe for everyone.</p>").decode().encode("cp1252")),
        "/b": (200, "text/html", page("<p>Our patches reverse diabetes.</p>")),
        "/private/secret": (200, "text/html", page("<p>This balm cures eczema.</p>")),
        "/from-sitemap": (200, "text/html", page("<p>Guaranteed to cure migraines.</p>")),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n\x00cures insomnia"),
        "/gone": (404, "text/html", page("<p>Our drops cure tinnitus.</p>")),
        "/moved": (301, "text/html", b"", f"{base}/b"),
        "/away": (302, "text/html", b"", "http://elsewhere.example.invalid/"),
        "/article": (200, "text/html", page(NAV + "<article>" + ARTICLE + "</article>"
                                            "<footer><p>Miracle cure for arthritis!</p></footer>", "Article")),
    }


class Server:
    def __init__(self):
        self.requests: list[str] = []
        pages: dict = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                entry = pages.get(self.path)
                if entry is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, ctype, body, *location = entry
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if location:
                    self.send_header("Location", location[0])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        pages.update(site(self.port))
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback_only(monkeypatch):
    """Refuse every connection and lookup that is not the loopback interface."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo
    refused: list = []

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and sock.family != socket.AF_UNIX:
            refused.append(host)
            raise ConnectionRefusedError(f"test: no traffic to {host}")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "::1", "localhost", None):
            refused.append(host)
            raise socket.gaierror(f"test: no lookups of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return refused


def crawl(*args):
    result = CliRunner().invoke(main, ["crawl", "--delay", "0"] + list(args),
                                catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_crawl_stays_on_the_site_obeys_robots_and_reads_sitemaps(loopback_only):
    with Server() as srv:
        code, out, err = crawl("--format", "json", "-v", srv.url)
    assert code == 1, err
    data = json.loads(out)
    urls = {f["url"] for f in data["findings"]}
    base = srv.url.rstrip("/")
    assert urls == {srv.url, f"{base}/a", f"{base}/b", f"{base}/from-sitemap", f"{base}/article"}
    assert all(f["path"] == f["url"] for f in data["findings"])
    assert "/private/secret" not in srv.requests and "robots.txt disallows" in err
    assert srv.requests.count("/a") == 1  # '/a#top' and '/x/../a?utm_source=mail' are the same page
    assert loopback_only == []  # nothing off the site was even looked up
    assert "another site" in err
    cafe = next(f for f in data["findings"] if f["url"] == f"{base}/a")
    assert "\u2019" in cafe["sentence"]  # decoded with the header's windows-1252


def test_page_limit(loopback_only):
    with Server() as srv:
        code, out, err = crawl("--format", "jsonl", "--max-pages", "2", srv.url)
    assert code == 1, err
    assert "crawled 2 pages" in err
    assert len({json.loads(x)["url"] for x in out.splitlines()}) <= 2


def test_saved_warc_gives_the_same_findings_to_check(loopback_only, tmp_path):
    warc = tmp_path / "site.warc.gz"
    with Server() as srv:
        code, out, err = crawl("--format", "json", "--save-warc", str(warc), srv.url)
    assert code == 1, err
    crawled = json.loads(out)["findings"]
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", str(warc)])
    assert result.exit_code == 1, result.stderr
    checked = json.loads(result.stdout)["findings"]
    drop = lambda fs: [{k: v for k, v in f.items() if not k.startswith("warc_")} for f in fs]
    assert drop(checked) == crawled


def test_main_content_drops_menus_and_footers(loopback_only):
    need("trafilatura", "main-content")
    with Server() as srv:
        code, out, err = crawl("--format", "json", "--max-pages", "1", srv.url + "article")
        full = json.loads(out)["findings"]
        code, out, err = crawl("--format", "json", "--max-pages", "1", "--main-content", srv.url + "article")
    assert code == 1, err
    main_only = json.loads(out)["findings"]
    assert any("arthritis" in f["sentence"] for f in full)
    assert main_only and not any("arthritis" in f["sentence"] for f in main_only)
    assert any("insomnia" in f["sentence"] for f in main_only)


def test_crawl_errors_are_clear(loopback_only):
    code, _, err = crawl("ftp://127.0.0.1/")
    assert code == 2 and "not an http:// or https:// URL" in err
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = crawl("--timeout", "2", f"http://127.0.0.1:{port}/")
    assert code == 2 and "robots.txt: unreachable" in err
    code, _, err = crawl("--save-warc", "out.zip", "http://127.0.0.1:1/")
    assert code == 2 and ".warc or .warc.gz" in err

"""The `claimlint crawl` command: fetch a site, lint each page, report like `check`."""
from __future__ import annotations

import sys

import click

from claimlint.extras import install_hint
from claimlint.linter_options import build_linter, fail, linter_options
from claimlint.output import FORMATS

REPORT_FORMATS = [f for f in FORMATS if f != "concise"]


def _main_content(fetched, text: str) -> str | None:
    """The page's main text (trafilatura), or None when it finds none."""
    import trafilatura

    return trafilatura.extract(text, url=fetched.url, include_comments=False, include_tables=True,
                               include_links=False, deduplicate=False)


class _WarcOut:
    """Writes each fetched page as a request and a response record, atomically at the end."""

    def __init__(self, path: str) -> None:
        import os
        from pathlib import Path

        from warcio.warcwriter import WARCWriter

        self.target = Path(path)
        if not self.target.parent.exists():
            fail(f"{path}: folder {self.target.parent} does not exist")
        self.tmp = self.target.with_name(f".{self.target.name}.{os.getpid()}.tmp")
        self.fh = open(self.tmp, "wb")
        self.writer = WARCWriter(self.fh, gzip=path.endswith(".gz"))
        self.writer.write_record(self.writer.create_warcinfo_record(self.target.name, {"software": "claimlint crawl"}))

    def add(self, fetched) -> None:
        import io

        from warcio.statusandheaders import StatusAndHeaders

        # The body is stored decoded (as httpx gives it), so the encoding headers go.
        headers = [(k, v) for k, v in fetched.headers
                   if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")]
        headers.append(("Content-Length", str(len(fetched.body))))
        path = fetched.url.split("/", 3)[3] if fetched.url.count("/") >= 3 else ""
        req = StatusAndHeaders(f"GET /{path} {fetched.http_version}", fetched.request_headers, is_http_request=True)
        resp = StatusAndHeaders(f"{fetched.status} {fetched.reason}".strip(), headers, protocol=fetched.http_version)
        w = self.writer
        w.write_record(w.create_warc_record(fetched.url, "request", payload=io.BytesIO(b""), http_headers=req))
        w.write_record(w.create_warc_record(fetched.url, "response", payload=io.BytesIO(fetched.body), http_headers=resp))

    def close(self, keep: bool) -> None:
        import os

        self.fh.close()
        if keep:
            os.replace(self.tmp, self.target)
        elif self.tmp.exists():
            self.tmp.unlink()


@click.command()
@click.argument("url")
@click.option("--max-pages", type=click.IntRange(min=1), default=100, show_default=True, help="Stop after this many pages.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.5, show_default=True,
              help="Seconds between requests (robots.txt's Crawl-delay wins when longer).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True, help="Seconds per request.")
@click.option("--no-sitemaps", is_flag=True, help="Do not read robots.txt's sitemaps or /sitemap.xml.")
@click.option("--main-content", is_flag=True,
              help="Lint only each page's main text (trafilatura), not menus and footers; positions are then in that text.")
@click.option("--save-warc", metavar="FILE", help="Also save what was fetched as a WARC file (.warc or .warc.gz).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False), help="Write the report to this file.")
@linter_options
@click.option("-v", "--verbose", is_flag=True, help="Say which URLs were skipped and why.")
def crawl(url, max_pages, delay, timeout, no_sitemaps, main_content, save_warc, fmt, output_path, extra_rules,
          config_path, select, ignore, no_builtin_rules, fail_on, exit_zero, verbose):
    """Fetch one site (same host only, robots.txt obeyed) and lint its pages."""
    import importlib.util

    from claimlint.documents import load
    from claimlint.findings import at_least
    from claimlint.output import render
    from claimlint.runner import RunResult

    for module, extra in (("httpx", "crawl"), ("protego", "crawl")) + ((("trafilatura", "main-content"),) if main_content else ()):
        if importlib.util.find_spec(module) is None:
            fail(f"crawl needs {module}: {install_hint(extra)}")
    if save_warc and not save_warc.endswith((".warc", ".warc.gz")):
        fail(f"{save_warc}: name the WARC file .warc or .warc.gz")
    from claimlint.crawl.fetch import CrawlError, Crawler

    linter = build_linter(config_path, extra_rules, select, ignore, no_builtin_rules)
    try:
        crawler = Crawler(url, max_pages=max_pages, delay=delay, timeout=timeout, use_sitemaps=not no_sitemaps)
    except CrawlError as exc:
        fail(str(exc))
    warc = _WarcOut(save_warc) if save_warc else None
    result = RunResult()
    pages: list[str] = []
    ok = False
    try:
        for fetched in crawler.pages():
            if warc is not None:
                warc.add(fetched)
            fmt_in = {"text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown"}.get(
                fetched.media_type, "text")
            if main_content and fmt_in == "html":
                text = _main_content(fetched, fetched.body.decode(fetched.charset or "utf-8", "replace")) or ""
                findings = linter.lint_text(text, format="text", path=fetched.url)
                source, shown_format = text, "text"
            else:
                document = load(fetched.url, fetched.body, fmt_in, fetched.charset, "replace")
                findings = linter.lint_document(document)
                source, shown_format = document.source, fmt_in
            for f in findings:
                f.record = {"url": fetched.url}
            pages.append(fetched.url)
            result.findings.extend(findings)
            result.sources[fetched.url] = source
            result.formats[fetched.url] = shown_format
            result.files += 1
        ok = True
    except CrawlError as exc:
        fail(str(exc))
    finally:
        if warc is not None:
            warc.close(keep=ok)
    if not pages:
        result.errors.append(f"{crawler.start}: no page could be linted" + (f" ({crawler.notes[0]})" if crawler.notes else ""))
    report = render(fmt, result, linter.ruleset, files=pages)
    if output_path:
        from pathlib import Path

        from claimlint.fileio import atomic_write_text

        atomic_write_text(Path(output_path), report + "\n")
    elif report:
        click.echo(report)
    if verbose:
        for note in crawler.notes:
            click.echo(f"claimlint: {note}", err=True)
    click.echo(f"claimlint: crawled {len(pages)} page{'s' if len(pages) != 1 else ''} of {crawler.start}"
               + (f", saved to {save_warc}" if save_warc else ""), err=True)
    for err in result.errors:
        click.echo(f"claimlint: {err}", err=True)
    if result.errors:
        sys.exit(2)
    threshold = fail_on or linter.config.fail_on or "warning"
    failing = any(at_least(f.severity, threshold) for f in result.findings)
    sys.exit(1 if failing and not exit_zero else 0)

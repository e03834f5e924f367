"""`claimlint crawl URL`: lint a live site for a reviewer.

One site only (the start URL's scheme, host and port), robots.txt obeyed,
sitemaps read, a page limit, URLs normalised so each page is fetched once;
optionally only each page's main content (trafilatura), optionally a WARC
of what was fetched, so the review can be repeated with `claimlint check`.
"""

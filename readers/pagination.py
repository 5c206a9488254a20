"""Page numbers from the query string (?page= on search, ?p= on sitemaps).

A page number is reader input and ends up as an SQL OFFSET: 99999999999999999999 overflows
SQLite's integer and PostgreSQL's bigint, so it is parsed here, once, and bounded.
Listings use Django's Paginator.get_page, which already answers such numbers with the
last page (tests/articles/test_pagination.py covers both).
"""

# Far past any real archive (search shows 20 a page, a sitemap 5,000); the OFFSET it makes
# stays cheap and a plain integer on every database.
MAX_PAGE = 10_000


def page_number(raw):
    """The page asked for (1 when none is), or None when `raw` names no page that can exist."""
    if raw is None:
        return 1
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_PAGE)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_PAGE else None

"""Page numbers from the query string (?page= on lists and search, ?p= on sitemaps), and
pages of stories without a COUNT.

A page number is reader input and ends up as an SQL OFFSET: 99999999999999999999 overflows
SQLite's integer and PostgreSQL's bigint, so it is parsed here, once, and bounded.
A number past the end answers the first page (tests/articles/test_pagination.py).
"""

from dataclasses import dataclass

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


@dataclass
class Page:
    """A page of stories without a COUNT(*): counting a big tag's or section's stories costs
    more than finding the page, and grows with the archive. Newer/Older links only."""

    object_list: list
    number: int
    has_next: bool
    per_page: int

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.per_page + 1

    def __len__(self):
        return len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)


def paginate(queryset, raw_number, per_page):
    """One query: the page's rows plus one to know whether there is a next page. A page
    past the end (or no page at all) gives the first page."""
    number = page_number(raw_number) or 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        return paginate(queryset, 1, per_page)
    return Page(rows[:per_page], number, has_next=len(rows) > per_page, per_page=per_page)

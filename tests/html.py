"""Small helpers for reading rendered pages in tests (lxml, XPath; no extra dependency)."""

import lxml.html


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def by_class(tree, name, tag="*"):
    """Elements of `tag` whose class list contains `name`."""
    return tree.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def text_of(element):
    """Visible text with whitespace collapsed, as a reader would copy it."""
    return " ".join(element.text_content().split())


def links(tree, prefix=""):
    """<a> elements whose href starts with `prefix`."""
    return [a for a in tree.iter("a") if (a.get("href") or "").startswith(prefix)]

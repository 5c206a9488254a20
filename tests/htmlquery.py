"""Just enough CSS selectors for tests (tag, .class, tag.class, [attr="value"], descendants),
turned into XPath for lxml, so tests need no extra dependency."""

import re

_PART = re.compile(
    r'^(?P<tag>[a-z0-9]*|\*)?(?P<classes>(?:\.[\w-]+)*)(?:\[(?P<attr>[\w-]+)="(?P<value>[^"]*)"\])?$'
)


def _xpath(selector):
    steps = []
    for part in selector.split():
        match = _PART.match(part)
        if not match:
            raise ValueError(f"unsupported selector: {part}")
        step = match["tag"] or "*"
        for cls in filter(None, match["classes"].split(".")):
            step += f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
        if match["attr"]:
            step += f'[@{match["attr"]}="{match["value"]}"]'
        steps.append(step)
    return ".//" + "//".join(steps)


def select(node, selector):
    return node.xpath(_xpath(selector))

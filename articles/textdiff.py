"""A bounded, readable diff of two texts given as lists of paragraphs.

Paragraphs are compared whole; a paragraph that was edited (not replaced) is shown once,
with the changed words marked inside it. The work is bounded (DESIGN rule 12): the common
start and end are skipped in linear time, and only a changed middle within the caps below
goes to difflib; beyond them the result says "too large" and compares nothing.
"""

import difflib
import re
from dataclasses import dataclass, field

# The changed middle of both texts together, after the common start and end are skipped.
MAX_CHANGED_PARAGRAPHS = 2_000
MAX_CHANGED_CHARS = 200_000
# Longer paragraphs, and any paragraph once this many words were compared, are shown as
# removed and added whole rather than word by word.
MAX_WORDS_PER_PARAGRAPH = 600
MAX_COMPARED_WORDS = 20_000
# How alike two paragraphs must be (difflib ratio of their words) to count as one edited
# paragraph rather than one removed and another added.
EDITED_PARAGRAPH_RATIO = 0.5

# A word or a punctuation mark with the spaces after it: spaces alone are never matched.
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")

SAME, REMOVED, ADDED, EDITED = " ", "-", "+", "~"
# A run of unchanged paragraphs is shown as this many on each side of a change and, between
# them, (FOLDED, how many were left out).
CONTEXT = 3
FOLDED = "…"


@dataclass
class Diff:
    """rows: (kind, text) for SAME/REMOVED/ADDED paragraphs, (EDITED, [(op, words)]) for an
    edited one, op in SAME/REMOVED/ADDED. too_large: nothing was compared (see the caps)."""

    rows: list = field(default_factory=list)
    too_large: bool = False
    # Paragraphs and words handed to difflib: what the caps bound.
    compared: int = 0
    words_compared: int = 0

    @property
    def changed(self):
        return self.too_large or any(kind != SAME for kind, _ in self.rows)


def diff_paragraphs(old, new):
    """Compare two lists of paragraphs (strings)."""
    start = _common_start(old, new)
    end = _common_end(old, new, start)
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    size = len(old_middle) + len(new_middle)
    chars = sum(map(len, old_middle)) + sum(map(len, new_middle))
    if size > MAX_CHANGED_PARAGRAPHS or chars > MAX_CHANGED_CHARS:
        return Diff(too_large=True)
    diff = Diff(compared=size)
    diff.rows.extend((SAME, line) for line in old[:start])
    # autojunk: paragraphs repeated all over a long text (separators, "Q:") are not anchors,
    # which keeps difflib from going quadratic on them.
    matcher = difflib.SequenceMatcher(a=old_middle, b=new_middle, autojunk=True)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            diff.rows.extend((SAME, line) for line in old_middle[i1:i2])
        else:
            diff.rows.extend(_changed_block(old_middle[i1:i2], new_middle[j1:j2], diff))
    diff.rows.extend((SAME, line) for line in old[len(old) - end :])
    diff.rows = _fold(diff.rows)
    return diff


def _fold(rows):
    """Long runs of unchanged paragraphs shrink to their CONTEXT paragraphs near a change."""
    if not any(kind != SAME for kind, _ in rows):
        return rows
    folded, run = [], []

    def flush(first, last):
        keep_before = 0 if first else CONTEXT
        keep_after = 0 if last else CONTEXT
        if len(run) <= keep_before + keep_after + 1:
            folded.extend(run)
        else:
            folded.extend(run[:keep_before])
            folded.append((FOLDED, len(run) - keep_before - keep_after))
            folded.extend(run[len(run) - keep_after :])

    first = True
    for row in rows:
        if row[0] == SAME:
            run.append(row)
            continue
        flush(first, False)
        run, first = [], False
        folded.append(row)
    flush(first, True)
    return folded


def _common_start(old, new):
    count = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_end(old, new, start):
    count = 0
    limit = min(len(old), len(new)) - start
    while count < limit and old[-1 - count] == new[-1 - count]:
        count += 1
    return count


def _changed_block(removed, added, diff):
    """Paragraphs paired in order become edited paragraphs when alike; the rest are whole."""
    rows = []
    for index in range(max(len(removed), len(added))):
        before = removed[index] if index < len(removed) else None
        after = added[index] if index < len(added) else None
        words = _word_diff(before, after, diff) if before and after else None
        if words is not None:
            rows.append((EDITED, words))
            continue
        if before is not None:
            rows.append((REMOVED, before))
        if after is not None:
            rows.append((ADDED, after))
    return rows


def _word_diff(before, after, diff):
    old_words, new_words = _WORD.findall(before), _WORD.findall(after)
    words = len(old_words) + len(new_words)
    if max(len(old_words), len(new_words)) > MAX_WORDS_PER_PARAGRAPH:
        return None
    if diff.words_compared + words > MAX_COMPARED_WORDS:
        return None
    diff.words_compared += words
    # autojunk: in a long paragraph, words on every line ("the") are not used as anchors.
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=True)
    if matcher.ratio() < EDITED_PARAGRAPH_RATIO:
        return None
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(parts, SAME, "".join(old_words[i1:i2]))
        else:
            _append(parts, REMOVED, "".join(old_words[i1:i2]))
            _append(parts, ADDED, "".join(new_words[j1:j2]))
    return parts


def _append(parts, op, text):
    if text:
        parts.append((op, text))

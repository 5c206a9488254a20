"""Signals the editorial rules send, so modules that depend on articles.workflow (notes,
notifications) can act on its steps without workflow importing them back."""

from django.dispatch import Signal

# Sent inside the transaction of a workflow step or a new correction, after it is written:
# sender=Article, article, action ("submit", "return", ..., "correct"), user, note.
story_event = Signal()

# Sent after the body pipeline rebuilt stories outside Model.save (articles/body/rebuild.py)
# and their plain text changed: sender=Article, article_ids. The search index listens.
body_text_changed = Signal()

# Sent inside the transaction of a change readers can see (a publish, an edit or restore of
# a live story, a correction, a section, person or deleted live story): sender=the model.
# The reader site stores a purge of its cached pages in that same transaction.
public_change = Signal()

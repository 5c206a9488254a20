"""Signals photos sends, so the reader site can act on them without photos importing it."""

from django.dispatch import Signal

# Sent inside the transaction of a change readers can see (a photo's caption, credit,
# rights or crops, a deleted photo, a source named in credit lines): sender=the model.
public_change = Signal()

"""Signals accounts sends, so the reader site can act on them without accounts importing it."""

from django.dispatch import Signal

# Sent inside the transaction of a change readers can see (an author's name, bio, contact
# or portrait on bylines and author pages): sender=Author.
public_change = Signal()

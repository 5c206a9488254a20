"""Where accounts uses a photo (author portraits), for photos.usage.where_used()."""

from accounts.models import Author
from photos.usage import Use, admin_change_url


def author_portraits(photo):
    return [
        Use("Portrait of author", str(author), admin_change_url(author))
        for author in Author.objects.filter(photo=photo).order_by("pk")
    ]

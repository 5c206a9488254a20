# One module per concern; importing them registers their ModelAdmins.
from photos.admin import library, sources  # noqa: F401

# One module per concern; importing them registers their ModelAdmins.
from articles.admin import corrections, inbox, people, sections, stories  # noqa: F401

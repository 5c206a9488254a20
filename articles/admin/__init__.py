# One module per concern; importing them registers their ModelAdmins.
from articles.admin import corrections, people, sections, stories  # noqa: F401

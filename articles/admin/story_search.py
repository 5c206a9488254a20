"""The story list's search box: the site's search engine (articles.search.admin_search),
so editors find stories by body words, accent-folded names and pasted slugs."""

from articles import search


class StorySearch:
    # Django shows the search box only when search_fields is set; the fields themselves
    # are not used, the engine searches the headline, deck, body, tags and names.
    search_fields = ["headline"]
    # No search_help_text: Django ties it to the box with aria-describedby, and with only an
    # icon in its label axe then reports the box as unlabelled (label-title-only).

    def get_search_results(self, request, queryset, search_term):
        # One filter on the story table (no joins), so no duplicate rows to remove.
        return search.admin_search(queryset, search_term), False

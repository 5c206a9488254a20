from django.contrib.admin.widgets import AdminTextInputWidget
from django.utils.html import format_html, format_html_join


class SuggestionsInput(AdminTextInputWidget):
    """A text box offering a list of suggestions (an HTML datalist); any text is allowed."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}_suggestions"
        attrs["list"] = list_id
        attrs.setdefault("autocomplete", "off")
        text_input = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((s,) for s in self.suggestions)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', text_input, list_id, options)

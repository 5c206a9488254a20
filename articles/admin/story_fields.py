"""Field checks of the story form that keep impossible values out of the database
(DESIGN rules 9 and 12): a refused value is a message on the form with the typed text kept,
never a database error at save or publish time."""

from django import forms

from articles import slugs, workflow
from articles.body.clean import body_size_problem


class StoryFieldChecks:
    """Mixed into the story ModelForm before forms.ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Left blank, it is made from the headline (transliterated) or the story id.
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        pk = self.instance.pk
        if not slug:
            made = slugs.story_slug(self.cleaned_data.get("headline", ""))
            if not made:
                return slugs.fallback_slug(pk) if pk else ""  # new: Article.save uses the id
            return workflow.free_slug(made, pk)
        holder = workflow.redirect_holding(slug, pk)
        if holder is not None:
            raise forms.ValidationError(
                f"“{slug}” still leads to the story “{holder.article}” (its old address), "
                "so links to that story keep working. Choose another slug."
            )
        return slug

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        problems = [problem for problem in map(slugs.tag_problem, names) if problem]
        if problems:
            raise forms.ValidationError(problems)
        return names

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        problem = body_size_problem(body)
        if problem:
            raise forms.ValidationError(problem)
        return body

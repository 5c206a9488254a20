"""Interviews: who speaks in a story body, and how Q&A and pull quotes are rendered.

What an editor can really produce in the rich-text editor (checked in a browser):
paragraphs with the class "question" or "answer" and blockquotes with the class
"pull-quote". The editor cannot set attributes, so the speaker is written as text:

* a question or answer may start with a label, "Popkov: ..." or "**Popkov:** ...";
  a plain label counts only when it names someone in the story (an interviewee or a
  bylined author: full name, family name, given name or initials), a bold label always;
* an unlabelled question or answer keeps the speaker of the previous one of its kind,
  else questions are put by the first writing byline (not "Photos by") and answered by
  the first interviewee;
* a pull quote may end with a paragraph "— Name"; otherwise it is attributed to the
  first interviewee. It is rendered once, as a figure with a caption; when its words are
  already in the text, the figure is hidden from screen readers (and left out of feeds).

Bodies written outside the editor (imports, the demo) may carry the speaker in a
`data-speaker` attribute, which wins over everything else.

The body pipeline (articles/body/) applies these rules when a story is saved and stores
the result, pull quotes included; this module holds the editors' texts and reads the
stored quotes.
"""

from dataclasses import dataclass

from django.utils.safestring import mark_safe

from articles.models import Article

# The standard notes offered in the admin; editors may still write their own.
STANDARD_NOTES = [
    "This interview has been condensed and edited for clarity.",
    "This interview has been edited for length and clarity.",
    "This interview was conducted by e-mail; the answers are published as written.",
    "This interview was conducted through an interpreter.",
    "This interview has been translated and edited for clarity.",
]

BODY_HELP_TEXT = (
    "Interviews: put the cursor in a paragraph and choose Block style → Question or "
    "Answer (the style carries on to the next paragraph when you press Enter). "
    "Start a question or answer with the speaker's name and a colon, e.g. "
    "“Popkov: …”, when it is not the usual speaker; otherwise questions are "
    "credited to the writer’s byline and answers to the first interviewee. "
    "Pull quote: make a quote (the “ button), then Block style → Pull quote; "
    "end it with a line “— Name” to credit someone other than the first interviewee."
)


@dataclass
class Quote:
    html: str
    text: str
    speaker: str

    @classmethod
    def from_stored(cls, data):
        # Stored by the pipeline from lxml's serializer: safe markup.
        return cls(mark_safe(data["html"]), data["text"], data["speaker"])


@dataclass
class PersonQuote:
    quote: Quote
    article: object


def quotes_by(person, limit=10):
    """Pull quotes credited to a person in the published stories they are linked to,
    newest first, read from what the body pipeline stored (no parsing).

    Only stories that list the person among their interviewees count: names are not
    unique (two officials may share one), and the link is an indexed join rather than a
    text search through every story.
    """
    stories = (
        Article.objects.published()
        .filter(interviewees__person=person, body__contains="pull-quote")
        .distinct()
        .order_by("-published_at")
        .only("headline", "slug", "published_at", "created_at", "body_quotes")[: limit * 2]
    )
    found = []
    for article in stories:
        for data in article.body_quotes:
            if data.get("person_id") == person.pk:
                found.append(PersonQuote(Quote.from_stored(data), article))
                if len(found) == limit:
                    return found
    return found

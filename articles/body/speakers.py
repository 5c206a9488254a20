"""Who may speak in one story, and how an editor may name them in a label.

See articles/interviews.py for the rules editors follow; this module only resolves names.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch

QUESTION = "question"
ANSWER = "answer"

NON_ALNUM_RE = re.compile(r"[^\w]+", re.UNICODE)
# Titles an editor may put before a name in a label ("Amb. Popkov:").
HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "amb", "ambassador", "minister", "president"}


def key(text):
    return NON_ALNUM_RE.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Speaker:
    name: str
    person: object = None  # a Person when the speaker is one of the story's interviewees
    title: str = ""
    short: str = ""  # what labels their paragraphs ("Park:"); the full name if empty

    @property
    def label(self):
        return self.short or self.name

    @property
    def url(self):
        if self.person is None:
            return ""
        try:
            return self.person.get_absolute_url()
        except NoReverseMatch:
            return ""


def _aliases(name):
    """The ways an editor may refer to someone: full name, each part, initials."""
    words = [key(word) for word in name.split() if key(word)]
    aliases = {" ".join(words)}
    aliases.update(word for word in words if len(word) > 1)
    if len(words) > 1:
        aliases.add("".join(word[0] for word in words))
    return aliases


def _related(article, name):
    # An unsaved story has no rows yet (unless a preview prefetched the posted ones).
    cache = getattr(article, "_prefetched_objects_cache", {})
    if article.pk is None and name not in cache:
        return []
    return list(getattr(article, name).all())


class Cast:
    """Who may speak in one story: its interviewees and its bylined authors.

    Reads `article.interviewees` and `article.bylines` (prefetched ones when present).
    """

    def __init__(self, article):
        self.interviewees = [
            Speaker(i.person.name, i.person, i.title_at_time or i.person.title, i.person.label_name)
            for i in _related(article, "interviewees")
        ]
        bylines = _related(article, "bylines")
        # "By" and "Interview by" bylines ask the questions; "Photos by" and the like do not.
        asking = [b for b in bylines if not b.role or "interview" in b.role.casefold()]
        self.interviewers = [Speaker(b.author.name) for b in asking or bylines]
        self._by_alias = {}
        # Interviewees first: when an alias is ambiguous, the person interviewed wins.
        for speaker in [*self.interviewees, *self.interviewers]:
            native = speaker.person.native_name if speaker.person else ""
            for name in filter(None, [speaker.name, speaker.short, native]):
                for alias in _aliases(name):
                    self._by_alias.setdefault(alias, speaker)

    def default(self, role):
        if role == QUESTION:
            return self.interviewers[0] if self.interviewers else Speaker(settings.SITE_NAME)
        return self.interviewees[0] if self.interviewees else None

    def find(self, label):
        words = key(label).split()
        while len(words) > 1 and words[0] in HONORIFICS:
            words = words[1:]
        return self._by_alias.get(key(label)) or self._by_alias.get(" ".join(words))

    def named(self, name):
        """A speaker given by full name (data-speaker, a "— Name" line)."""
        name = " ".join(name.split())
        if not name:
            return None
        return self.find(name) or Speaker(name)

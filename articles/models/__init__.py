from articles.models.article import (
    Article,
    ArticleQuerySet,
    Byline,
    Kind,
    PublicState,
    Section,
    Status,
    Visibility,
)
from articles.models.body import InlinePhoto
from articles.models.editorial import AuditEntry, Correction, Revision, SlugRedirect
from articles.models.notes import Note, Notification
from articles.models.people import Interviewee, Person
from articles.models.working_copy import WorkingCopy

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuditEntry",
    "Byline",
    "Correction",
    "InlinePhoto",
    "Interviewee",
    "Kind",
    "Note",
    "Notification",
    "Person",
    "PublicState",
    "Revision",
    "Section",
    "SlugRedirect",
    "Status",
    "Visibility",
    "WorkingCopy",
]

from articles.models.article import Article, ArticleQuerySet, Byline, Kind, Section, Status
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
    "Interviewee",
    "Kind",
    "Note",
    "Notification",
    "Person",
    "Revision",
    "Section",
    "SlugRedirect",
    "Status",
    "WorkingCopy",
]

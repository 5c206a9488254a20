"""Project-wide middleware: a 503 instead of a crash when the database is unreachable.
(The page cache for readers lives with the reader site: readers/middleware.py.)"""

import logging

from django.db import InterfaceError, OperationalError

from newsroom.views import service_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A lost database connection answers 503 with Retry-After, not a 500 stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Database unavailable: %s: %s", type(exception).__name__, exception)
            return service_unavailable(request)
        return None

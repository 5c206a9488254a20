"""Django's PostgreSQL backend with client-side deadlines (newsroom/postgresql/deadlines.py).

Selected by settings for postgres:// URLs; everything else is Django's own backend.
"""

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper

from newsroom.postgresql import deadlines


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadlines.install()
        return super().get_new_connection(conn_params)

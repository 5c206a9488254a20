from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import search, slugs

        search.connect_signals()
        slugs.connect_signals()

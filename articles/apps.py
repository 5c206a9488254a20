from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import search
        from articles.templatetags import navigation

        search.connect_signals()
        navigation.connect_signals()

from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """The reader-facing site: listings, the story page, feeds, sitemaps, search, SEO, and
    the page cache with its purges. It imports articles, photos and accounts; none of them
    imports it (tests/newsroom/test_import_direction.py)."""

    name = "readers"
    verbose_name = "Reader site"

    def ready(self):
        # Imported here, not at the top: models must be loaded first (Django's app loading).
        from accounts import signals as accounts_signals
        from articles import signals as articles_signals
        from photos import signals as photos_signals
        from readers import cache

        for signal in (articles_signals, photos_signals, accounts_signals):
            signal.public_change.connect(
                cache.on_public_change, dispatch_uid=f"readers-purge-{signal.__name__}"
            )

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import notes, notifications, search, signals, slugs
        from newsroom.tasks import ensure_schedules

        search.connect_signals()
        slugs.connect_signals()
        signals.story_event.connect(notes.on_story_event, dispatch_uid="notes-on-story-event")
        signals.story_event.connect(
            notifications.on_story_event, dispatch_uid="notifications-on-story-event"
        )
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="task-schedules")

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import notes, notifications, photo_uses, search, signals, slugs
        from articles.body import rebuild
        from newsroom.tasks import ensure_schedules
        from photos.usage import register_use_finder

        register_use_finder(photo_uses.story_and_people_uses)

        rebuild.connect_signals()
        search.connect_signals()
        slugs.connect_signals()
        signals.story_event.connect(notes.on_story_event, dispatch_uid="notes-on-story-event")
        signals.story_event.connect(
            notifications.on_story_event, dispatch_uid="notifications-on-story-event"
        )
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="task-schedules")

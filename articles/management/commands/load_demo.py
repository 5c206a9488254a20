from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, IntegrityError

from articles.demo.loader import DemoError, load_demo
from articles.demo.seed import SeedError
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the demo: the seed interview as a published story and the demo staff accounts "
        "editor, reporter and photodesk. Safe to run again: existing content is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even without NEWSROOM_ENV=development (e.g. on a staging site).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEVELOPMENT and not allow_production:
            raise CommandError(
                "load_demo creates staff accounts with a printed password; run it with "
                "NEWSROOM_ENV=development, or pass --allow-production for a staging site"
            )
        try:
            result = load_demo()
        except (DemoError, SeedError) as exc:
            raise CommandError(f"cannot load the demo: {exc}") from exc
        except IntegrityError as exc:
            raise CommandError(
                f"cannot load the demo, it clashes with existing data: {_first_line(exc)}"
            ) from exc
        except DatabaseError as exc:
            raise CommandError(
                f"cannot load the demo, the database said: {_first_line(exc)} "
                "(check DATABASE_URL, and that `manage.py migrate` has run)"
            ) from exc

        if result.created:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")
        story_url = f"{settings.SITE_URL}{result.article.get_absolute_url()}"
        if not Article.objects.published().filter(pk=result.article.pk).exists():
            story_url += f" (not public now: {result.article.get_status_display().lower()})"
        self.stdout.write(f"  Demo story:  {story_url}")
        self.stdout.write(f"  Demo logins (password {result.password_origin}):")
        for username, role in result.logins:
            self.stdout.write(f"    {username:<10}  password {result.password}  ({role})")


def _first_line(exc):
    return str(exc).splitlines()[0] if str(exc).strip() else exc.__class__.__name__

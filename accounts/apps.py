from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        # Imported here, not at the top: models must be loaded first (Django's app loading).
        from accounts.photo_uses import author_portraits
        from photos.usage import register_use_finder

        register_use_finder(author_portraits)

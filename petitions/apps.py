from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "Petitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the settings checks

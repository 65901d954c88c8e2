from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import caching, conf, purging  # noqa: F401 - caching and purging connect their signal receivers

        # A mistyped COMMENTS_* setting stops start-up instead of surfacing on the first comment.
        conf.check_all()

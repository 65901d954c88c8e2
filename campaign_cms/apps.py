from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignCmsConfig(AppConfig):
    name = "campaign_cms"
    verbose_name = _("Campaign pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import purging  # noqa: F401 - connects its signal receivers

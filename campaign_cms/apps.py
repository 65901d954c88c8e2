from django.apps import AppConfig


class CampaignCmsConfig(AppConfig):
    name = "campaign_cms"
    verbose_name = "Campaign pages"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and assignments")

    def ready(self):
        from campaigns.reminders import register_sources

        register_sources()

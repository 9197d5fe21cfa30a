from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards and commendation")

    def ready(self):
        from awards.reminders import register_sources

        register_sources()

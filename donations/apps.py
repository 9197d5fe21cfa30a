from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Donations and micro-wishes")

    def ready(self):
        from donations.reminders import register_sources

        register_sources()

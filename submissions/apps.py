from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Quarterly reports")

    def ready(self):
        from submissions.reminders import register_sources

        register_sources()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        # Reminders by mail state on the metrics page (portal.metrics).
        from notifications.metrics import RemindersCollector
        from portal.metrics import register

        register(RemindersCollector())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # The bearer tokens' description in the OpenAPI schema (drf-spectacular extension),
        # and the journal labels of the API's actions.
        import api.journal
        import api.schema  # noqa: F401

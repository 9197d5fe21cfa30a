from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # The bearer tokens' description in the OpenAPI schema (drf-spectacular extension),
        # the journal labels of the API's actions, and its answer to a body too large.
        import api.journal
        import api.schema  # noqa: F401
        from api import problems
        from portal import request_size

        request_size.answer_under("/api/v1/", problems.too_large)

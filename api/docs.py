"""Swagger UI served by the portal itself: its scripts and styles from
drf-spectacular-sidecar (no CDN), its start-up script from our own address (the split
view), so the portal's content security policy (scripts and styles from 'self') holds."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

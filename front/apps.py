from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The top layer: what combines several apps (the home page, a unit's page, the menu,
    the root URLconf, the demo data). No other app imports it."""

    name = "front"

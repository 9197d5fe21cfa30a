from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # Connects the signal receivers that keep the cached security policy fresh.
        import portal.security  # noqa: F401

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # Connects the signal receivers that keep the cached security policy fresh.
        import portal.security  # noqa: F401
        # Connects the receivers that journal sign-ins, lockouts and role changes.
        import portal.security_events  # noqa: F401
        # Asks a code at sign-in of whoever has an authenticator; registers its journal labels.
        import portal.two_factor  # noqa: F401

        # Removes an uploaded file from disk once its record's deletion has committed.
        from portal.files import connect_file_removal

        connect_file_removal()

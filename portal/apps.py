from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        # Signal receivers, connected by importing their modules: the audit pages' mark on
        # an audit-administrator-only sign-in; the cached security policy kept fresh; sign-ins,
        # lockouts and role changes journaled; a code asked at sign-in of whoever has an
        # authenticator (and its journal labels).
        import portal.audit
        import portal.security
        import portal.security_events
        import portal.two_factor

        # Removes an uploaded file from disk once its record's deletion has committed.
        from portal.files import connect_file_removal

        connect_file_removal()

        # Deployment checks of the portal's own settings (PORTAL_URL).
        import portal.checks  # noqa: F401

        # Request ids into the logs and the tasks (Celery signals); our Prometheus metrics.
        from portal import request_logs  # noqa: F401
        from portal.metrics import register_portal_collectors

        register_portal_collectors()

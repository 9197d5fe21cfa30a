from django.conf import settings
from health_check.views import HealthCheckView


class PortalHealthView(HealthCheckView):
    """Database, cache, file storage and (when configured) the Redis broker.

    Answers 200 when all are up and 500 otherwise, for load balancers;
    `?format=json` gives each check's result."""

    def get_checks(self):
        checks = [
            "health_check.checks.Database",
            "health_check.checks.Cache",
            "health_check.checks.Storage",
        ]
        if settings.REDIS_URL:
            checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client}))
        self.checks = checks
        return super().get_checks()


def _redis_client():
    # The check awaits ping() and aclose(): it needs the asyncio client.
    from redis.asyncio import Redis

    return Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)

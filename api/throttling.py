"""Requests per token (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES["api_token"])."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self):
        # Read at each request, not once at import: settings overridden in tests count.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        token = request.auth
        if token is None:
            # Unauthenticated requests are refused anyway: counted by address.
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"token-{token.pk}"}

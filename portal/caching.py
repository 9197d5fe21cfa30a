"""Pages for a signed-in person are theirs alone: a browser on a shared office PC, or a
proxy on the way, must not keep a copy for whoever sits down next."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Mark every response to a signed-in person `Cache-Control: private, no-store`,
    unless the view said itself how its response may be cached (a public photo does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read the user after the view: a sign-in or sign-out during it counts.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

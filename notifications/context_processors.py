from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread_notifications(request):
    """The bell's count: one query, made only when a page shows it, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}

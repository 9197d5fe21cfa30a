"""One race-free version check for every form that carries the version it showed."""

from django.utils.translation import gettext as _

from portal.models import User


class StaleVersion(Exception):
    """The row moved on since the page was shown; nothing was written."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else changed this while you were editing it. "
                "Your changes were not saved: reload the page to see the latest version."
            )
        )


def lock(model, obj, version: int | None, *, error=StaleVersion):
    """The row of `obj`, locked (select_for_update) in the caller's transaction, after
    checking it is still at `version` (None: not checked); raises `error` if not."""
    current = model.objects.select_for_update().get(pk=obj.pk)
    if version is not None and current.version != version:
        raise error()
    return current


def bump(current, *, user: User | None, fields=()) -> None:
    """Save the locked row `current` with its `fields` changed and its version one
    higher, through update_fields so the history records `user`."""
    touched = [f.name for f in type(current)._meta.concrete_fields if getattr(f, "auto_now", False)]
    current.version += 1
    current._history_user = user
    current.save(update_fields=[*fields, "version", *touched])


def claim(
    model, obj, version: int | None, *, user: User | None = None, error=StaleVersion, **changes
):
    """Write `changes` to `obj`'s row only if it is still at `version` (None: any), bump
    the version, and save through update_fields so the history records `user`. Must run
    inside the caller's transaction (the lock lasts until it commits). Returns the locked
    row as saved; `obj` is refreshed to match."""
    current = lock(model, obj, version, error=error)
    for field, value in changes.items():
        setattr(current, field, value)
    bump(current, user=user, fields=changes)
    obj.refresh_from_db()
    return current

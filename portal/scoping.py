"""Who may see and act on which units and regions.

Every view and query in the portal goes through here. The rules:

- a reporter or unit approver reaches their own unit only;
- a reviewer or administrator reaches every unit in the region subtree of their
  unit (the provincial office: the whole province; a city office: the city and its
  counties);
- a superuser reaches everything;
- a unit that is no longer active drops out: it is not listed, and its members
  lose the reach their memberships there gave them (the admin still shows it).

Scopes become `Q` objects applied inside querysets, never filters on lists in Python.
What a user may not see is a 404 (`get_object_or_404` over a scoped queryset); what
they may see but not change is a 403 (`require_role`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import REGION_WIDE_ROLES, Membership, Region, Role, Unit


@dataclass(frozen=True)
class Scope:
    everything: bool
    unit_ids: frozenset[int]
    region_paths: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.unit_ids or self.region_paths)

    def units_q(self, prefix: str = "") -> Q:
        """A filter on Unit, or on any model whose unit is reached through `prefix`
        (e.g. prefix="unit__" for a model with a `unit` foreign key)."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}pk__in": self.unit_ids}) if self.unit_ids else Q(pk__in=[])
        for path in self.region_paths:
            q |= Q(**{f"{prefix}region__path__startswith": path})
        return q

    def regions_q(self, prefix: str = "") -> Q:
        """A filter on Region (or through `prefix`) for the regions in scope."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        for path in self.region_paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q


# The security and audit administrators' memberships reach no unit's data: they work in their
# own pages (the policy, the security journal), which ask for their role by name. So "any
# role" leaves them out, and an audit administrator sees nothing else (三权分立).
NO_UNIT_REACH = frozenset({Role.SECURITY, Role.AUDITOR})


def _roles_key(roles: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(sorted(roles)) if roles is not None else ("*",)


def scope_for(user, roles: Iterable[str] | None = None) -> Scope:
    """The scope `user` has through memberships with one of `roles` (all roles if None).

    One query per user for the request (the person's memberships, kept on the user object);
    each set of roles asked for is worked out from them.
    """
    if not user.is_authenticated or not user.is_active:
        return Scope(False, frozenset(), ())
    if user.is_superuser:
        return Scope(True, frozenset(), ())
    cache = user.__dict__.setdefault("_scope_cache", {})
    key = _roles_key(roles)
    if key not in cache:
        wanted = set(roles) if roles is not None else None
        unit_ids, paths = set(), set()
        for role, unit_id, path in _active_memberships(user):
            if (role in wanted) if wanted is not None else (role not in NO_UNIT_REACH):
                unit_ids.add(unit_id)
                if role in REGION_WIDE_ROLES:
                    paths.add(path)
        cache[key] = Scope(False, frozenset(unit_ids), _outermost(paths))
    return cache[key]


def _active_memberships(user) -> list[tuple[str, int, str]]:
    """(role, unit id, the unit's region path) of each membership in an active unit."""
    if "_memberships" not in user.__dict__:
        user.__dict__["_memberships"] = list(
            Membership.objects.filter(user=user, unit__is_active=True)
            .values_list("role", "unit_id", "unit__region__path")
            .order_by()  # read as sets: the model's ordering would only add a sort
        )
    return user.__dict__["_memberships"]


def remember_memberships(user, memberships: Iterable[Membership]) -> None:
    """Keep the user's memberships in active units, loaded by a page with their units and
    regions, for this request's scope lookups, which then make no query of their own."""
    user.__dict__.setdefault(
        "_memberships", [(m.role, m.unit_id, m.unit.region.path) for m in memberships]
    )


def _outermost(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one, to keep the SQL short."""
    kept = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


def visible_units(user, roles: Iterable[str] | None = None) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user, roles).units_q(), is_active=True)


def visible_regions(user, roles: Iterable[str] | None = None) -> QuerySet[Region]:
    """Regions the user oversees: the subtrees of their region-wide roles, plus the
    regions of the units they belong to."""
    scope = scope_for(user, roles)
    if scope.everything:
        return Region.objects.all()
    return Region.objects.filter(scope.regions_q() | Q(units__pk__in=scope.unit_ids)).distinct()


def scope_queryset(
    queryset: QuerySet, user, *, unit_field: str = "unit", roles: Iterable[str] | None = None
) -> QuerySet:
    """Restrict any queryset whose rows belong to a unit to what `user` may see."""
    return queryset.filter(scope_for(user, roles).units_q(prefix=f"{unit_field}__"))


def get_unit_for_user(user, unit_id, roles: Iterable[str] | None = None) -> Unit:
    """The unit, or 404 if it is outside the user's scope."""
    return get_object_or_404(visible_units(user, roles).select_related("region"), pk=unit_id)


def has_role(user, role: str, unit: Unit | None = None) -> bool:
    """Does `user` hold `role` over `unit` (or over any unit, when unit is None)?"""
    scope = scope_for(user, [role])
    if scope.everything:
        return True
    if unit is None:
        return not scope.is_empty
    if not unit.is_active:
        return False
    if unit.pk in scope.unit_ids:
        return True
    return any(unit.region.path.startswith(path) for path in scope.region_paths)


def has_province_role(user, role: str) -> bool:
    """Does `user` hold `role` in a unit at the top of the tree: the province's office, or
    the national office where the deployment has a nation above its provinces? For what the
    top office sets for everyone, such as the working-day calendar (China's holidays are the
    same in every province)."""
    scope = scope_for(user, [role])
    return scope.everything or any(path.count("/") == 2 for path in scope.region_paths)


def require_role(user, role: str, unit: Unit | None = None) -> None:
    if not has_role(user, role, unit):
        raise PermissionDenied


def roles_of(user) -> set[str]:
    """All roles the user holds anywhere (superusers hold all)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Role.values)
    return {role for role, _unit_id, _path in _active_memberships(user)}

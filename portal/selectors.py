"""Reads the shared pages need, already scoped to the user."""

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery

from portal.models import Membership, Region, Unit
from portal.scoping import remember_memberships, scope_for, visible_regions, visible_units


def _unit_count_below(outer_path: str = "path") -> Subquery:
    units = (
        Unit.objects.filter(is_active=True, region__path__startswith=OuterRef(outer_path))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(units, output_field=IntegerField())


def memberships_of(user) -> list[Membership]:
    """The person's memberships with their units and regions; scoping reads them too, so
    that the page's scope lookups make no second query for the same rows."""
    memberships = list(
        # A unit that was wound up no longer shows among the person's units.
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit__region")
        .order_by("unit__region__path", "role")
    )
    remember_memberships(user, memberships)
    return memberships


def overseen_areas(user) -> list[dict]:
    """For each region subtree the user oversees: the region, its total unit count and
    its child regions with theirs. Two queries however large the tree."""
    scope = scope_for(user)
    if scope.everything:
        roots = Region.objects.filter(parent=None)
    else:
        roots = Region.objects.filter(path__in=scope.region_paths)
    roots = list(roots.annotate(unit_count=_unit_count_below()).order_by("path"))
    children = (
        Region.objects.filter(parent__in=roots)
        .annotate(unit_count=_unit_count_below())
        .order_by("code", "name")
    )
    by_parent: dict[int, list[Region]] = {}
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)
    return [{"region": root, "children": by_parent.get(root.pk, [])} for root in roots]


def unit_list(user, *, region: Region | None = None, kind: str = "", text: str = "") -> QuerySet:
    units = visible_units(user).select_related("region").order_by("region__path", "name")
    if region is not None:
        units = units.filter(region__path__startswith=region.path)
    if kind:
        units = units.filter(kind=kind)
    if text:
        units = units.filter(Q(name__icontains=text) | Q(region__name__icontains=text))
    return units


def region_choices(user) -> QuerySet[Region]:
    """Regions down to county level that the user may filter by."""
    return (
        visible_regions(user)
        .filter(level__in=["nation", "province", "city", "county"], is_active=True)
        .order_by("path")
    )


def unit_members(unit: Unit) -> QuerySet[Membership]:
    return (
        unit.memberships.select_related("user")
        .filter(user__is_active=True)
        .order_by("role", "user__full_name")
    )


def unit_counts_by_kind(user) -> dict[str, int]:
    rows = visible_units(user).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}

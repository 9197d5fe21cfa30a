import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from donations.signup import is_caring_person
from portal.models import Role
from portal.scoping import has_province_role, roles_of, scope_for


def _url(name: str) -> str:
    """reverse() of a link without arguments, worked out once per URLconf and script prefix
    rather than on every page (the menu has up to twenty)."""
    return _reversed(name, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def navigation(request):
    """The menu shows only what the person's roles may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items = [{"label": _("Home"), "url": _url("home"), "name": "home"}]
    audit = {
        "label": _("Security journal"),
        "url": _url("audit-journal"),
        "name": "audit-journal",
    }
    if roles == {Role.AUDITOR}:
        # The audit administrator reads the security journal and reaches nothing else.
        return {"nav_items": [*items, audit]}
    if roles & {Role.REVIEWER, Role.ADMIN}:
        items.append({"label": _("Units"), "url": _url("unit-list"), "name": "unit-list"})
    elif roles:
        # Someone who works in one unit goes straight to it; the unit list is for
        # those who oversee an area (or belong to several units).
        unit_ids = scope_for(user).unit_ids
        if len(unit_ids) == 1:
            url, name = reverse("unit-detail", args=[next(iter(unit_ids))]), "unit-detail"
        else:
            url, name = _url("unit-list"), "unit-list"
        items.append({"label": _("My unit"), "url": url, "name": name})
    if roles & {Role.REPORTER, Role.APPROVER}:
        items.append(
            {
                "label": _("Quarterly reports"),
                "url": _url("submissions:my-reports"),
                "name": "my-reports",
            }
        )
    if roles & {Role.REVIEWER, Role.ADMIN}:
        items += [
            {"label": _("Review queue"), "url": _url("submissions:queue"), "name": "queue"},
            {
                "label": _("Completeness"),
                "url": _url("submissions:completeness"),
                "name": "completeness",
            },
            {
                "label": _("Assessment"),
                "url": _url("submissions:assessment"),
                "name": "assessment",
            },
        ]
        items.append(
            {
                "label": _("Documents"),
                "url": _url("summaries:document-list"),
                "name": "documents",
            }
        )
    if roles:
        items.append(
            {
                "label": _("Campaigns"),
                "url": _url("campaigns:campaign-list"),
                "name": "campaign-list",
            }
        )
    if roles:
        # Donations: any unit's staff may propose projects, record gifts or wishes.
        items += [
            {
                "label": _("Claimable projects"),
                "url": _url("donations:project-list"),
                "name": "project-list",
            },
            {"label": _("Donations"), "url": _url("donations:drive-list"), "name": "drive-list"},
            {
                "label": _("Micro-wishes"),
                "url": _url("donations:wish-list"),
                "name": "wish-list",
            },
        ]
    else:
        # A caring person (爱心人士) signs in without a role to light up micro-wishes.
        items += [
            {
                "label": _("Micro-wishes"),
                "url": _url("donations:public-wishes"),
                "name": "public-wishes",
            },
            {
                "label": _("Wishes I lit up"),
                "url": _url("donations:my-claims"),
                "name": "my-claims",
            },
        ]
    if roles:
        # Units nominate, approvers sign off, judges score, administrators run programmes.
        items.append(
            {
                "label": _("Awards"),
                "url": _url("awards:programme-list"),
                "name": "programme-list",
            }
        )
    if roles:
        items.append({"label": _("Search"), "url": _url("submissions:search"), "name": "search"})
    if Role.ADMIN in roles and has_province_role(user, Role.ADMIN):
        # Holidays and make-up working days are the province's to enter, each November.
        items.append(
            {
                "label": _("Working-day calendar"),
                "url": _url("work-calendar"),
                "name": "work-calendar",
            }
        )
    if Role.ADMIN in roles:
        items.append({"label": _("System status"), "url": _url("status"), "name": "status"})
    if Role.SECURITY in roles:
        items.append(
            {
                "label": _("Security policy"),
                "url": _url("security-policy"),
                "name": "security-policy",
            }
        )
    if Role.AUDITOR in roles:
        items.append(audit)
    if user.is_staff and (Role.ADMIN in roles or user.is_superuser):
        items.append({"label": _("Administration"), "url": _url("admin:index"), "name": "admin"})
    if not roles:
        # Asked only by a page that speaks to a caring person (the 403 page): a query then.
        return {
            "nav_items": items,
            "caring_person": functools.cache(lambda: is_caring_person(user)),
        }
    return {"nav_items": items}

import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from donations.signup import is_caring_person
from portal.models import Role
from portal.scoping import has_province_role, roles_of, scope_for


def navigation(request):
    """The menu shows only what the person's roles may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items = [{"label": _("Home"), "url": reverse("home"), "name": "home"}]
    audit = {
        "label": _("Security journal"),
        "url": reverse("audit-journal"),
        "name": "audit-journal",
    }
    if roles == {Role.AUDITOR}:
        # The audit administrator reads the security journal and reaches nothing else.
        return {"nav_items": [*items, audit]}
    if roles & {Role.REVIEWER, Role.ADMIN}:
        items.append({"label": _("Units"), "url": reverse("unit-list"), "name": "unit-list"})
    elif roles:
        # Someone who works in one unit goes straight to it; the unit list is for
        # those who oversee an area (or belong to several units).
        unit_ids = scope_for(user).unit_ids
        if len(unit_ids) == 1:
            url, name = reverse("unit-detail", args=[next(iter(unit_ids))]), "unit-detail"
        else:
            url, name = reverse("unit-list"), "unit-list"
        items.append({"label": _("My unit"), "url": url, "name": name})
    if roles & {Role.REPORTER, Role.APPROVER}:
        items.append(
            {
                "label": _("Quarterly reports"),
                "url": reverse("submissions:my-reports"),
                "name": "my-reports",
            }
        )
    if roles & {Role.REVIEWER, Role.ADMIN}:
        items += [
            {"label": _("Review queue"), "url": reverse("submissions:queue"), "name": "queue"},
            {
                "label": _("Completeness"),
                "url": reverse("submissions:completeness"),
                "name": "completeness",
            },
            {
                "label": _("Assessment"),
                "url": reverse("submissions:assessment"),
                "name": "assessment",
            },
        ]
        items.append(
            {
                "label": _("Documents"),
                "url": reverse("summaries:document-list"),
                "name": "documents",
            }
        )
    if roles:
        items.append(
            {
                "label": _("Campaigns"),
                "url": reverse("campaigns:campaign-list"),
                "name": "campaign-list",
            }
        )
    if roles:
        # Donations: any unit's staff may propose projects, record gifts or wishes.
        items += [
            {
                "label": _("Claimable projects"),
                "url": reverse("donations:project-list"),
                "name": "project-list",
            },
            {"label": _("Donations"), "url": reverse("donations:drive-list"), "name": "drive-list"},
            {
                "label": _("Micro-wishes"),
                "url": reverse("donations:wish-list"),
                "name": "wish-list",
            },
        ]
    else:
        # A caring person (爱心人士) signs in without a role to light up micro-wishes.
        items += [
            {
                "label": _("Micro-wishes"),
                "url": reverse("donations:public-wishes"),
                "name": "public-wishes",
            },
            {
                "label": _("Wishes I lit up"),
                "url": reverse("donations:my-claims"),
                "name": "my-claims",
            },
        ]
    if roles:
        # Units nominate, approvers sign off, judges score, administrators run programmes.
        items.append(
            {
                "label": _("Awards"),
                "url": reverse("awards:programme-list"),
                "name": "programme-list",
            }
        )
    if roles:
        items.append({"label": _("Search"), "url": reverse("submissions:search"), "name": "search"})
    if Role.ADMIN in roles and has_province_role(user, Role.ADMIN):
        # Holidays and make-up working days are the province's to enter, each November.
        items.append(
            {
                "label": _("Working-day calendar"),
                "url": reverse("work-calendar"),
                "name": "work-calendar",
            }
        )
    if Role.ADMIN in roles:
        items.append({"label": _("System status"), "url": reverse("status"), "name": "status"})
    if Role.SECURITY in roles:
        items.append(
            {
                "label": _("Security policy"),
                "url": reverse("security-policy"),
                "name": "security-policy",
            }
        )
    if Role.AUDITOR in roles:
        items.append(audit)
    if user.is_staff and (Role.ADMIN in roles or user.is_superuser):
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "name": "admin"})
    if not roles:
        # Asked only by a page that speaks to a caring person (the 403 page): a query then.
        return {
            "nav_items": items,
            "caring_person": functools.cache(lambda: is_caring_person(user)),
        }
    return {"nav_items": items}

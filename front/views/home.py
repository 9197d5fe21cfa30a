from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from awards.home import home_context as awards_home
from campaigns.home import home_context as campaigns_home
from donations.home import home_context as donations_home
from donations.signup import is_caring_person
from front.county_map import county_map_context
from front.dashboard import dashboard_context
from front.glance import Glance, official_region
from portal import clock, selectors, workdays
from portal.db_router import reads_from_replica
from portal.models import REGION_WIDE_ROLES, Role
from portal.scoping import has_province_role, roles_of
from submissions.selectors.queue import waiting_count
from submissions.selectors.reports import reports_back_with, unit_quarters
from submissions.selectors.standing import own_standings
from summaries.home import home_context as summaries_home

# Each app adds what its home card (templates/<app>/_home.html) needs.
APP_HOME_CONTEXTS = [campaigns_home, summaries_home, awards_home, donations_home]


@require_safe
@login_required
@reads_from_replica
def home(request):
    memberships = selectors.memberships_of(request.user)
    oversees = request.user.is_superuser or any(m.role in REGION_WIDE_ROLES for m in memberships)
    context = {
        "memberships": memberships,
        "own_units": sorted(
            {m.unit for m in memberships if m.role not in REGION_WIDE_ROLES}, key=lambda u: u.pk
        ),
        "areas": selectors.overseen_areas(request.user) if oversees else [],
    }
    # A member of the public who lights up wishes: their home speaks to them.
    context["caring_person"] = not memberships and is_caring_person(request.user)
    roles = roles_of(request.user)
    if roles & {Role.REPORTER, Role.APPROVER}:
        (year, quarter), rows = unit_quarters(request.user)
        context.update(period_year=year, period_quarter=quarter, quarter_rows=rows)
        # Their unit's points and rank in this calendar year's assessment.
        standing_year = clock.china_today().year
        standings = own_standings([row["unit"] for row in rows], standing_year)
        for row in rows:
            row["standing"] = standings.get(row["unit"].pk)
        context["standing_year"] = standing_year
    if Role.REPORTER in roles:
        # Reports returned or sent back: the first of the reporter's to-dos.
        context["reports_back"] = reports_back_with(request.user)
    if Role.REVIEWER in roles:
        context["waiting_count"] = waiting_count(request.user)
    if Role.ADMIN in roles and has_province_role(request.user, Role.ADMIN):
        context["calendar_admin"] = True
        context["missing_years"] = workdays.missing_years(timezone.localdate())
    for home_context in APP_HOME_CONTEXTS:
        context.update(home_context(request.user))
    # A province's or city's official: the charts and the map read its figures once.
    region = official_region(memberships)
    glance = Glance(request.user, region, clock.china_today()) if region else None
    context.update(dashboard_context(glance))
    context.update(county_map_context(request, glance))
    return render(request, "front/home.html", context)

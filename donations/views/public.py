"""Public pages: no sign-in. They show published projects, disclosed donors and the
disclosed use of funds only; never a phone number, ID number, address or household."""

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from donations import public_cache, rules, selectors, services
from donations.forms import PledgeForm
from donations.models import Certificate, Drive, Project, ProjectStatus
from portal.models import Region


@require_safe
def public_index(request):
    region = None
    if request.GET.get("region", "").isdigit():
        region = get_object_or_404(Region, pk=request.GET["region"])
    key = f"index:{region.pk if region else 0}"

    def compute():
        _region, children = selectors.public_regions(region)
        projects = selectors.public_projects(region)
        return {
            "children": children,
            "projects": projects,
            "breadcrumbs": list(region.ancestors()) if region else [],
            "drives": list(selectors.public_drives()),
            "open_drives": list(selectors.open_drives(timezone.localdate())),
            "totals": {
                "budget": sum((p.budget for p in projects), start=0),
                "received": sum((p.received for p in projects), start=0),
                "needed": sum((p.still_needed for p in projects), start=0),
            },
        }

    context = public_cache.cached(key, compute)
    return render(request, "donations/public/index.html", {"region": region, **context})


@require_safe
def public_project(request, pk: int):
    def compute():
        project = selectors.public_project(pk)
        return {
            "project": project,
            "donors": selectors.public_donors(project=project),
            "spendings": selectors.public_spendings(project),
            "photo_ids": [a.pk for a in project.photos.all()],
            "open_drives": [
                d
                for d in selectors.open_drives(timezone.localdate())
                if d.unit_id == project.office_id
            ],
        }

    context = public_cache.cached(f"project:{pk}", compute)
    return render(request, "donations/public/project.html", context)


@require_safe
def public_project_photo(request, pk: int, photo: str):
    project = get_object_or_404(
        Project, pk=pk, status__in=[ProjectStatus.PUBLISHED, ProjectStatus.ENDED]
    )
    attachment = get_object_or_404(project.photos.all(), pk=photo)
    if not attachment.content_type.startswith("image/"):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


DONORS_PER_PAGE = 200


@require_safe
def public_drive(request, pk: int):
    """The drive's disclosure (公示): donors and what they gave, once disclosed, a page
    of donors at a time; the total covers every disclosed donor."""
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() else 1

    def compute():
        drive = get_object_or_404(Drive.objects.exclude(donors_disclosed_at=None), pk=pk)
        figures = selectors.disclosed_total(drive=drive)
        num_pages = max(1, -(-figures["donors"] // DONORS_PER_PAGE))
        page = min(max(number, 1), num_pages)
        offset = (page - 1) * DONORS_PER_PAGE
        rows = selectors.public_donor_rows(drive=drive)[offset : offset + DONORS_PER_PAGE]
        return {
            "drive": drive,
            "donors": [selectors.public_donor(row) for row in rows],
            "page_number": page,
            "num_pages": num_pages,
            "donor_count": figures["donors"],
            "total": figures["total"],
        }

    context = public_cache.cached(f"drive:{pk}:{number}", compute)
    return render(request, "donations/public/drive.html", context)


def _client_ip(request) -> str:
    # The proxy in front of the portal sets REMOTE_ADDR to the visitor (gunicorn behind
    # nginx with the real-ip module); a forwarded header could be forged, so it is not used.
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_limited(request) -> bool:
    """A simple fixed window per IP: at most PUBLIC_PLEDGES_PER_HOUR intentions an hour."""
    key = f"donations:pledge-rate:{_client_ip(request)}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60 * 60)
        count = 1
    return count > rules.PUBLIC_PLEDGES_PER_HOUR


@require_http_methods(["GET", "POST"])
def public_pledge(request, pk: int):
    today = timezone.localdate()
    drive = get_object_or_404(selectors.open_drives(today), pk=pk)
    projects = Project.objects.filter(status=ProjectStatus.PUBLISHED, office=drive.unit)
    villages = selectors.villages_under(drive.unit.region)
    form = PledgeForm(
        request.POST or None,
        projects=projects,
        villages=villages,
        public=True,
        initial={"project": request.GET.get("project"), "designation": "project"}
        if request.GET.get("project")
        else None,
    )
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            messages.error(
                request,
                _(
                    "Too many pledge intentions from your connection in the last hour. "
                    "Please try again later, or call the county office."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.pledge_intention_submit(
                    drive=drive,
                    donor_type=data["donor_type"],
                    donor_name=data["donor_name"],
                    kind=data["kind"],
                    amount=data["amount"],
                    designation=data["designation"],
                    project=data["project"],
                    village=data["village"],
                    items=data["items"],
                    anonymous=data["anonymous"],
                    contact_phone=data["contact_phone"],
                    note=data["note"],
                )
            except services.DonationError as error:
                messages.error(request, str(error))
            else:
                return redirect("donations:public-thanks")
    return render(
        request, "donations/public/pledge.html", {"drive": drive, "form": form}, status=status
    )


@require_safe
def public_thanks(request):
    return render(request, "donations/public/thanks.html")


@require_safe
def certificate_verify(request, token):
    certificate = get_object_or_404(
        Certificate.objects.select_related("pledge__drive"), token=token
    )
    return render(request, "donations/public/certificate.html", {"certificate": certificate})


@require_safe
def public_wishes(request):
    wishes = public_cache.cached("wishes", lambda: list(selectors.public_wishes()[:200]))
    return render(request, "donations/public/wishes.html", {"wishes": wishes})

"""Administrators: programmes, their categories, tiers, criteria, nominating units, judges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import selectors, services
from awards.forms import (
    SECTIONS,
    ProgrammeCopyForm,
    ProgrammeForm,
    TierFormSet,
    setup_formsets,
)
from awards.models import Category, NominationStatus, Programme, ProgrammeStatus
from awards.services import AwardError, can_administer
from awards.views._common import programme_for_admin
from portal import versions
from portal.models import Role
from portal.scoping import has_role


@require_safe
@login_required
def programme_list(request):
    programmes = list(selectors.programmes_for(request.user))
    context = {
        "programmes": programmes,
        "may_create": has_role(request.user, Role.ADMIN),
    }
    return render(request, "awards/programme_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def programme_create(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programme = services.programme_create(
            user=request.user, organiser=data.pop("organiser"), **data
        )
        messages.success(request, _("Programme created: now add its categories and criteria."))
        return redirect("awards:programme-edit", programme.pk)
    return render(request, "awards/programme_form.html", {"form": form})


@require_safe
@login_required
def programme_detail(request, pk: int):
    programme = selectors.programme_for_user(request.user, pk)
    return _detail_page(request, programme)


def _detail_page(request, programme, copy_form=None):
    is_admin = can_administer(request.user, programme)
    nominations = list(selectors.nominations_for(request.user, programme))
    counts = {status: 0 for status in NominationStatus.values}
    for nomination in nominations:
        counts[nomination.status] += 1
    context = {
        "programme": programme,
        "is_admin": is_admin,
        "categories": programme.categories.prefetch_related("tiers"),
        "criteria": programme.criteria.all(),
        "nominators": selectors.nominating_units(request.user, programme),
        "filing_units": selectors.filing_units(request.user, programme),
        "nominations": nominations,
        "counts": counts,
        "statuses": NominationStatus,
        "is_judge": selectors.judge_of(request.user, programme) is not None,
        "open_objections": programme.objections.filter(settled_at=None).count() if is_admin else 0,
        "copy_form": copy_form or ProgrammeCopyForm(initial={"year": programme.year + 1}),
    }
    return render(request, "awards/programme_detail.html", context)


# Each section of the set-up: its heading and what the administrator should know.
SECTION_TEXTS = {
    "categories": (
        gettext_lazy("Categories"),
        gettext_lazy(
            "For a works contest, each theme is a category that takes a work with its author."
        ),
    ),
    "criteria": (gettext_lazy("Judging criteria"), ""),
    "nominators": (gettext_lazy("Units that may nominate, and how many each"), ""),
    "judges": (
        gettext_lazy("Judges and the categories they score"),
        gettext_lazy("A judge never sees nominations from their own unit."),
    ),
}


def _open_programme(request, pk: int):
    """The programme for its administrator, or a redirect once its list is published."""
    programme = programme_for_admin(request.user, pk)
    if programme.status != ProgrammeStatus.OPEN:
        messages.info(
            request, _("The list has been published: the programme can no longer change.")
        )
        return programme, redirect("awards:programme-detail", programme.pk)
    return programme, None


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request, pk: int):
    """The set-up's first page: the programme's own fields, and each section in brief with
    a link to its page (a page of every formset at once took seconds to draw and save).
    A post may still carry sections with the fields (all at once, as scripts do): those
    present are saved with them, in one transaction."""
    programme, refused = _open_programme(request, pk)
    if refused:
        return refused
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme, user=request.user)
    posted = [name for name in SECTIONS if data is not None and f"{name}-TOTAL_FORMS" in data]
    formsets = setup_formsets(programme, request.user, data, names=posted)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            with transaction.atomic():
                current = versions.lock(
                    Programme,
                    programme,
                    form.cleaned_data.get("version"),
                    error=services.ConcurrentEdit,
                )
                form.instance.version = current.version + 1
                form.save()
                for formset in formsets.values():
                    formset.save()
                services._log(programme, "awards.programme.changed", request.user)
        except services.ConcurrentEdit as error:
            # Someone else saved the set-up (or moved the programme on) since this page
            # was shown: nothing is written, the entries stay in the form with the message.
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Programme saved."))
            return redirect("awards:programme-edit", programme.pk)
    context = {
        "programme": programme,
        "form": form,
        "sections": [
            {"name": name, "title": SECTION_TEXTS[name][0], "formset": formsets.get(name)}
            for name in SECTIONS
        ],
        **selectors.setup_summary(programme),
        **formsets,
    }
    return render(request, "awards/programme_edit.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def programme_section(request, pk: int, section: str):
    """One section of the set-up (categories, criteria, nominating units or judges), saved
    on its own against the programme's version the page showed, and journaled."""
    programme, refused = _open_programme(request, pk)
    if refused:
        return refused
    if section not in SECTIONS:
        raise Http404
    data = request.POST if request.method == "POST" else None
    formset = setup_formsets(programme, request.user, data, names=[section])[section]
    conflict = ""
    if data is not None and formset.is_valid():
        try:
            services.setup_part_save(
                programme=programme,
                formset=formset,
                version=_seen_version(request),
                user=request.user,
                action="awards.programme.changed",
                section=section,
            )
        except services.ConcurrentEdit as error:
            conflict = str(error)
        if not conflict:
            messages.success(request, _("Programme saved."))
            return redirect("awards:programme-edit", programme.pk)
    title, help_text = SECTION_TEXTS[section]
    context = {
        "programme": programme,
        "section": section,
        "title": title,
        "help_text": help_text,
        "formset": formset,
        "version": request.POST.get("version") or programme.version,
        "conflict": conflict,
    }
    return render(request, "awards/programme_section.html", context)


def _seen_version(request) -> int | None:
    """The programme's version the page showed (its hidden field), if it is a number."""
    seen = request.POST.get("version", "")
    return int(seen) if seen.isdigit() else None


@require_http_methods(["GET", "POST"])
@login_required
def category_tiers(request, pk: int):
    category = get_object_or_404(Category.objects.select_related("programme"), pk=pk)
    programme = programme_for_admin(request.user, category.programme_id)
    if programme.status != ProgrammeStatus.OPEN:
        return redirect("awards:programme-detail", programme.pk)
    formset = TierFormSet(request.POST or None, instance=category, prefix="tiers")
    conflict = ""
    if request.method == "POST" and formset.is_valid():
        # Tiers are part of the programme's set-up: saved against the programme's version
        # the page showed, and recorded in the journal.
        try:
            services.setup_part_save(
                programme=programme,
                formset=formset,
                version=_seen_version(request),
                user=request.user,
                action="awards.category.tiers_changed",
                category=category.pk,
            )
        except services.ConcurrentEdit as error:
            conflict = str(error)
        if not conflict:
            messages.success(request, _("Tiers saved."))
            return redirect("awards:programme-edit", programme.pk)
    context = {
        "programme": programme,
        "category": category,
        "formset": formset,
        "version": request.POST.get("version") or programme.version,
        "conflict": conflict,
    }
    return render(request, "awards/category_tiers.html", context)


@require_POST
@login_required
def programme_copy(request, pk: int):
    programme = programme_for_admin(request.user, pk)
    form = ProgrammeCopyForm(request.POST)
    if not form.is_valid():
        # The programme's page again, the year as typed with its error beside it.
        return _detail_page(request, programme, copy_form=form)
    try:
        copy = services.programme_copy(
            programme=programme, user=request.user, year=form.cleaned_data["year"]
        )
    except AwardError as error:
        form.add_error("year", str(error))
        return _detail_page(request, programme, copy_form=form)
    messages.success(request, _("Copied: check the dates, the document and the judges."))
    return redirect("awards:programme-edit", copy.pk)

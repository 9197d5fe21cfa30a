"""The audit administrator's pages: the journal, its Excel copy and the chain's verification.
Read-only: nothing here (or anywhere) edits or deletes an entry."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal import audit, journal, journal_chain, security_events
from portal.models import JournalEntry

PAGE_SIZE = 50


@require_safe
@login_required
def audit_journal(request):
    audit.require_auditor(request.user)
    form = audit.JournalFilterForm(request.GET or None)
    entries = audit.journal_entries(**form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": audit.rows(page.object_list),
        "export_query": export_query.urlencode(),
        "export_limit": audit.EXPORT_LIMIT,
    }
    return render(request, "portal/audit/journal.html", context)


@require_safe
@login_required
def audit_export(request):
    audit.require_auditor(request.user)
    form = audit.JournalFilterForm(request.GET or None)
    content, count = audit.workbook(audit.journal_entries(**form.filters()))
    security_events.record_export(request, "portal.journal", count)
    response = HttpResponse(content, content_type=audit.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="journal.xlsx"'
    return response


@require_safe
@login_required
def audit_verify(request):
    audit.require_auditor(request.user)
    result = journal_chain.seal_and_verify()
    security_events.record_event(
        request,
        security_events.JOURNAL_VERIFIED,
        result="success" if result.ok else "broken",
        count=result.count,
        broken_seq=result.seq,
    )
    broken = None
    if not result.ok:
        broken = journal.labelled(JournalEntry.objects.filter(pk=result.pk).select_related("actor"))
    context = {"result": result, "broken": broken[0] if broken else None}
    return render(request, "portal/audit/verify.html", context)

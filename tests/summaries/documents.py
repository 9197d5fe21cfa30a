"""Issued documents for the document pages' tests, made through the services."""

from datetime import date

from portal import documents
from portal.clock import china_today
from summaries import figures, services
from summaries.models import DocumentKind, IssuedDocument


def province_summary(world, *, make=True, queue=True):
    """The province's year-end summary, made here (`make`), or left waiting for its job
    (`queue`), or waiting with no job at all, as one whose task was lost."""
    document, _ = services.document_request(
        user=world.province_admin,
        kind=DocumentKind.YEAR_END,
        figures=figures.year_end(world.province_admin, world.province, 2026, china_today()),
        title="陕西省2026年度扶贫宣传工作总结",
        doc_number="陕扶办〔2026〕12号",
        issuer="陕西省扶贫开发办公室",
        issue_date=date(2026, 12, 31),
        region=world.province,
        make_later=queue and not make,
    )
    return documents.make(IssuedDocument, document.pk) if make else document


def yanchang_printout(world, report):
    document, _ = services.document_request(
        user=world.reporter,
        kind=DocumentKind.UNIT_REPORT,
        figures=figures.unit_report(report),
        title="延长县扶贫开发局2026年第3季度宣传报告",
        issue_date=date(2026, 11, 1),
        unit=report.unit,
    )
    return documents.make(IssuedDocument, document.pk)

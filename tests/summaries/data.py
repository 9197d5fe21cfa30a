"""The summaries' test data: a year of reports built through the real services.

2026 Q3 (its deadline has passed, so units that filed nothing are missing, and the
reports signed off now are late):
- 延长县扶贫开发局: 3 items, all adopted: 2×1.5 + 4 + 8 = 15 points;
- 靖边县扶贫开发局: 3 items, one adopted with 10 points set by hand, one adopted (4),
  one rejected: 14 points;
- 延川县扶贫开发局: nothing filed (missing).
"""

from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.models import Role
from submissions import services
from submissions.models import MediaLevel, MediaType, ReviewResult, ScoringRule, ScoringYear
from tests.conftest import built_once_per_module_or_now
from tests.factories import person
from tests.submissions.builders import submitted_report


@pytest.fixture
def rules(request, db):
    if "_year_2026_of_module" not in request.fixturenames:  # else built with the year
        build_rules()


def build_rules() -> None:
    year = ScoringYear.objects.create(
        year=2026, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal("2")
    )
    for level, media_type, points in [
        (MediaLevel.MUNICIPAL, MediaType.NEWSPAPER, "2"),
        (MediaLevel.PROVINCIAL, MediaType.NEWSPAPER, "4"),
        (MediaLevel.CENTRAL, MediaType.ONLINE, "8"),
    ]:
        ScoringRule.objects.create(
            scoring_year=year, media_level=level, media_type=media_type, points=Decimal(points)
        )


@pytest.fixture
def year_2026(request, world, rules):
    return built_once_per_module_or_now(request, "year_2026", build_year_2026, world)


def build_year_2026(world) -> dict:
    """The year's reports (see above); needs the scoring rules (`build_rules`)."""
    reviewer = world.province_reviewer
    yanchang = submitted_report(world, n_items=3)
    services.items_review_bulk(
        report=yanchang,
        user=reviewer,
        item_ids=list(yanchang.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    yanchang.refresh_from_db()
    services.report_adopt(report=yanchang, user=reviewer, version=yanchang.version)

    jingbian = submitted_report(
        world,
        n_items=3,
        unit=world.jingbian_bureau,
        reporter=world.outsider_reporter,
        approver=person("jingbian_approver", world.jingbian_bureau, Role.APPROVER),
    )
    first, second, third = jingbian.items.order_by("pk")
    services.item_review(
        item=first,
        user=reviewer,
        result=ReviewResult.ADOPTED,
        version=first.version,
        points_override=Decimal("10"),
        override_reason="央视转载",
    )
    services.item_review(
        item=second, user=reviewer, result=ReviewResult.ADOPTED, version=second.version
    )
    services.item_review(
        item=third, user=reviewer, result=ReviewResult.REJECTED, version=third.version,
        reason="与上季度重复",
    )  # fmt: skip
    jingbian.refresh_from_db()
    services.report_adopt(report=jingbian, user=reviewer, version=jingbian.version)
    yanchang.refresh_from_db()
    jingbian.refresh_from_db()
    return {"yanchang": yanchang, "jingbian": jingbian}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(data: bytes) -> dict[str, str]:
    """The PDF's fonts: base name -> the font file kind embedded (FontFile2/FontFile3)."""
    reader = PdfReader(BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            kinds = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
            fonts[str(font["/BaseFont"])] = kinds[0] if kinds else ""
    return fonts


def table_rows(sheet) -> list[tuple]:
    """An Excel twin's table, header row first, without the document's heading above it
    (the header row is the one the sheet keeps in view)."""
    header_row = int(sheet.freeze_panes.lstrip("A")) - 1
    return list(sheet.iter_rows(min_row=header_row, values_only=True))

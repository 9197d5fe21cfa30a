"""The donations test world: the shared `world` plus a township government with its
reporter, two villages, a helping unit, a drive and a caring person.

    延长县 (county)   county bureau: reporter, approver (screens, records pledges)
    └── 七里村街道     township office: township_reporter (proposes, confirms goods)
        ├── 凉水岸村
        └── 七里村社区
    延川县            neighbour county, its own bureau
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from donations import services
from portal.models import RegionLevel, Role, UnitKind
from tests.conftest import built_once_per_module_or_now
from tests.factories import RegionFactory, UnitFactory, person


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


@pytest.fixture
def dw(request, world):
    return built_once_per_module_or_now(request, "dw", build_dw, world)


def build_dw(world):
    w = world
    w.village = RegionFactory(name="凉水岸村", level=RegionLevel.VILLAGE, parent=w.qilicun)
    w.village2 = RegionFactory(name="七里村社区", level=RegionLevel.VILLAGE, parent=w.qilicun)
    w.other_township = RegionFactory(name="延水关镇", level=RegionLevel.TOWNSHIP, parent=w.yanchuan)
    w.other_village = RegionFactory(
        name="延水关村", level=RegionLevel.VILLAGE, parent=w.other_township
    )
    w.township_office = UnitFactory(name="七里村街道办事处", region=w.qilicun, kind=UnitKind.OTHER)
    w.township_reporter = person("township", w.township_office, Role.REPORTER, full_name="赵乡长")
    w.helping_unit = UnitFactory(
        name="陕西省统计局驻延长县帮扶工作队", region=w.yanchang, kind=UnitKind.HELPING_UNIT
    )
    w.helper = person("helper", w.helping_unit, Role.REPORTER, full_name="孙帮扶")
    w.helper_leader = person("helper_leader", w.helping_unit, Role.APPROVER)
    w.drive = services.drive_create(
        user=w.reporter,
        unit=w.yanchang_bureau,
        title="2026年扶贫日募捐",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 17),
        stats_due=date(2026, 10, 10),
    )
    return w


def make_project(w, *, budget="100000.00", publish=True, village=None, title="凉水岸村苹果冷库"):
    project = services.project_propose(
        user=w.township_reporter,
        unit=w.township_office,
        village=village or w.village,
        title=title,
        purpose="建设苹果冷库一座",
        category="industry",
        budget=Decimal(budget),
        claim_deadline=date(2026, 12, 31),
    )
    if publish:
        services.project_screen(user=w.approver, project=project, accept=True)
    return project


def make_pledge(w, *, amount="10000.00", designation="none", project=None, village=None, **kw):
    defaults = {
        "donor_type": "enterprise",
        "donor_name": "延长石油有限公司",
        "kind": "cash",
    }
    defaults.update(kw)
    return services.pledge_record(
        user=w.reporter,
        drive=w.drive,
        amount=Decimal(amount),
        designation=designation,
        project=project,
        village=village,
        **defaults,
    )


def pay(w, pledge, amount, on=date(2026, 10, 1), ref="BANK-1"):
    return services.receipt_record_cash(
        user=w.reporter, pledge=pledge, amount=Decimal(amount), received_on=on, reference=ref
    )


@pytest.fixture
def browse(client_for):
    """Sign in as a person and read the portal in English (the msgids)."""

    def sign_in(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in

"""A project photo whose file is gone from storage: the public page shows a muted box
saying so, never the browser's broken-image icon."""

import pytest
from playwright.sync_api import expect

from portal.services import attachment_create
from tests.donations.conftest import (
    dw,  # noqa: F401 - the donations world fixture
    make_project,
    png,
)

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_photo_whose_file_is_gone_shows_a_placeholder(page, live_server, dw):  # noqa: F811
    project = make_project(dw)
    kept, lost = (
        attachment_create(
            unit=dw.township_office, uploaded=png(name), uploaded_by=dw.township_reporter
        )
        for name in ("冷库.png", "丢失.png")
    )
    project.photos.add(kept, lost)
    lost.file.storage.delete(lost.file.name)

    page.goto(f"/donations/public/projects/{project.pk}/")
    expect(page.get_by_test_id("image-fallback")).to_have_count(1)
    expect(page.get_by_test_id("image-fallback")).to_have_text("项目照片暂无法显示")
    expect(page.get_by_test_id("image-fallback")).to_be_visible()
    # The photo still on disk shows; none is left broken.
    expect(page.get_by_test_id("project-photo")).to_have_count(1)
    page.wait_for_load_state("load")
    broken = page.evaluate(
        "[...document.images].filter((img) => img.complete && img.naturalWidth === 0).length"
    )
    assert broken == 0
    assert page.get_by_test_id("project-photo").evaluate("(img) => img.naturalWidth") > 0

"""What the browser tests do on a report page."""


def add_item(page, title: str, *, published_on: str = "2026-08-17") -> None:
    """Fill in the add form on the report page, save it and wait for the item's row."""
    form = page.get_by_test_id("item-form")
    form.locator("#id_title").fill(title)
    form.locator("#id_outlet").fill("延安日报")
    form.locator("#id_media_level").select_option("municipal")
    form.locator("#id_media_type").select_option("newspaper")
    form.locator("#id_published_on").fill(published_on)
    form.locator("#id_category").select_option("industry")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("items").get_by_text(title).wait_for()

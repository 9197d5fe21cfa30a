"""The search's bigram index: every write keeps an item's character pairs in step with
its text, and a two-character Chinese word finds exactly the items holding it, through
the GIN index on PostgreSQL and plain icontains on SQLite."""

from django.db import connection

from submissions import services
from submissions.models import Item
from submissions.search_text import bigram_text, bigrams
from submissions.selectors.overview import search_items
from tests.submissions.builders import item_data


def test_pairs_of_letters_and_digits_lower_cased_once_each():
    assert bigrams("苹果产业") == ["苹果", "果产", "产业"]
    # Punctuation and spaces break pairs; Latin text is lower-cased.
    assert bigrams("延长县：苹果 App") == ["延长", "长县", "苹果", "ap", "pp"]
    assert bigrams("苹果苹果", "苹果") == ["苹果", "果苹"]
    assert bigrams("苹", "", None) == []


def _item(world, report, **fields):
    return services.item_create(report=report, user=world.reporter, data={**item_data(0), **fields})


def _report(world):
    return services.report_start(
        unit=world.yanchang_bureau, year=2026, quarter=3, user=world.reporter
    )


def test_creating_and_editing_an_item_keeps_its_pairs(world):
    item = _item(world, _report(world), title="苹果产业", outlet="延安日报", author_names="张红梅")
    item.refresh_from_db()
    assert item.search_bigrams == bigram_text("苹果产业", "延安日报", "张红梅")
    services.item_update(
        item=item,
        user=world.reporter,
        data={**item_data(0), "title": "红枣丰收", "outlet": "陕西日报", "author_names": ""},
        version=item.version,
    )
    item.refresh_from_db()
    assert item.search_bigrams == "红枣 枣丰 丰收 陕西 西日 日报"


def test_imported_items_get_their_pairs(world):
    report = _report(world)
    services.items_import(
        report=report,
        user=world.reporter,
        rows=[{**item_data(0), "title": "光伏扶贫电站并网"}, {**item_data(1), "title": "电商进村"}],
    )
    stored = dict(report.items.values_list("title", "search_bigrams"))
    assert "光伏" in stored["光伏扶贫电站并网"].split()
    assert "电商" in stored["电商进村"].split() and "光伏" not in stored["电商进村"].split()


def _titles(user, text):
    return sorted(item.title for item in search_items(user, text=text))


def test_a_two_character_word_finds_exactly_the_items_holding_it(world):
    report = _report(world)
    for title in ["苹果产业带动脱贫", "红枣产业", "洛川苹果园", "苹果和果园"]:
        _item(world, report, title=title)
    _item(world, report, title="县城新闻", outlet="苹果日报")
    _item(world, report, title="张红梅的报道", author_names="苹果")
    reviewer = world.province_reviewer
    assert _titles(reviewer, "苹果") == sorted(
        ["苹果产业带动脱贫", "洛川苹果园", "苹果和果园", "县城新闻", "张红梅的报道"]
    )
    # 苹果和果园 holds both pairs of 苹果园 (苹果, 果园) but not the word itself.
    assert _titles(reviewer, "苹果园") == ["洛川苹果园"]
    assert _titles(reviewer, "产业 苹果") == ["苹果产业带动脱贫"]
    assert _titles(reviewer, "西瓜") == []
    # A single character has no pair: it is matched as a substring alone.
    assert _titles(reviewer, "枣") == ["红枣产业"]


def test_latin_words_match_whatever_their_case(world):
    report = _report(world)
    _item(world, report, title="用App卖苹果")
    assert _titles(world.province_reviewer, "APP") == ["用App卖苹果"]
    assert _titles(world.province_reviewer, "app卖") == ["用App卖苹果"]


def test_postgresql_serves_a_two_character_word_from_the_bigram_index(world):
    report = _report(world)
    _item(world, report, title="苹果产业")
    found = search_items(world.province_reviewer, text="苹果")
    if connection.vendor != "postgresql":
        # SQLite: plain substring matching, no text-search SQL.
        assert "to_tsvector" not in str(found.query)
        assert [item.title for item in found] == ["苹果产业"]
        return
    assert "to_tsvector" in str(found.query)
    assert [item.title for item in found] == ["苹果产业"]
    with connection.cursor() as cursor:
        # The table is tiny, so scans would win; leave only bitmap scans, which need an
        # index matching the condition, to see whether the GIN index serves the lookup.
        for plan_type in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{plan_type} = off")
        plan = Item.objects.filter(search_bigrams__has_bigrams="苹果").explain()
    assert "Bitmap Index Scan on item_search_bigrams" in plan


def test_bulk_created_items_can_be_given_their_pairs(world):
    """demo.py and the bench write items in bulk, past save(): they set the pairs themselves
    with bigram_text, which must give what save() gives."""
    item = _item(
        world, _report(world), title="易地搬迁新村", outlet="延安日报", author_names="李建国"
    )
    item.refresh_from_db()
    assert item.search_bigrams == bigram_text(item.title, item.outlet, item.author_names)
    assert Item.objects.filter(search_bigrams__contains="搬迁").count() == 1

"""The API fuzzed against its own live schema (schemathesis) over real HTTP, as a program
outside the portal would call it: the schema fetched from the test's live server
(pytest-django's live_server) and every operation called there with a token, as a county
reporter, a city reviewer and a reporter of another city. No 500, every answer as the schema
describes it, and no answer holding data of a unit outside the person's part of the tree.

Two tests per person, every operation a subtest of one of them (GROUPS), so that
pytest-xdist spreads the six over its workers: one for the operations on items and reports
(the writes among them), one for all the others. Each builds the person's world, and its
operations meet it as the earlier ones left it: in the schema's order, the writes meet what
the ones before them did (an item deleted, a report handed on), as a program's would. The
schema is fetched and parsed once per process. Bounded (a few examples per operation, no
shrinking) so that each test takes seconds."""

import functools
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from api import services as token_services
from submissions import services
from tests.api.builders import disclosed_drive, published_project
from tests.api.test_campaigns_awards_donations import final_programme
from tests.campaigns.builders import assignment_of, file_progress, published_campaign
from tests.submissions.builders import draft_report, item_data

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]

# Strings found only in one part of the tree, by whose data they are.
YANCHANG = ["延长县独有的宣传稿件", "延长县独有的项目", "延长县独有的募捐"]
YANCHANG += ["在延安日报发表报道两篇"]  # 延长's progress on its assignment
YANCHUAN = ["延川县独有的宣传稿件", "延川县扶贫开发局"]
YANAN = ["延安市独有的表彰"]
JINGBIAN = ["靖边县独有的宣传稿件", "靖边县扶贫开发局", "靖边县独有的项目", "靖边县独有的募捐"]
YULIN = ["榆林市", "榆林市独有的表彰"]
# What each person fuzzed must never read. The province's programme is everyone's: its
# winners (of 延长县扶贫开发局) are shown to the whole province.
FORBIDDEN = {
    "reporter": YANCHUAN + JINGBIAN + YULIN,
    "city_reviewer": JINGBIAN + YULIN,
    "outsider_reporter": YANCHANG + YANCHUAN + YANAN + ["延安市"],
}


def unit_report(world, unit, reporter, title: str):
    """A report of the unit, whose one item has a title found nowhere else."""
    report = draft_report(world, n_items=0, unit=unit, reporter=reporter)
    services.item_create(report=report, user=reporter, data={**item_data(0), "title": title})
    return report


@pytest.fixture
def fuzzed(world, who, settings):
    """The world the fuzzer works in, as one person: their token, the ids it may try (their
    own and others'), and the strings no answer to them may hold."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "100000/min"},
    }
    reports = [
        draft_report(world, n_items=2),
        unit_report(world, world.yanchang_bureau, world.reporter, "延长县独有的宣传稿件"),
        unit_report(world, world.yanchuan_bureau, world.neighbour_reporter, "延川县独有的宣传稿件"),
        unit_report(world, world.jingbian_bureau, world.outsider_reporter, "靖边县独有的宣传稿件"),
    ]
    campaign = published_campaign(world)
    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    programmes = [
        final_programme(world, world.province_office),
        final_programme(world, world.yanan_office, title="延安市独有的表彰"),
        final_programme(world, world.yulin_office, title="榆林市独有的表彰"),
    ]
    counties = [
        (world.yanchang_bureau, world.reporter, "延长县"),
        (world.jingbian_bureau, world.outsider_reporter, "靖边县"),
    ]
    projects = [
        published_project(unit, created_by=person, title=f"{county}独有的项目")
        for unit, person, county in counties
    ]
    drives = [disclosed_drive(unit, title=f"{county}独有的募捐") for unit, _, county in counties]
    _token, secret = token_services.token_create(user=getattr(world, who), name="fuzz")
    return SimpleNamespace(
        headers={"Authorization": f"Bearer {secret}"},
        forbidden=FORBIDDEN[who],
        ids={
            "regions": [world.yanchang.pk, world.yanchuan.pk, world.jingbian.pk, world.yulin.pk],
            "units": [world.yanchang_bureau.pk, world.yanchuan_bureau.pk, world.jingbian_bureau.pk],
            "reports": [r.pk for r in reports],
            "items": [i.pk for r in reports for i in r.items.all()],
            "campaigns": [campaign.pk],
            "assignments": list(campaign.activities.values_list("assignments", flat=True)),
            "awards": [p.pk for p in programmes],
            "projects": [p.pk for p in projects],
            "drives": [d.pk for d in drives],
        },
    )


def aim(case, ids: dict) -> None:
    """Most generated ids point at nothing: aim most at real objects, ours and others'."""
    if "id" not in (case.path_parameters or {}):
        return
    parts = case.operation.path.split("/")
    pool = ids.get(parts[parts.index("{id}") - 1], [])
    generated = case.path_parameters["id"]
    if isinstance(generated, str) and generated.isdigit():
        generated = int(generated)
    if isinstance(generated, int) and not isinstance(generated, bool):
        choice = abs(generated) % (len(pool) + 1)
        if choice < len(pool):
            case.path_parameters["id"] = pool[choice]


FUZZING = settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz(operation, fuzzed) -> None:
    @given(case=operation.as_strategy())
    @FUZZING
    def call(case):
        aim(case, fuzzed.ids)
        response = case.call_and_validate(headers=fuzzed.headers, checks=CHECKS, timeout=30)
        text = response.text
        for string in fuzzed.forbidden:
            assert string not in text, (case.method, case.formatted_path, string)

    call()


# The operations on items and reports, the API's writes among them.
SUBMISSIONS = ("/api/v1/items/", "/api/v1/reports/")
# Which operations each test fuzzes: those on items and reports, or all the others (an
# endpoint added later is among the others, whatever its path).
GROUPS = {
    "submissions": lambda operation: operation.path.startswith(SUBMISSIONS),
    "others": lambda operation: not operation.path.startswith(SUBMISSIONS),
}


@functools.cache
def operations_at(url: str) -> tuple:
    """Every operation of the schema as the live server at `url` serves it, in the schema's
    order. Fetched and parsed once per process: the schema is the code's, the same for
    every test, and building it takes the server about a second."""
    schema = schemathesis.openapi.from_url(f"{url}/api/v1/schema/")
    assert schema.get_base_url().rstrip("/") == url
    return tuple(result.ok() for result in schema.get_all_operations())


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("who", list(FORBIDDEN))
def test_the_api_keeps_to_its_schema_and_its_scope(live_server, fuzzed, group, subtests):
    # Every operation is called on the live server, whose schema describes it.
    operations = [op for op in operations_at(live_server.url) if GROUPS[group](op)]
    assert operations
    for operation in operations:
        with subtests.test(operation.label):
            fuzz(operation, fuzzed)

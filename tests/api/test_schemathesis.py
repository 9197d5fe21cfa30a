"""The API fuzzed against its own live schema (schemathesis), in-process through WSGI, as a
county reporter and as a city reviewer: no 500, every answer as the schema describes it, and
no answer holding another unit's data. Bounded (a few examples per operation, no shrinking)
so that it stays well under a minute."""

from types import SimpleNamespace

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from api import services as token_services
from submissions import services
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


def foreign_report(world, unit, reporter, title: str):
    """A report of another unit, whose one item has a title found nowhere else."""
    report = draft_report(world, n_items=0, unit=unit, reporter=reporter)
    services.item_create(report=report, user=reporter, data={**item_data(0), "title": title})
    return report


@pytest.fixture(params=["reporter", "city_reviewer"])
def fuzzed(request, world, settings):
    """The world the fuzzer works in, as one person: their token, the ids it may try (their
    own and others'), and the strings no answer to them may hold."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "100000/min"},
    }
    # As Django's test client does: the request signals would otherwise close the test's
    # connection, and its transaction, between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    own = draft_report(world, n_items=3)
    neighbour = foreign_report(
        world, world.yanchuan_bureau, world.neighbour_reporter, "延川县独有的宣传稿件"
    )
    far = foreign_report(
        world, world.jingbian_bureau, world.outsider_reporter, "靖边县独有的宣传稿件"
    )
    campaign = published_campaign(world)
    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    programmes = [
        final_programme(world, world.province_office),
        final_programme(world, world.yulin_office, title="榆林市独有的表彰"),
    ]
    person = getattr(world, request.param)
    _token, secret = token_services.token_create(user=person, name="fuzz")
    forbidden = ["靖边县独有的宣传稿件", "靖边县扶贫开发局", "榆林市", "榆林市独有的表彰"]
    if request.param == "reporter":
        forbidden += ["延川县独有的宣传稿件", "延川县扶贫开发局"]
    reports = [own, neighbour, far]
    yield SimpleNamespace(
        headers={"Authorization": f"Bearer {secret}"},
        forbidden=forbidden,
        ids={
            "regions": [world.yanchang.pk, world.yanchuan.pk, world.jingbian.pk, world.yulin.pk],
            "units": [u.pk for u in (world.yanchang_bureau, world.yanchuan_bureau)]
            + [world.jingbian_bureau.pk],
            "reports": [r.pk for r in reports],
            "items": [i.pk for r in reports for i in r.items.all()],
            "campaigns": [campaign.pk],
            "assignments": list(campaign.activities.values_list("assignments", flat=True)),
            "awards": [p.pk for p in programmes],
        },
    )
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The live schema, from the portal's own WSGI application (no database needed to serve it).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


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


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema_and_its_scope(case, fuzzed):
    aim(case, fuzzed.ids)
    response = case.call_and_validate(headers=fuzzed.headers, checks=CHECKS)
    text = response.text
    for string in fuzzed.forbidden:
        assert string not in text, (case.method, case.formatted_path, string)

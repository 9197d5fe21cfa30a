"""The schema and its documentation pages, served by the portal itself."""

import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_the_schema_is_openapi_3_and_clean():
    # --fail-on-warn: any warning of drf-spectacular fails the command.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_schema_is_served_and_documents_problems(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    create = schema["paths"]["/api/v1/reports/{id}/items/"]["post"]
    assert "application/problem+json" in create["responses"]["400"]["content"]
    assert "409" in create["responses"] and "429" in create["responses"]


def test_swagger_ui_comes_from_the_portal_not_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert "<style>" not in page and "<script>" not in page  # the CSP allows files only
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/").split("?")[0]), source
    script = next(s for s in sources if "script" in s and not s.startswith("/static/"))
    assert client.get(script.replace("&amp;", "&")).status_code == 200


def test_an_address_that_is_no_endpoint_is_a_problem(world, api_for):
    response = api_for(world.reporter).get("/api/v1/items/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

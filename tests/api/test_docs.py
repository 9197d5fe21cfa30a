"""The schema, and its documentation page drawn from it in the portal's own templates."""

import re

import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertTemplateUsed

DOCS = "/api/v1/docs/"


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


def test_the_documentation_page_is_drawn_from_the_schema(world, client_for):
    schema = yaml.safe_load(client_for(world.reporter).get("/api/v1/schema/").content)
    response = client_for(world.reporter).get(DOCS)
    assert response.status_code == 200
    assertTemplateUsed(response, "base.html")
    page = response.content.decode()
    operations = [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in ("get", "post", "put", "patch", "delete")
        if method in item
    ]
    listed = re.findall(r"<code>(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^<]*)</code></a>", page)
    assert listed == operations and len(operations) > 20
    assert page.count('data-testid="api-operation"') == len(operations)
    # Parameters and responses of one operation, and the objects they name.
    section = page[page.index('id="completeness_retrieve"') :]
    section = section[: section.index("</section>")]
    for parameter in ("year", "quarter", "region", "page"):
        assert f"<code>{parameter}</code>" in section
    assert ">403<" in section and "application/problem+json" in section
    assert 'href="#schema-Completeness"' in section
    assert 'id="schema-Completeness"' in page
    # No script or style of its own, nothing from elsewhere.
    assert "<script>" not in page and "<style>" not in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_the_documentation_speaks_the_readers_language(world, client_for):
    client = client_for(world.reporter)
    chinese = client.get(DOCS, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "接口文档" in chinese and "一个季度的填报完整情况" in chinese
    with translation.override("en"):
        english = client.get(DOCS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The API's documentation" in english and "Operations" in english
    assert "Completeness of a quarter" in english


def test_the_documentation_page_needs_sign_in_but_the_schema_does_not(client):
    assert client.get(DOCS)["Location"].startswith(reverse("login"))
    assert client.get("/api/v1/schema/").status_code == 200


def test_the_tokens_page_links_to_the_documentation(world, client_for):
    assert DOCS in client_for(world.reporter).get(reverse("api:tokens")).content.decode()


def test_an_address_that_is_no_endpoint_is_a_problem(world, api_for):
    response = api_for(world.reporter).get("/api/v1/items/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

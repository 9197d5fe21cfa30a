"""The schema, and its documentation page drawn from it in the portal's own templates."""

import re

import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertTemplateUsed

from api import docs

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


def descriptions(node):
    """Every summary and description in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("summary", "description", "title") and isinstance(value, str):
                yield value
            else:
                yield from descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from descriptions(value)


def test_every_description_is_in_chinese_on_the_chinese_page(world, client_for):
    # The views' and objects' docstrings and the fields' and parameters' help: a docstring
    # changed without its translation shows up here in English.
    with translation.override("zh-hans"):
        schema = docs.schema_for("zh-hans")
        page = client_for(world.reporter).get(DOCS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    texts = [
        str(text)
        for text in descriptions({k: v for k, v in schema.items() if k != "info"})
        if text and not str(text).startswith("* `")  # a choice field's values
    ]
    english = [text for text in texts if not re.search(r"[\u4e00-\u9fff]", text)]
    assert english == [] and len(texts) > 100
    shown = page.content.decode()
    for text in ("按本年度采用稿件得分排名的单位", "从 2014 年到今年", "无响应内容"):
        assert text in shown

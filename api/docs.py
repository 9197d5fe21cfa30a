"""The API's documentation page (/api/v1/docs/), drawn from the generated OpenAPI schema in
the portal's own templates: each path and method with its summary, description,
parameters, request body and responses, and the objects they name. No script, no CDN, the
portal's base template (and so its accessibility crawl).

For signed-in people, as every page of the portal with its menu is; the raw schema
(/api/v1/schema/) stays open to the programs that read it (client generators, the fuzzer):
it describes the API and holds no data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

METHODS = ["get", "post", "put", "patch", "delete"]
REF = "#/components/schemas/"
# The schema of each language, made once per process: the code it is made from does not
# change while the process runs, and making it takes about a tenth of a second.
_schemas: dict[str, dict] = {}


def schema_for(language: str) -> dict:
    if language not in _schemas:
        _schemas[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _schemas[language]


def type_of(schema: dict) -> str:
    """A field's or body's type in a few words: `integer`, `string (date)`, `Item`,
    `array of Item`, `Item | null`."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    for combined, joiner in (("allOf", " & "), ("oneOf", " | "), ("anyOf", " | ")):
        if combined in schema:
            text = joiner.join(type_of(part) for part in schema[combined])
            return f"{text} | null" if schema.get("nullable") else text
    kind = schema.get("type", "object")
    if kind == "array":
        text = f"array of {type_of(schema.get('items', {}))}"
    elif kind == "object" and "additionalProperties" in schema:
        text = f"object of {type_of(schema['additionalProperties'])}"
    else:
        text = kind + (f" ({schema['format']})" if "format" in schema else "")
    if schema.get("enum"):
        text += ": " + ", ".join(str(value) for value in schema["enum"] if value not in ("", None))
    if schema.get("nullable"):
        text += " | null"
    return text


def _bodies(content: dict) -> list[dict]:
    return [
        {"media_type": media_type, "type": type_of(body.get("schema", {}))}
        for media_type, body in (content or {}).items()
    ]


def operations(schema: dict) -> list[dict]:
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            rows.append(
                {
                    "anchor": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "request": _bodies(operation.get("requestBody", {}).get("content")),
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "bodies": _bodies(response.get("content")),
                        }
                        for status, response in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return rows


def components(schema: dict) -> list[dict]:
    """The objects the operations name, each with its fields."""
    rows = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        rows.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "type": type_of(component) if "properties" not in component else "",
                "fields": [
                    {
                        "name": field,
                        "type": type_of(spec),
                        "required": field in required,
                        "read_only": spec.get("readOnly", False),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return rows


@require_safe
@login_required
def api_docs(request):
    schema = schema_for(get_language())
    objects = components(schema)
    context = {
        "info": schema.get("info", {}),
        "operations": operations(schema),
        "components": objects,
        "component_names": {c["name"] for c in objects},
    }
    return render(request, "api/docs.html", context)

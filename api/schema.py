"""The OpenAPI schema's conventions (drf-spectacular): the bearer token, and the problem
details every operation may answer with."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.problems import MEDIA_TYPE


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("A token made on the person's API tokens page."),
        }


# What any operation may answer besides its success; what it writes may also be refused as
# invalid (400) or as conflicting with the report's state or version (409).
READ_PROBLEMS = {
    400: _("Invalid filter or page."),
    401: _("No token, or an unknown, expired or revoked one."),
    403: _("The person may see this but not do it."),
    404: _("Not there, or outside the person's scope."),
    429: _("Too many requests with this token: wait for Retry-After seconds."),
}
WRITE_PROBLEMS = {
    **READ_PROBLEMS,
    400: _("Invalid input: `errors` holds the messages per field."),
    409: _("The report cannot change in its state, or the record changed meanwhile."),
    415: _("The body is not JSON."),
}


# Each operation's summary, translated: the documentation page lists them in the reader's
# language.
SUMMARIES = {
    "regions_list": _("List the regions"),
    "regions_retrieve": _("One region"),
    "units_list": _("List the units"),
    "units_retrieve": _("One unit"),
    "reports_list": _("List the quarterly reports"),
    "reports_retrieve": _("One report with its items"),
    "reports_items_create": _("Add an item to a report"),
    "reports_hand_on_create": _("Hand a report to the approver"),
    "items_retrieve": _("One item"),
    "items_update": _("Replace an item"),
    "items_partial_update": _("Change some of an item's fields"),
    "items_destroy": _("Delete an item"),
    "items_clippings_create": _("Attach clippings to an item"),
    "completeness_retrieve": _("Completeness of a quarter"),
    "assessment_retrieve": _("The assessment of a year: units"),
    "assessment_people_retrieve": _("The assessment of a year: people"),
    "campaigns_list": _("List the campaigns"),
    "campaigns_retrieve": _("One campaign with its activities and assignments"),
    "assignments_retrieve": _("One assignment with its progress"),
    "awards_list": _("List the award programmes' final lists"),
    "awards_retrieve": _("One final list with its winners"),
    "donations_projects_list": _("List the claimable projects' disclosed figures"),
    "donations_projects_retrieve": _("One project's disclosed figures, donors and use"),
    "donations_drives_list": _("List the donation drives' disclosed figures"),
    "donations_drives_retrieve": _("One donation drive's disclosed figures"),
}


def translated(text):
    """A docstring in the reader's language: the views', the serializers' and the method
    fields' docstrings are the descriptions of the operations and objects, and their
    translations are in the catalogue under the docstring as drf-spectacular reads it
    (tests/api/test_docs.py finds any description left in English)."""
    return gettext(text) if isinstance(text, str) and text else text


class AutoSchema(SpectacularAutoSchema):
    def get_summary(self):
        return SUMMARIES.get(self.get_operation_id()) or super().get_summary()

    def get_description(self):
        return translated(super().get_description())

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if "description" in schema:
            schema["description"] = translated(schema["description"])
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if "description" in schema:
            schema["description"] = translated(schema["description"])
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or not self.view.authentication_classes:
            return responses
        from api.serializers import ProblemSerializer

        problems = WRITE_PROBLEMS if self.method not in ("GET", "HEAD") else READ_PROBLEMS
        for code, description in problems.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ProblemSerializer, description=description),
                    str(code),
                    media_types=[MEDIA_TYPE],
                    direction=direction,
                )
        return responses

"""The OpenAPI schema's conventions (drf-spectacular): the bearer token, and the problem
details every operation may answer with."""

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
            "description": "A token made on the person's API tokens page.",
        }


# What any operation may answer besides its success; what it writes may also be refused as
# invalid (400) or as conflicting with the report's state or version (409).
READ_PROBLEMS = {
    400: "Invalid filter or page.",
    401: "No token, or an unknown, expired or revoked one.",
    403: "The person may see this but not do it.",
    404: "Not there, or outside the person's scope.",
    429: "Too many requests with this token: wait for Retry-After seconds.",
}
WRITE_PROBLEMS = {
    **READ_PROBLEMS,
    400: "Invalid input: `errors` holds the messages per field.",
    409: "The report cannot change in its state, or the record changed meanwhile.",
    415: "The body is not JSON.",
}


class AutoSchema(SpectacularAutoSchema):
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

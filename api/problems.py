"""Errors as RFC 9457 problem details (application/problem+json): `type`, `title`,
`status`, `detail`, and for invalid input `errors: {field: [messages]}` with the messages
the portal's forms show, in the language the request asked for (Accept-Language)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from submissions.services import ConcurrentEdit, ReportError

MEDIA_TYPE = "application/problem+json"
VALIDATION = "urn:portal:problem:validation-error"
CONCURRENT_EDIT = "urn:portal:problem:concurrent-edit"
STATE_CONFLICT = "urn:portal:problem:state-conflict"

TITLES = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


def _body(status_code: int, detail: str, type_: str) -> dict:
    return {
        "type": type_,
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
    }


def problem(
    status_code: int,
    detail: str = "",
    *,
    type_: str = "about:blank",
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    body = _body(status_code, detail, type_)
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=MEDIA_TYPE)


def too_large(limit_mb: int) -> JsonResponse:
    """A body over REQUEST_MAX_BYTES, refused before any view (portal.request_size): the
    problem, with the message the pages show."""
    detail = _(
        "One form may send at most %(limit)s MB of files. Send fewer or smaller files at a "
        "time (scan at a lower resolution, or save photos smaller), then try again."
    ) % {"limit": limit_mb}
    return JsonResponse(
        _body(413, detail, "about:blank"),
        status=413,
        content_type=MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def field_errors(detail) -> dict[str, list[str]]:
    """Any error structure (a form's, Django's, DRF's) as {field: [messages]}; errors
    about the whole input under REST framework's non-field key."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        errors = {}
        for field, messages in detail.items():
            key = non_field if field in (NON_FIELD_ERRORS, None) else str(field)
            errors.setdefault(key, []).extend(_messages(messages))
        return errors
    return {non_field: _messages(detail)}


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for nested in value.values() for m in _messages(nested)]
    if isinstance(value, list | tuple):
        return [m for nested in value for m in _messages(nested)]
    if isinstance(value, DjangoValidationError):
        return [str(m) for m in value.messages]
    return [str(value)]


def invalid(errors: dict[str, list[str]]) -> Response:
    return problem(
        status.HTTP_400_BAD_REQUEST,
        _("Some of the input is not valid: see errors."),
        type_=VALIDATION,
        errors=errors,
    )


def exception_handler(exc, context):
    """REST framework's EXCEPTION_HANDLER: every refusal as a problem."""
    set_rollback()
    if isinstance(exc, ConcurrentEdit):
        return problem(status.HTTP_409_CONFLICT, str(exc), type_=CONCURRENT_EDIT)
    if isinstance(exc, ReportError):
        return problem(status.HTTP_409_CONFLICT, str(exc), type_=STATE_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return invalid(field_errors(detail))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        return invalid(field_errors(exc.detail))
    return problem(exc.status_code, str(exc.detail), headers=headers)

"""One log line per request and per Celery task, tied together by a request id.

The id comes from the proxy's `X-Request-ID` when that is a plain token, else it is made
here; the response carries it back. Tasks published while a request runs carry it in their
message headers, so the worker's lines for them show the same id (`LOG_FORMAT=json` turns
every line into one JSON object; see `LOGGING` in settings).

The lines hold no personal data: the user's id, never a name; the path without its query
string, and a password-reset link's token replaced by the route's placeholder.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
# The name in a task message's headers (Celery passes custom headers through to the worker).
TASK_HEADER = "portal_request_id"
# What a proxy may send: nginx's $request_id (32 hex digits), a UUID, and the like. Anything
# else (too long, spaces, quotes, new lines) is replaced, so nobody can write into our logs.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# URL parameters that are secrets: a path holding them is logged as its route.
SECRET_URL_PARAMETERS = frozenset({"token", "uidb64"})

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

requests_log = logging.getLogger("portal.requests")
tasks_log = logging.getLogger("portal.task_runs")


def new_request_id() -> str:
    return uuid.uuid4().hex


def incoming_request_id(value: str | None) -> str:
    if value and WELL_FORMED.fullmatch(value):
        return value
    return new_request_id()


class RequestIdFilter(logging.Filter):
    """Gives every record the current request id (None outside a request or task), so that
    any line written while serving a request or running its task can be found by it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class RequestLogMiddleware:
    """Sets the request id for everything below it and logs the request once it is
    answered. Near the top of MIDDLEWARE, so that redirects to HTTPS, refusals and errors
    turned into pages by the middlewares below are logged too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_request_id(request.headers.get(HEADER))
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            _log_request(request, response.status_code, duration_ms, rid)
            return response
        finally:
            request_id.reset(token)


def _log_request(request, status: int, duration_ms: float, rid: str) -> None:
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    path = request.path
    if match is not None and SECRET_URL_PARAMETERS & set(match.kwargs):
        path = "/" + str(match.route)
    requests_log.info(
        "%s %s %s %.1f ms",
        request.method,
        path,
        status,
        duration_ms,
        extra={
            "request_id": rid,
            "method": request.method,
            "path": path,
            "view": match.view_name if match is not None else None,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": user_id,
        },
    )


# --- Celery: the id travels in the task's message headers ----------------------------------


@before_task_publish.connect(weak=False)
def _add_request_id(headers=None, **kwargs):
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault(TASK_HEADER, rid)


# task id -> (the context token to reset, when the task started); a worker runs a task in
# one thread from prerun to postrun, and each task has its own id.
_running: dict[str, tuple] = {}


@task_prerun.connect(weak=False)
def _task_started(task_id=None, task=None, **kwargs):
    rid = _header_of(task)
    # Run in-process (the quick start's eager mode), a task has no message headers and is
    # already inside its request's context: it keeps that id.
    token = request_id.set(rid) if rid else None
    _running[task_id] = (token, time.perf_counter())


@task_postrun.connect(weak=False)
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    token, started = _running.pop(task_id, (None, None))
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    name = getattr(task, "name", None)
    tasks_log.info(
        "task %s %s %s ms",
        name,
        state,
        duration_ms,
        extra={
            "request_id": request_id.get(),
            "task": name,
            "task_id": task_id,
            "state": state,
            "duration_ms": duration_ms,
        },
    )
    if token is not None:
        request_id.reset(token)


def _header_of(task) -> str | None:
    request = getattr(task, "request", None)
    if request is None:
        return None
    value = getattr(request, TASK_HEADER, None) or (request.headers or {}).get(TASK_HEADER)
    return value if isinstance(value, str) and WELL_FORMED.fullmatch(value) else None

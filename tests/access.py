"""What every app's access table shares (tests/<app>/test_access_gaps.py and
tests/donations/test_permissions.py).

A table lists each view once per object it is tried on, as a row
(url name, arg key, method, {person: expected status}); `each_row` turns the rows into
tests, and every row gets the same three checks: each person listed gets their status, the
anonymous are sent to sign in, and the wrong HTTP method is refused with 405."""

import pytest
from django.urls import reverse

LOGIN = reverse("login")
COLUMNS = ("name", "key", "method", "expected")
ALLOWED = (200, 302)


def each_row(cases, *, columns=COLUMNS, ids=None):
    """Parametrize a test over a table's rows; each test is named `<url name>-<arg key>`."""
    name, key = columns.index("name"), columns.index("key")
    if ids is None:
        ids = [f"{c[name]}-{c[key]}" for c in cases]
    return pytest.mark.parametrize(columns, cases, ids=ids)


def row_url(app: str, name: str, key, objs: dict) -> str:
    """The row's address: `objs[key]` holds the view's argument, or a list of them."""
    if key is None:
        return reverse(f"{app}:{name}")
    args = objs[key]
    return reverse(f"{app}:{name}", args=args if isinstance(args, list) else [args])


def assert_each_person_gets(people, client_for, url, method, expected, *, data=None, state=None):
    """Each person in `expected` (an attribute of `people`) gets their status from `method`
    on `url`. With `state` (a function reading what the view could change), a refusal
    (403 or 404) must leave it as it was."""
    before = state() if state else None
    for who, status in expected.items():
        client = client_for(getattr(people, who))
        response = getattr(client, method)(url, data or {})
        assert response.status_code == status, (who, response.status_code)
        if state and status in (403, 404):
            assert state() == before, who


def assert_anonymous_sent_to_sign_in(client, url, method="get"):
    """Someone not signed in is redirected to the sign-in page."""
    response = getattr(client, method)(url)
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(LOGIN), response["Location"]


def wrong_method(method: str, *, for_a_page: str = "delete") -> str:
    """The method the row's view must refuse: GET for an action taken by POST; for a page,
    `for_a_page` (DELETE by default: pages whose form posts back to them take POST too)."""
    return "get" if method == "post" else for_a_page


def allowed_person(expected: dict) -> str:
    """The first person the row lets in, to show that the wrong method is refused even to
    someone who may use the view; the first person listed if the row lets nobody in."""
    return next(
        (who for who, status in expected.items() if status in ALLOWED), next(iter(expected))
    )


def assert_method_not_allowed(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405, response.status_code

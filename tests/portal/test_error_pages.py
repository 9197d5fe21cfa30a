"""Our own 403, 404 and 500 pages, in the person's language."""

import pytest
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path, reverse
from django.utils.translation import gettext, override

from portal.models import Role
from portal.scoping import get_unit_for_user, require_role


def _approve(request, pk):
    unit = get_unit_for_user(request.user, pk)
    require_role(request.user, Role.APPROVER, unit)
    raise AssertionError("not reached in these tests")


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-approve/<int:pk>/", _approve),
    path("test-broken/", _broken),
    path("", include("front.urls")),
]


def _zh(msgid):
    with override("zh-hans"):
        return gettext(msgid)


def test_404_for_signed_in_user(world, client_for):
    response = client_for(world.reporter).get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert _zh("Page not found") in body
    assert f'href="{reverse("home")}"' in body
    assert '<html lang="zh-CN">' in body
    assert 'data-testid="user-menu"' in body


def test_404_for_another_units_page(world, client_for):
    response = client_for(world.reporter).get(
        reverse("unit-detail", args=[world.jingbian_bureau.pk])
    )
    assert response.status_code == 404
    assert _zh("Page not found") in response.content.decode()


def test_404_in_english_for_an_english_speaker(world, client_for):
    client = client_for(world.reporter)
    client.cookies["django_language"] = "en"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_404_for_anonymous(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _zh("Page not found") in response.content.decode()


@pytest.mark.urls(__name__)
def test_403_when_role_is_missing(world, client_for):
    # The county reporter sees their unit but is not its approver.
    response = client_for(world.reporter).get(f"/test-approve/{world.yanchang_bureau.pk}/")

    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert _zh("You may not do this") in body
    assert f'href="{reverse("home")}"' in body


@pytest.mark.urls(__name__)
def test_404_before_403_for_a_unit_out_of_scope(world, client_for):
    response = client_for(world.outsider_reporter).get(f"/test-approve/{world.yanchang_bureau.pk}/")
    assert response.status_code == 404


def test_403_for_an_admin_page_without_permission(world, client_for):
    world.reporter.is_staff = True
    world.reporter.save()
    world.reporter.user_permissions.add(Permission.objects.get(codename="view_unit"))
    client = client_for(world.reporter)

    response = client.get(reverse("admin:portal_unit_add"))

    assert response.status_code == 403
    assert _zh("You may not do this") in response.content.decode()


def test_500_template_renders_without_context():
    html = render_to_string("500.html")

    assert 'href="/"' in html
    assert "bootstrap.min.css" in html
    with override("zh-hans"):
        assert render_to_string("500.html").count(_zh("Something went wrong on our side")) == 1


@pytest.mark.urls(__name__)
def test_500_page_is_served_when_a_view_fails(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.reporter, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/test-broken/")

    assert response.status_code == 500
    assert _zh("Something went wrong on our side") in response.content.decode()

"""Who may not bulk-load regions and units through the admin (the loading itself:
test_admin_import.py, on the demo data, which the `world` fixture's regions would clash with)."""

from django.urls import reverse


def test_people_without_admin_access_cannot_import(db, client_for, world):
    client = client_for(world.city_reviewer)

    response = client.get(reverse("admin:portal_region_import"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_add_permission_cannot_import(world, client_for):
    from django.contrib.auth.models import Permission

    world.city_reviewer.is_staff = True
    world.city_reviewer.save()
    world.city_reviewer.user_permissions.add(
        Permission.objects.get(codename="view_region"),
        Permission.objects.get(codename="change_region"),
    )
    client = client_for(world.city_reviewer)

    assert client.get(reverse("admin:portal_region_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_region_import")).status_code == 403

from django.urls import reverse


def test_home_shows_reporters_unit_in_chinese(world, client_for):
    response = client_for(world.reporter).get(reverse("home"))
    assert response.status_code == 200
    assert "延长县扶贫开发局" in response.content.decode()

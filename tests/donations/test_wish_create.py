"""Recording a micro-wish: the household's ID number is checked as GB 11643 says (birth date
and check character), and a wrong one is refused beside the field."""

import pytest
from django.urls import reverse

from donations.models import Wish

URL = reverse("donations:wish-create")


def data(dw, **extra):
    return {
        "unit": dw.helping_unit.pk,
        "village": dw.village.pk,
        "household_name": "张大爷",
        "title": "一台收音机",
        "value": "80",
        "deadline": "2026-12-31",
        **extra,
    }


def id_error(response) -> list[str]:
    return response.context["form"].errors.get("household_id_number", [])


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("610621195501012343", "610621195501012343"),
        ("11010519491231002x", "11010519491231002X"),
        ("6106 2119 5501 0123 43", "610621195501012343"),
        ("", ""),
    ],
)
def test_a_valid_id_number_is_kept(dw, client_for, late_2026, typed, kept):
    response = client_for(dw.helper).post(URL, data(dw, household_id_number=typed))

    assert response.status_code == 302, response.context["form"].errors
    assert Wish.objects.get().household_id_number == kept


@pytest.mark.parametrize(
    "typed",
    [
        "610621195501012345",  # the check character of ...234 is 3
        "11010519491231002Y",
        "6106211955010123",
        "身份证号码不详",
        "610621195502302341",  # 30 February
        "610621180001012341",
    ],
)
def test_a_wrong_id_number_is_refused_beside_the_field(dw, client_for, late_2026, typed):
    response = client_for(dw.helper).post(URL, data(dw, household_id_number=typed))

    assert response.status_code == 200
    assert id_error(response)
    assert 'id="error_1_id_household_id_number"' in response.content.decode()
    assert not Wish.objects.exists()


def test_the_message_is_in_chinese(dw, client_for, late_2026):
    response = client_for(dw.helper).post(URL, data(dw, household_id_number="610621195501012345"))

    assert id_error(response) == ["身份证号码校验码不符，请核对。"]

"""The API's tests: a token for each person of the shared world (tests/conftest.py), and a
client that sends it as `Authorization: Bearer`."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from api import services


@pytest.fixture
def token_for(world):
    """`token_for(user)`: a fresh token's secret for that person."""

    def make(user, lifetime=timedelta(days=90)):
        _token, secret = services.token_create(user=user, name="县新闻系统", lifetime=lifetime)
        return secret

    return make


@pytest.fixture
def api_for(token_for):
    """`api_for(user)`: an API client carrying a token of that person (None: no token)."""

    def client(user=None, *, secret=None, language="zh-hans"):
        api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None or secret is not None:
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret or token_for(user)}")
        return api

    return client

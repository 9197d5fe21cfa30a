"""With Redis unreachable the cache only misses: public pages and rate-limited forms answer."""

from django.core.cache import cache, caches
from django.urls import reverse

from portal.cache import TolerantRedisCache
from tests.portal.conftest import CLOSED_PORT


def test_an_unreachable_cache_misses_and_drops_writes(redis_down):
    assert isinstance(caches["default"], TolerantRedisCache)
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("key", 0, 60) is False
    assert cache.get_or_set("version", 1, None) == 1
    cache.set("key", 1, 60)  # dropped, no error


def test_public_pages_and_forms_answer_with_redis_down(world, client, redis_down):
    for name in ["donations:public-index", "donations:public-join", "login"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    response = client.post(reverse("donations:public-join"), {"username": ""})
    assert response.status_code == 200  # the form again, with its errors; no 500


def test_cache_objects_of_one_server_share_one_connection_pool():
    # A cache object per thread, and one more for each change of the CACHES setting: all
    # borrow their connections from one pool, which keeps the process's connections bounded.
    params = {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": None}}
    url = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    first, second = TolerantRedisCache(url, params), TolerantRedisCache(url, params)
    other = TolerantRedisCache(f"redis://127.0.0.1:{CLOSED_PORT}/1", params)

    pool = first._cache._get_connection_pool(write=True)
    assert second._cache._get_connection_pool(write=False) is pool
    assert other._cache._get_connection_pool(write=True) is not pool

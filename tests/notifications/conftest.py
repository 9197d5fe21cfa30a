import pytest

from portal.celery import app


@pytest.fixture
def broker_down():
    """Celery points at a port where nothing listens, as when Redis is down."""
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def quick_retries(settings):
    """Mail retries without the production backoff (30 s doubling), to keep tests short."""
    settings.REMINDER_RETRY_DELAY = 0

import pytest


@pytest.fixture
def quick_retries(settings):
    """Mail retries without the production backoff (30 s doubling), to keep tests short."""
    settings.REMINDER_RETRY_DELAY = 0

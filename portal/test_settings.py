"""Settings for the test suite: production settings with test-only conveniences.

Celery is *not* eager here: tests that need a task run it through a real worker
(tests/conftest.py `celery_worker`), on Redis when REDIS_URL is set.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("HTTPS", "false")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "test-results" / "media"  # noqa: F405
AXES_FAILURE_LIMIT = 5

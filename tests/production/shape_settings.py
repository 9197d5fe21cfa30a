"""portal.settings, as production runs it, for the processes the production-shape tests
start, but for the collected static files: portal.settings keeps STATIC_ROOT inside the
project, so the test collects them into its own folder, and without WhiteNoise's gzip and
brotli copies (the same hashed names and manifest; compressing takes 30 s).

The processes serve several tests, which flush the database between them; the flush keeps
the content types (tests/conftest.py KEPT_BY_FLUSH), whose ids the processes keep in memory.
"""

import os

from portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["SHAPE_STATIC_ROOT"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

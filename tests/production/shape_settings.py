"""portal.settings, as production runs it, for the processes the production-shape tests
start. Two things differ:

- the collected static files: portal.settings keeps STATIC_ROOT inside the project, so the
  test collects them into its own folder, and without WhiteNoise's gzip and brotli copies
  (the same hashed names and manifest; compressing takes 30 s);
- the content types' ids are read afresh at the start of each request and task. The
  processes serve several tests, which flush the database between them, and a flush gives
  the content types new ids: a process keeping the ids it read for a test before would
  write journal entries that name deleted ones (a foreign-key violation, a 500 at sign-in).
  On a host the ids never change under a running process.
"""

import os

from celery.signals import task_prerun
from django.core.signals import request_started

from portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["SHAPE_STATIC_ROOT"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def _forget_content_types(**kwargs):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


request_started.connect(_forget_content_types, dispatch_uid="shape-content-types")
task_prerun.connect(_forget_content_types, weak=False, dispatch_uid="shape-content-types")

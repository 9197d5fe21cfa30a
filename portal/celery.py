import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Every task records how its job ended when it was dispatched through portal.jobs.
app = Celery("portal", task_cls="portal.jobs:JobTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _warn_at_start(**kwargs):
    # Workers write the mail links: say at start when PORTAL_URL would make them wrong.
    from portal.checks import warn_at_start

    warn_at_start()

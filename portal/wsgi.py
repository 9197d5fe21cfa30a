import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: say here what would make the portal's links wrong.
from portal.checks import warn_at_start  # noqa: E402

warn_at_start()

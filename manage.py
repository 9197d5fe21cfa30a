#!/usr/bin/env python
import os
import sys

# These serve requests, sign things that last, or judge the production settings.
SERVING_COMMANDS = {"runserver", "shell", "check", "changepassword", "createsuperuser"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Commands that serve no requests (migrations, checks, seed_demo, remind) need no stable
    # secret; the web server (wsgi, runserver) and Celery workers still refuse to start without.
    if len(sys.argv) > 1 and sys.argv[1] not in SERVING_COMMANDS:
        os.environ.setdefault("PORTAL_COMMAND_WITHOUT_SECRET", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

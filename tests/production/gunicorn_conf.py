"""gunicorn's hooks for the production-shape tests' web process (tests/production/shape.py).

The master loads the application before it forks its workers (--preload); it also imports
every view, through the URL configuration, so that a new worker answers its first request
as fast as the next ones instead of importing them then (most of a second of a core, PDF
libraries included). Nothing here reads the database, whose rows a worker must not inherit.
"""


def when_ready(server):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views)

"""Demo data for `manage.py seed_demo`."""


def seed() -> str:
    """Create the app's demo data idempotently; return a one-line summary."""
    return ""

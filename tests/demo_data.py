"""seed_demo once for all the tests of a module, rather than once for each of them."""

from io import StringIO

from django.core.management import call_command

from tests.shared import once_per_module


def seeded_once(**options):
    """A module-scoped fixture that runs `seed_demo` (with `options`) before the module's
    first test that asks for it and gives its output (see tests/shared.py). The `world`
    fixture's regions would clash with the demo's codes: not for modules that use it."""

    def seed():
        out = StringIO()
        call_command("seed_demo", stdout=out, **options)
        return out.getvalue()

    return once_per_module(seed)

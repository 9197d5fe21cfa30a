"""Each app's squashed migration (portal/migrations/0001_squashed_0011_region_nation_level.py
and the like) stands for the migrations it replaces: a new database is built from it, an
existing one goes on from those. Both ways must end in the same models, and what a new
database needs from the originals' RunPython (the working calendar, the search indexes)
must be in the squashed migration, as it is in the original; what only rewrites existing
rows is marked elidable and left out."""

import inspect

from django.db import migrations
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from tests.migration_graph import drop_squashed


def _loaders() -> tuple[MigrationLoader, MigrationLoader]:
    """(with the squashed migrations, with the originals only), as for an empty database."""
    squashed = MigrationLoader(None, ignore_no_migrations=True)
    originals = drop_squashed(
        MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    )
    return squashed, originals


def _models(loader: MigrationLoader) -> dict:
    """Every model's fields, options (indexes and constraints in any order), bases and
    managers as the migrations leave them, taken apart as the autodetector compares them
    (a validator or a functools.partial default is equal to its copy)."""
    parts = MigrationAutodetector(ProjectState(), ProjectState()).deep_deconstruct
    found = {}
    for key, model in loader.project_state().models.items():
        options = dict(model.options)
        for name in ("indexes", "constraints"):
            options[name] = sorted(
                (item.name, item.deconstruct()) for item in options.get(name, [])
            )
        found[key] = list(parts((dict(model.fields), options, model.bases))) + [
            (name, manager.deconstruct()) for name, manager in model.managers
        ]
    return found


def _kept_code(migration_list) -> dict:
    """The RunPython and RunSQL operations that run on a new database: name to source."""
    kept = {}
    for migration in migration_list:
        for op in migration.operations:
            if isinstance(op, migrations.RunPython) and not op.elidable:
                kept[op.code.__name__] = inspect.getsource(op.code)
            elif isinstance(op, migrations.RunSQL) and not op.elidable:
                kept[str(op.sql)] = str(op.sql)
    return kept


def test_the_squashed_migrations_end_in_the_models_of_the_originals():
    squashed, originals = _loaders()
    assert squashed.replacements, "no squashed migrations"
    assert _models(squashed) == _models(originals)


def test_a_new_database_gets_what_the_originals_run_and_may_not_elide():
    squashed, _ = _loaders()
    for key, migration in squashed.replacements.items():
        replaced = [squashed.disk_migrations[name] for name in migration.replaces]
        assert _kept_code([migration]) == _kept_code(replaced), key

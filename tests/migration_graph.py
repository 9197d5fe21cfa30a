"""The original migrations, for the tests that take an app back to one of them and forward.

`migrate` on an empty database applies each app's squashed migration and records it with
every migration it replaces. From then on Django's loader puts the squashed migration in
the graph instead of those, so that none of them can be a target; with
`replace_migrations = False` (which the executor falls back to for such a target) the graph
holds both, and the squashed migration's state, applied again among the originals', gives
models constraints twice. The tests walk the migrations an existing database would."""

from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


def drop_squashed(loader: MigrationLoader) -> MigrationLoader:
    """The loader's graph without the squashed migrations: load it with
    `replace_migrations=False` first, so that the ones they replace are in it."""
    assert not loader.replace_migrations
    for key, squashed in loader.replacements.items():
        loader.graph.remove_replacement_node(key, squashed.replaces)
        loader.applied_migrations.pop(key, None)
    return loader


def originals_executor(connection) -> MigrationExecutor:
    """A MigrationExecutor whose graph holds the original migrations and no squashed one."""
    executor = MigrationExecutor(connection)
    executor.loader.replace_migrations = False
    executor.loader.build_graph()
    drop_squashed(executor.loader)
    return executor

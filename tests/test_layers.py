"""The layers of pyproject.toml's [tool.importlinter] hold: no app imports one above it."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _importlinter_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_no_import_runs_back_up_a_layer():
    result = subprocess.run(  # noqa: S603 (our own command)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_of_ours_has_its_layer():
    """A new app outside the contract would escape it: each of ours is in a layer."""
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }
    config = _importlinter_config()
    (contract,) = config["contracts"]
    layered = {name.strip() for layer in contract["layers"] for name in layer.split("|")}

    assert ours == set(config["root_packages"]) == layered

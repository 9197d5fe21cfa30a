"""Draw which app imports which, in the layer order of pyproject.toml, as Graphviz DOT.

    .venv/bin/python scripts/layers.py | dot -Tsvg -o docs/layers.svg

One box per app (top-level folder), one row per layer, top to bottom; an arrow per pair of
apps with an import, labelled with how many import lines. An import that runs back up a
layer, or between siblings of one layer, is drawn red: lint-imports refuses it.
"""

import sys
import tomllib
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]


def app_imports(apps: list[str]) -> Counter:
    """(importer app, imported app) -> how many import lines, across apps only."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*apps)
    counts = Counter()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            pair = module.split(".")[0], imported.split(".")[0]
            if pair[0] != pair[1]:
                details = graph.get_import_details(importer=module, imported=imported)
                counts[pair] += len(details) or 1
    return counts


def dot() -> str:
    rows = layers()
    level = {app: n for n, row in enumerate(rows) for app in row}
    counts = app_imports(list(level))
    out = [
        "digraph layers {",
        '  graph [rankdir=TB, nodesep=0.5, ranksep=0.7, fontname="sans-serif",'
        ' label="Imports between apps (arrow: imports; number: import lines).'
        ' Red: runs back up, refused by lint-imports.", labelloc=b, fontsize=11];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5",'
        ' fontname="sans-serif", fontsize=13];',
        '  edge [color="#8a9bb5", fontname="sans-serif", fontsize=9, fontcolor="#555555"];',
    ]
    for n, row in enumerate(rows):
        names = " ".join(f'"{app}"' for app in row)
        out.append(f"  {{ rank=same; {names} }}")
        if n:
            # Invisible chain down the layers keeps the rows in order even where no app
            # of one layer imports one of the next.
            out.append(f'  "{rows[n - 1][0]}" -> "{row[0]}" [style=invis, weight=10];')
    for (importer, imported), lines in sorted(counts.items()):
        upward = level[imported] <= level[importer]
        style = ', color="#c0392b", fontcolor="#c0392b", penwidth=2' if upward else ""
        out.append(f'  "{importer}" -> "{imported}" [label="{lines}"{style}];')
    out.append("}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dot())

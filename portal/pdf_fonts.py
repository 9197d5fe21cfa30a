"""Where WeasyPrint finds the faces of official documents.

Fonts come from fontconfig by family name. Besides the system's fonts, fontconfig is
told of the portal's font folders (settings.PDF_FONT_DIRS): `fonts/` in the project, where
`./dev setup` puts the free Fandol faces (FandolFang 仿宋, FandolHei 黑体, FandolKai 楷体,
FandolSong 宋体), and the folder an office names in PDF_FONT_DIR for the faces it holds
licences for (仿宋_GB2312, 方正小标宋简体, ...). The templates name the licensed faces
first, so they win wherever they are present.

Fontconfig reads its configuration once per process, when Pango first asks it for a font:
`configure` must run before that (portal.pdf calls it as it is imported).
"""

import hashlib
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"


def config_text(folders: list[Path]) -> str:
    dirs = "".join(f"  <dir>{escape(str(folder))}</dir>\n" for folder in folders)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{SYSTEM_CONFIG}</include>\n{dirs}</fontconfig>\n'
    )


def configure(folders) -> Path | None:
    """Point fontconfig at the system's configuration plus `folders` (those that exist).
    An operator who set FONTCONFIG_FILE keeps it."""
    folders = [Path(folder).resolve() for folder in folders if Path(folder).is_dir()]
    if not folders or "FONTCONFIG_FILE" in os.environ:
        return None
    text = config_text(folders)
    name = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"portal-fonts-{name}.conf"
    if not path.exists():
        # Written whole then renamed: another process starting at the same moment never
        # reads half a file.
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path

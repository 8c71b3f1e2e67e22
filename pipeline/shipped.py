"""The templates vanthu ships: found inside the installed package, or rebuilt from the layout code (`vanthu mau`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .documents import tron, van_ban
from .files import write_atomic
from .layout import Builder
from .models import TrinhBay

TEMPLATES: dict[str, Callable[[TrinhBay], Builder]] = {
    tron.EXAMPLE_TEMPLATE: tron.build_example,
    van_ban.TEMPLATE: van_ban.build_template,
}


# Installed, the templates are package data (pipeline/templates/); in the source tree they are
# the top-level templates/ folder the package is built from.
_PLACES = (Path(__file__).parent / "templates", Path(__file__).parent.parent / "templates")


def shipped_folder() -> Path:
    """The folder of the templates that came with vanthu."""
    return next(p for p in _PLACES if (p / tron.EXAMPLE_TEMPLATE).is_file())


def templates_folder(given: Path | None) -> Path:
    """The templates to render with: those asked for, the `templates/` of the current folder (a
    school's own, rebuilt by `vanthu mau` or edited in Word), else the shipped ones."""
    if given is not None:
        return Path(given)
    here = Path("templates")
    return here if here.is_dir() else shipped_folder()


def write_templates(trinh_bay: TrinhBay, folder: Path) -> list[Path]:
    """Build every shipped template for these layout settings into `folder`."""
    written = []
    for name, build in TEMPLATES.items():
        path = Path(folder) / name
        write_atomic(path, build(trinh_bay).save)
        written.append(path)
    return written

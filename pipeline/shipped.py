"""The templates vanthu ships, rebuilt from the layout code (`vanthu mau`)."""

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


def write_templates(trinh_bay: TrinhBay, folder: Path) -> list[Path]:
    """Build every shipped template for these layout settings into `folder`."""
    written = []
    for name, build in TEMPLATES.items():
        path = Path(folder) / name
        write_atomic(path, build(trinh_bay).save)
        written.append(path)
    return written

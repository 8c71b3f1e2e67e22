"""The page's address kept in the school's folder, so that a bookmark still opens it after a restart:
the secret token of the address and the port it was served on (a hidden file only the clerk reads)."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic

ADDRESS_FILE = ".trang-lam-viec.json"


@dataclass
class WebAddress:
    token: str
    port: int | None = None


def web_address(folder: Path | None) -> WebAddress:
    """The address kept in `folder`; a new token (kept, when there is a folder) if none is."""
    path = Path(folder) / ADDRESS_FILE if folder else None
    if path and path.is_file():
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            token, port = kept.get("token"), kept.get("port")
            if isinstance(token, str) and len(token) >= 32 and (port is None or isinstance(port, int)):
                return WebAddress(token, port)
        except (OSError, ValueError, AttributeError):
            pass  # unreadable: a new address replaces it, as when none was kept
    address = WebAddress(secrets.token_urlsafe(32))
    if folder:
        keep_web_address(folder, address)
    return address


def keep_web_address(folder: Path, address: WebAddress) -> None:
    """Write the address into the school's folder, readable by its owner only."""
    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps({"token": address.token, "port": address.port}), encoding="utf-8")
        os.chmod(tmp, 0o600)
    write_atomic(Path(folder) / ADDRESS_FILE, write)


def renew_web_address(folder: Path, port: int | None) -> WebAddress:
    """A new token: the old address (and every bookmark of it) stops opening the page."""
    address = WebAddress(secrets.token_urlsafe(32), port)
    keep_web_address(folder, address)
    return address

"""What the running page knows (the school's folder, its secrets, its background jobs), for every page."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from ..app import PdfConverter
from .jobs import Jobs


@dataclass
class State:
    """What the running page knows: the school's folder (None until one is set up) and its secrets."""

    data: Path | None
    token: str
    default_folder: Path
    port: int | None = None  # kept with the token, so that the address survives a restart
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    jobs: Jobs = field(default_factory=Jobs)
    pdfs: PdfConverter = field(default_factory=PdfConverter)  # previews through one LibreOffice kept warm

    @property
    def cookie(self) -> str:
        # Cookies are per host, not per port: two servers on one machine must not share one.
        return "vanthu-" + hashlib.sha256(self.token.encode()).hexdigest()[:12]


def same(given: str, expected: str) -> bool:
    """A secret (or hash) sent by the browser against ours, in constant time; any text may be sent,
    and `hmac.compare_digest` refuses non-ASCII text with an exception."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def state(app: Flask | None = None) -> State:
    return (app or current_app).extensions["vanthu"]

"""Mẫu 1.4 of Phụ lục III: kế hoạch, thông báo, báo cáo, hướng dẫn, chương trình … (the default kind)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Kind


@dataclass(frozen=True)
class Chung(Kind):
    """Tên loại and trích yếu under the header; Kính gửi only when the data gives one (a report sent up)."""

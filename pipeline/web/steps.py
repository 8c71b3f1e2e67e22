"""The core's next steps (pipeline.steps) as the page words them: a link to the page that does it, or
what to choose on the page; never a command or a flag."""

from __future__ import annotations

from urllib.parse import urlencode

from .. import vn
from ..app import Do


def step_hints(steps) -> list[tuple[str, str | None]]:
    """(text, address or None) for each step the page can help with; built without a request, for
    the background jobs too."""
    hints: list[tuple[str, str | None]] = []
    for step in steps:
        a = step.args
        if step.kind == Do.REVOKE:
            query = urlencode({"nam": a["nam"], **({"loai": a["loai"]} if a.get("loai") else {})})
            hints.append((f"Thu hồi số {vn.so_van_ban(a['so'])} năm {a['nam']} trong Sổ văn bản đi", f"/so-van-ban?{query}"))
        elif step.kind == Do.KEEP_DATE:
            hints.append((f"Hoặc cấp lại với ngày đã cấp: {vn.ngay_ngan(a['ngay'])}", None))
        elif step.kind == Do.CHOOSE_DATE:
            hints.append(("Chọn ngày cấp số" + (f" trong năm {a['nam']}" if a.get("nam") else ""), None))
        elif step.kind == Do.DRAFT:
            hints.append(("Bản xem trước vẫn soạn được (tô vàng các giá trị cần xem lại)", None))
        elif step.kind == Do.REVIEW:
            hints.append(("Xem lại các giá trị đánh dấu trong trang Năm", "/nam"))
        elif step.kind == Do.NEW_DOCUMENT:
            hints.append(("Tạo văn bản mới trong trang Văn bản", "/van-ban"))
    return hints

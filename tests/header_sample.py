"""Real agency and school names of the country, the longest ward and commune names among them, and
how to read back from a PDF where LibreOffice broke their lines (poppler's `pdftotext -bbox`)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

# (chủ quản, school, địa danh): 2025 wards and communes (vietnam-provinces' longest names), real
# schools, and the district-era headers the first trial broke.
SAMPLE = [
    ("Ủy ban nhân dân xã Hưng Khánh Trung", "Trường Tiểu học Minh Hòa", "Hưng Khánh Trung"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
     "Thành phố Hồ Chí Minh"),
    ("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", "Trường THPT Nguyễn Thị Minh Khai", "Thành phố Hồ Chí Minh"),
    ("Phòng GD&ĐT huyện Bình Chánh", "Trường Trung học cơ sở Nguyễn Văn Linh", "Bình Chánh"),
    ("Ủy ban nhân dân phường Văn Miếu - Quốc Tử Giám", "Trường Tiểu học Văn Miếu", "Văn Miếu - Quốc Tử Giám"),
    ("Ủy ban nhân dân phường Xuân Trường - Đà Lạt", "Trường Mầm non Xuân Trường", "Xuân Trường - Đà Lạt"),
    ("Ủy ban nhân dân phường Trương Quang Trọng", "Trường Trung học cơ sở Trương Quang Trọng",
     "Phường Trương Quang Trọng"),
    ("Ủy ban nhân dân phường Đông Hưng Thuận", "Trường Trung học cơ sở Nguyễn Ảnh Thủ", "Đông Hưng Thuận"),
    ("Ủy ban nhân dân phường Phan Đình Phùng", "Trường Tiểu học Phan Đình Phùng", "Phường Phan Đình Phùng"),
    ("Ủy ban nhân dân phường Nguyễn Đại Năng", "Trường Mầm non Hoa Phượng", "Phường Nguyễn Đại Năng"),
    ("Ủy ban nhân dân phường Trường Long Hòa", "Trường Tiểu học Trường Long Hòa", "Trường Long Hòa"),
    ("Ủy ban nhân dân phường Trần Nhân Tông", "Trường Trung học cơ sở Trần Nhân Tông", "Phường Trần Nhân Tông"),
    ("Ủy ban nhân dân phường Lý Thường Kiệt", "Trường Tiểu học Lý Thường Kiệt", "Phường Lý Thường Kiệt"),
    ("Ủy ban nhân dân xã Chân Mây – Lăng Cô", "Trường Tiểu học và Trung học cơ sở Lăng Cô", "Chân Mây – Lăng Cô"),
    ("Ủy ban nhân dân phường Buôn Ma Thuột", "Trường Trung học cơ sở Phan Chu Trinh", "Buôn Ma Thuột"),
    ("Ủy ban nhân dân phường Bình Lợi Trung", "Trường Tiểu học Bình Lợi Trung", "Bình Lợi Trung"),
    ("Ủy ban nhân dân phường Điện Biên Phủ", "Trường Mầm non Điện Biên Phủ", "Phường Điện Biên Phủ"),
    ("Ủy ban nhân dân xã Nguyễn Bỉnh Khiêm", "Trường Trung học cơ sở Nguyễn Bỉnh Khiêm", "Xã Nguyễn Bỉnh Khiêm"),
    ("Ủy ban nhân dân đặc khu Bạch Long Vĩ", "Trường Tiểu học và Trung học cơ sở Bạch Long Vĩ", "Bạch Long Vĩ"),
    ("Ủy ban nhân dân xã Đinh Trang Thượng", "Trường Phổ thông dân tộc bán trú Tiểu học Đinh Trang Thượng",
     "Đinh Trang Thượng"),
    ("Ủy ban nhân dân phường Chánh Hưng", "Trường THCS Khánh Bình", "Chánh Hưng"),
    ("Ủy ban nhân dân Quận 8", "Trường Trung học cơ sở Khánh Bình", "Quận 8"),
    ("Phòng Giáo dục và Đào tạo huyện Bình Chánh", "Trường Tiểu học Tân Nhựt", "Bình Chánh"),
    ("Sở Giáo dục và Đào tạo tỉnh Bà Rịa - Vũng Tàu", "Trường Trung học phổ thông Nguyễn Du", "Bà Rịa"),
    ("Ủy ban nhân dân xã Hưng Khánh Trung", "Trường Trung học cơ sở Hưng Khánh Trung A", "Hưng Khánh Trung"),
]


def words(pdf: Path, page: int = 1) -> list[tuple[float, float, float, str]]:
    """(x, y, right edge, word) of every word of a page, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', out)
    return [(float(x), float(y), float(x2), html.unescape(w)) for x, y, x2, w in found]


def rows(pdf: Path, left: bool, split_x: float, below_y: float = 0, above_y: float = 1e9) -> list[str]:
    """The printed lines of one header column: words grouped by their baseline, left to right."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, _, word in words(pdf):
        if (x < split_x) != left or not below_y <= y < above_y:
            continue
        key = next((k for k in lines if abs(k - y) < 2), y)
        lines.setdefault(key, []).append((x, word))
    return [" ".join(w for _, w in sorted(ws)) for _, ws in sorted(lines.items())]


def printed_lines(rows_: list[str], names: list[str]) -> list[list[str]]:
    """The printed lines of each name, in order, from the column's rows (a row holds one name's words)."""
    out, queue = [], [r.split() for r in rows_]
    for name in names:
        want, lines = len(name.split()), []
        while want > 0 and queue:
            row = queue.pop(0)
            lines.append(" ".join(row[:want]))
            if len(row) > want:
                queue.insert(0, row[want:])
            want -= len(row)
        out.append(lines)
    return out

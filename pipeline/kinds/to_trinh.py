"""Tờ trình: Mẫu 1.4, always addressed upward (Kính gửi), so Nơi nhận starts `- Như trên;`."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Kind


@dataclass(frozen=True)
class ToTrinh(Kind):
    code: str = "TTr"
    ten_loai: str | None = "TỜ TRÌNH"
    needs_kinh_gui: bool = True

    def starter(self) -> str:
        return STARTER


STARTER = """# Tờ trình — gửi cấp trên: có «Kính gửi»; Nơi nhận bắt đầu bằng «- Như trên;».

loai: TTr
ngay: {{ nam_bat_dau }}-09-05
trich_yeu: Về việc đề nghị phê duyệt kế hoạch năm học {{ nam_hoc }}
kinh_gui:
  - Phòng Giáo dục và Đào tạo Quận 8

can_cu:
  - Căn cứ tình hình thực tế của nhà trường

noi_dung:
  - "{{ don_vi.ten }} kính trình Phòng Giáo dục và Đào tạo Quận 8 xem xét, phê duyệt các nội dung sau:"
  - khoan: Nội dung đề nghị
  - khoan: Kinh phí thực hiện

ket_luan: Kính trình Phòng Giáo dục và Đào tạo Quận 8 xem xét, phê duyệt.

noi_nhan:
  - Ban Giám hiệu
"""

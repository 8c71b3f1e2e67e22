"""Công văn (Mẫu 1.5): no tên loại; `V/v …` under Số; Kính gửi under the header; ký hiệu without a type code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vn
from ..contexts import Frame, TitleVars
from ..models import VanBan
from .base import Kind


@dataclass(frozen=True)
class CongVan(Kind):
    code: str = "CV"
    ten_loai: str | None = None
    mau: str = "Mẫu 1.5"
    needs_kinh_gui: bool = True
    form_fields: tuple[str, ...] = ("don_vi_soan",)

    def ky_hieu(self, ma: str, doc: VanBan) -> str:
        """`THCSKB-VP`: the school's code and the drafting unit's, no `CV` (§9)."""
        return f"{ma}-{doc.don_vi_soan}" if doc.don_vi_soan else ma

    def context(self, doc: VanBan, ctx: Frame) -> TitleVars:
        subject = re.sub(r"^\s*V/v\s*", "", ctx["trich_yeu"], flags=re.IGNORECASE)
        first, *more = subject.split("\n")  # a subject typed on several lines keeps them
        return {**super().context(doc, ctx), "v_v": [f"V/v {vn.thuong_dau(first)}", *more]}

    def starter(self) -> str:
        return STARTER


STARTER = """# Công văn — không có tên loại; trích yếu in «V/v …» dưới số; «Kính gửi» ngay dưới phần đầu.
# Ký hiệu: mã trường và mã đơn vị soạn thảo (THCSKB-VP), không có «CV».

loai: CV
ngay: {{ nam_bat_dau }}-09-05
trich_yeu: đăng ký tham gia tập huấn      # không gõ «V/v»
don_vi_soan: VP
kinh_gui:
  - Phòng Giáo dục và Đào tạo Quận 8

noi_dung:
  - "{{ don_vi.ten }} đăng ký danh sách cán bộ, giáo viên tham gia lớp tập huấn như sau:"
  - bang:
      cot: [TT, Họ và tên, Chức vụ]
      rong: [1, 5, 4]
      hang:
        - [1, Nguyễn Văn A, Hiệu trưởng]

ket_luan: Kính đề nghị Phòng Giáo dục và Đào tạo Quận 8 xem xét, tổng hợp.

noi_nhan:                        # «- Như trên;» được thêm tự động
  - Ban Giám hiệu
luu: VP
"""

"""Giấy mời (Mẫu 1.4): who is invited, when and where, as fields of its own printed before the body."""

from __future__ import annotations

from dataclasses import dataclass

from .base import BEFORE_BODY, Kind, KindField


@dataclass(frozen=True)
class GiayMoi(Kind):
    code: str = "GM"
    ten_loai: str | None = "GIẤY MỜI"
    fields: tuple[KindField, ...] = (
        KindField("thanh_phan", "Thành phần", "lines", BEFORE_BODY, example="Ban Giám hiệu"),
        KindField("thoi_gian", "Thời gian", "text", BEFORE_BODY,
                  example="07 giờ 30 phút, thứ Bảy, ngày 10 tháng 9 năm {{ nam_bat_dau }}"),
        KindField("dia_diem", "Địa điểm", "text", BEFORE_BODY, example="Hội trường {{ don_vi.ten }}"),
    )

    def starter(self) -> str:
        return STARTER


STARTER = """# Giấy mời — ai được mời (thanh_phan), khi nào (thoi_gian), ở đâu (dia_diem); vanthu in các dòng
# «Thành phần:», «Thời gian:», «Địa điểm:» ngay sau câu mở đầu, rồi nội dung.

loai: GM
ngay: {{ nam_bat_dau }}-09-05
trich_yeu: Dự họp phụ huynh học sinh đầu năm học {{ nam_hoc }}

mo_dau: "{{ don_vi.ten }} trân trọng kính mời:"
thanh_phan:                     # mỗi thành phần một dòng
  - Ban Giám hiệu
  - Giáo viên chủ nhiệm các lớp
thoi_gian: 07 giờ 30 phút, thứ Bảy, ngày 10 tháng 9 năm {{ nam_bat_dau }}
dia_diem: Hội trường nhà trường

noi_dung:
  - "Nội dung: triển khai kế hoạch năm học {{ nam_hoc }} và trao đổi về công tác phối hợp giáo dục học sinh."

ket_luan: Rất mong quý vị đến dự đầy đủ, đúng giờ.

noi_nhan:
  - Như thành phần mời
luu: VP
"""

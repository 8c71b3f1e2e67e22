"""Quyết định (cá biệt), Mẫu 1.2: authority line, căn cứ, `QUYẾT ĐỊNH:`, Điều 1, 2, …; `- Như Điều N;`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vn
from ..contexts import Block, Frame, TitleVars
from ..models import VanBan
from .base import Kind


@dataclass(frozen=True)
class QuyetDinh(Kind):
    code: str = "QĐ"
    ten_loai: str | None = "QUYẾT ĐỊNH"
    mau: str = "Mẫu 1.2"
    form_fields: tuple[str, ...] = ("tham_quyen", "theo_de_nghi")

    def problems(self, doc: VanBan) -> list[tuple[str, tuple]]:
        found = super().problems(doc)
        if not any(block.dieu is not None for block in doc.noi_dung):
            found.append(("Quyết định cần các điều (`dieu`): Điều 1, Điều 2, …", ("noi_dung",)))
        return found

    def context(self, doc: VanBan, ctx: Frame) -> TitleVars:
        authority = doc.tham_quyen or f"{ctx['nguoi_ky']['chuc_vu_co_quan']} {ctx['don_vi']['ten']}"
        return {**super().context(doc, ctx), "tham_quyen": vn.in_hoa(authority), "ban_hanh": authority,
                "quyet_dinh": True}

    def first_recipients(self, doc: VanBan, blocks: list[Block]) -> list[str]:
        """`- Như Điều N;` for the article that names who carries the decision out (the last one)."""
        articles = [b for b in blocks if b["loai"] == "dieu"]
        written = " ".join(entry.ten for entry in doc.noi_nhan)
        if not articles or re.search(r"\bNhư Điều\b", written):
            return super().first_recipients(doc, blocks)
        return [f"- Như {articles[-1]['nhan'].rstrip('.')};"] + super().first_recipients(doc, blocks)

    def starter(self) -> str:
        return STARTER


STARTER = """# Quyết định — một tệp là một văn bản; tên tệp là tên của văn bản trong sổ văn bản đi.
# vanthu in: QUYẾT ĐỊNH, trích yếu, dòng thẩm quyền (HIỆU TRƯỞNG TRƯỜNG …), căn cứ, «QUYẾT ĐỊNH:»,
# Điều 1, 2, … (đánh số tự động), Nơi nhận «- Như Điều 3;» (điều cuối) và các phụ lục.

loai: QĐ
ngay: {{ nam_bat_dau }}-09-05
trich_yeu: Về việc thành lập Ban chỉ đạo năm học {{ nam_hoc }}
# tham_quyen: Hiệu trưởng Trường THCS Khánh Bình   # mặc định: chức vụ người có thẩm quyền + tên trường

can_cu:
  - Căn cứ Thông tư số 32/2020/TT-BGDĐT ngày 15 tháng 9 năm 2020 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Điều lệ trường trung học cơ sở, trường trung học phổ thông và trường phổ thông có nhiều cấp học
  - Căn cứ tình hình thực tế của nhà trường
theo_de_nghi: Theo đề nghị của Tổ trưởng Tổ Văn phòng

noi_dung:
  - dieu: Thành lập Ban chỉ đạo năm học {{ nam_hoc }} gồm các ông (bà) có tên trong danh sách kèm theo.
  - dieu: Ban chỉ đạo có nhiệm vụ xây dựng kế hoạch và tổ chức thực hiện; Ban tự giải thể khi hoàn thành nhiệm vụ.
  - dieu: Quyết định có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.

noi_nhan:                       # «- Như Điều 3;» được thêm tự động (điều cuối cùng)
  - ten: Phòng GD&ĐT Quận 8
    de: báo cáo

phu_luc:
  - ten: Danh sách thành viên Ban chỉ đạo
    noi_dung:
      - bang:
          cot: [TT, Họ và tên, Chức vụ, Nhiệm vụ]
          rong: [1, 4, 3, 3]
          hang:
            - [1, Nguyễn Văn A, Hiệu trưởng, Trưởng ban]
          # tep: ban-chi-dao.xlsx   # hoặc lấy các hàng từ bảng tính trong thư mục năm
"""

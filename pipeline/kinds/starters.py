"""Commented data files a clerk starts a new document from (`vanthu moi LOẠI TÊN`)."""

from __future__ import annotations

COMMON_END = """
ket_luan: >-
  Trên đây là {ten} của {{{{ don_vi.ten }}}}, đề nghị các bộ phận, cá nhân liên quan nghiêm túc
  thực hiện.

# Người ký: bỏ trống để dùng người ký mặc định trong don-vi.yaml.
# nguoi_ky:
#   quyen_han: KT.
#   thay: Hiệu trưởng
#   chuc_vu: Phó Hiệu trưởng
#   ho_ten: Trần Thị B

noi_nhan:                       # mỗi nơi một dòng; `de` là mục đích: báo cáo, thực hiện, biết …
  - ten: Ban Giám hiệu
    de: chỉ đạo
  - ten: Các tổ chuyên môn
    de: thực hiện
# luu: TCM                       # thêm mã đơn vị soạn thảo vào dòng «- Lưu: VT, TCM.»
"""


def own_fields(kind) -> str:
    """The kind's own fields (`Kind.fields`), each with its label and example."""
    lines = []
    for f in kind.fields:
        if f.type == "lines":
            lines += [f"{f.name}:                      # {f.label}: mỗi mục một dòng", f"  - {f.example}"]
        else:
            lines.append(f"{f.name}: {f.example}                      # {f.label}")
    return "\n".join(lines) + ("\n" if lines else "")


def generic(kind) -> str:
    """Mẫu 1.4: tên loại, trích yếu, căn cứ, numbered sections, Nơi nhận."""
    return f"""# {kind.ten} — một tệp là một văn bản; tên tệp là tên của văn bản trong sổ văn bản đi.
# Số mục (I., II.), khoản (1., 2.), điểm (a), b)) và gạch đầu dòng do vanthu đánh: không gõ tay.
# Trong câu chữ, {{{{ nam }}}}, {{{{ nam_hoc }}}}, {{{{ don_vi.ten }}}} được điền tự động.

loai: {kind.code}
ngay: {{{{ nam_bat_dau }}}}-09-05             # ngày ban hành ghi trên bản dự thảo (khi cấp số: ngày cấp)
trich_yeu: Thực hiện nhiệm vụ năm học {{{{ nam_hoc }}}}

# kinh_gui: [Phòng Giáo dục và Đào tạo Quận 8]   # báo cáo, tờ trình gửi cấp trên

can_cu:                         # một căn cứ một dòng; vanthu thêm «;» và «.» cuối
  - Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019
  # - loai: Kế hoạch              # hoặc ghi đủ từng trường để vanthu viết câu căn cứ
  #   so: 70
  #   ky_hieu: KH-PGDĐT
  #   ngay: 2022-05-09
  #   co_quan: Phòng Giáo dục và Đào tạo Quận 8
  #   trich_yeu: về việc triển khai …
  - Căn cứ tình hình thực tế của nhà trường

mo_dau: "{{{{ don_vi.ten }}}} xây dựng {kind.ten.lower()} như sau:"
{own_fields(kind)}
noi_dung:
  - muc: Mục đích, yêu cầu
    noi_dung:
      - Nội dung một đoạn văn.
      - y: Một gạch đầu dòng.
  - muc: Nội dung thực hiện
    noi_dung:
      - khoan: Tên khoản
        noi_dung:
          - diem: Một điểm.
  - muc: Tổ chức thực hiện
    noi_dung:
      - bang:                   # một bảng: tên cột, độ rộng tương đối, các hàng
          cot: [Thời gian, Nội dung, Người thực hiện]
          rong: [2, 5, 3]
          hang:
            - [Tháng 9, Triển khai kế hoạch, Hiệu trưởng]
""" + COMMON_END.format(ten=kind.ten.lower())

"""Parts (PHẦN THỨ NHẤT …) and chapters (Chương I …) as levels of their own; Điều numbered across
chapters, in the body and in an annex; a trích yếu typed on several lines printed on its lines."""

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pydantic import ValidationError

import nd30
from pipeline import numbering
from pipeline.models import Khoi, VanBan

DRAFTS = ("out", "2022", "du-thao")


def test_labels_of_parts_and_chapters_and_their_typed_forms():
    assert [numbering.label("phan", n) for n in (1, 2, 4)] == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "PHẦN THỨ TƯ"]
    assert [numbering.label("chuong", n) for n in (1, 4)] == ["Chương I", "Chương IV"]
    assert numbering.parse("PHẦN THỨ HAI: NHIỆM VỤ") == numbering.Parsed("phan", 2, "NHIỆM VỤ")
    assert numbering.parse("Phần I. Kết quả") == numbering.Parsed("phan", 1, "Kết quả")
    assert numbering.parse("PHẦN 3 - GIẢI PHÁP") == numbering.Parsed("phan", 3, "GIẢI PHÁP")
    assert numbering.parse("CHƯƠNG II") == numbering.Parsed("chuong", 2, "")
    assert numbering.parse("Chương 1: Quy định chung") == numbering.Parsed("chuong", 1, "Quy định chung")
    # Words, not labels.
    assert numbering.parse("Phần việc còn lại") is None and numbering.parse("Chương trình học") is None
    assert numbering.parse("phần 1 của kế hoạch") is None


def test_where_parts_chapters_sections_and_articles_may_stand():
    Khoi.model_validate({"phan": "Kết quả", "noi_dung": [{"muc": "A", "noi_dung": ["x"]}]})
    Khoi.model_validate({"chuong": "Quy định chung", "noi_dung": [{"dieu": "Phạm vi"}]})
    Khoi.model_validate({"phan": "P", "noi_dung": [{"chuong": "C", "noi_dung": [{"dieu": "Đ"}]}]})
    with pytest.raises(ValidationError, match="chương .* chỉ đứng ở cấp ngoài cùng hoặc trong một phần"):
        Khoi.model_validate({"muc": "M", "noi_dung": [{"chuong": "C", "noi_dung": ["x"]}]})
    with pytest.raises(ValidationError, match="phần .* chỉ đứng ở cấp ngoài cùng"):
        Khoi.model_validate({"chuong": "C", "noi_dung": [{"phan": "P", "noi_dung": ["x"]}]})
    with pytest.raises(ValidationError, match="chương .* cần `noi_dung`"):
        Khoi.model_validate({"chuong": "C"})


def test_a_trich_yeu_keeps_its_lines():
    base = {"loai": "KH", "ngay": "2022-05-09", "noi_dung": ["x"]}
    assert VanBan.model_validate({**base, "trich_yeu": ["Tổ chức hội thi ", " cấp trường"]}).trich_yeu == \
        "Tổ chức hội thi\ncấp trường"
    assert VanBan.model_validate({**base, "trich_yeu": "Tổ chức hội thi\n  cấp trường\n"}).trich_yeu == \
        "Tổ chức hội thi\ncấp trường"


PLAN = """loai: KH
ngay: 2022-06-01
trich_yeu: |-
  Tổng kết năm học {{ nam_hoc }}
  và phương hướng năm học tới
noi_dung:
  - phan: Kết quả năm học
    noi_dung:
      - muc: Đặc điểm tình hình
        noi_dung:
          - khoan: Thuận lợi.
      - muc: Kết quả
        noi_dung:
          - khoan: Học sinh.
  - phan: Phương hướng
    noi_dung:
      - muc: Mục tiêu
        noi_dung:
          - Nâng cao chất lượng.
"""

RULES = """loai: QĐ
ngay: 2022-06-01
trich_yeu: Về việc ban hành Quy chế làm việc
noi_dung:
  - dieu: Ban hành kèm theo Quyết định này Quy chế làm việc của nhà trường.
  - dieu: Quyết định có hiệu lực kể từ ngày ký.
phu_luc:
  - ten: Quy chế làm việc
    noi_dung:
      - chuong: Quy định chung
        noi_dung:
          - dieu: Phạm vi điều chỉnh
            noi_dung:
              - khoan: Quy chế này quy định về lề lối làm việc.
          - dieu: Đối tượng áp dụng
      - chuong: Tổ chức thực hiện
        noi_dung:
          - dieu: Hiệu lực thi hành
"""


def _render(vanthu, data, tmp_path, name, text):
    (data / "2022" / "van-ban" / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = vanthu("soan", name)
    assert result.exit_code == 0, result.output
    return Document(tmp_path.joinpath(*DRAFTS, f"{name}.docx"))


def test_parts_print_their_ordinal_and_title_centred_and_sections_start_again(vanthu, data, tmp_path):
    doc = _render(vanthu, data, tmp_path, "tong-ket", PLAN)
    paragraphs = nd30.body_paragraphs(doc)
    lines = [p.text for p in paragraphs]
    first = lines.index("PHẦN THỨ NHẤT")
    assert lines[first + 1] == "KẾT QUẢ NĂM HỌC"
    for p in paragraphs[first:first + 2]:
        nd30.assert_style(p, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    second = lines.index("PHẦN THỨ HAI")
    assert lines[second + 1] == "PHƯƠNG HƯỚNG"
    # Mục start again in each part; «I.» is never printed before a part.
    assert [t for t in lines if t[:3] in ("I. ", "II.")] == ["I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ", "I. MỤC TIÊU"]
    assert not any(t.startswith("I. PHẦN") for t in lines)
    # The trích yếu keeps the clerk's two lines (each printed as a line of its own).
    first = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Tổng kết năm học"))
    assert [p.text for p in paragraphs[first:first + 2]] == ["Tổng kết năm học 2022-2023", "và phương hướng năm học tới"]


def test_articles_are_numbered_across_chapters_in_an_annex(vanthu, data, tmp_path):
    doc = _render(vanthu, data, tmp_path, "quy-che", RULES)
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    annex = lines.index("QUY CHẾ LÀM VIỆC")
    body = lines[annex:]
    assert body.index("Chương I") + 1 == body.index("QUY ĐỊNH CHUNG")
    assert body.index("Chương II") + 1 == body.index("TỔ CHỨC THỰC HIỆN")
    articles = [t for t in body if t.startswith("Điều ")]
    assert articles == ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng", "Điều 3. Hiệu lực thi hành"]
    assert body.index("Chương II") < body.index("Điều 3. Hiệu lực thi hành")
    # The decision's own articles keep their numbers; its Nơi nhận names the last one.
    assert [t for t in lines[:annex] if t.startswith("Điều ")][-1].startswith("Điều 2.")
    chapter = next(p for p in nd30.body_paragraphs(doc) if p.text == "Chương I")
    nd30.assert_style(chapter, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def test_the_editor_keeps_a_trich_yeu_on_its_lines_and_names_parts_and_chapters():
    from werkzeug.datastructures import MultiDict

    from pipeline.web import editor
    state = editor.from_form(MultiDict({"trich_yeu": "Tổng kết  năm học\r\n  và phương hướng \r\n", "mo_dau": "a\nb"}))
    assert state["trich_yeu"] == "Tổng kết năm học\nvà phương hướng"
    assert state["mo_dau"] == "a b"  # other texts are one paragraph
    blocks = [{"loai": "phan"}, {"loai": "muc"}, {"loai": "phan"}, {"loai": "chuong"}, {"loai": "muc"}]
    editor.labels(blocks)
    assert [b["_nhan"] for b in blocks] == ["PHẦN THỨ NHẤT", "I.", "PHẦN THỨ HAI", "Chương I", "I."]
    assert [b["_ten"] for b in blocks[:4]] == ["phần thứ nhất", "mục I", "phần thứ hai", "chương I"]

"""Each kind of bad input: one clear Vietnamese message with file, line and field; exit 1; no output."""

from pathlib import Path

import pytest
from docx import Document

from conftest import replace_in

PLAN = "data/2022/van-ban/ke-hoach-binh-dang-gioi.yaml"


def fails(vanthu, tmp_path, *args):
    result = vanthu(*(args or ("soan", "ke-hoach-binh-dang-gioi")))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Lỗi: ")
    assert not list((tmp_path / "out").rglob("*.docx")) if (tmp_path / "out").exists() else True
    return result.stderr


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_missing_data_folder(vanthu, tmp_path):
    message = fails(vanthu, tmp_path, "ke-hoach", "--du-lieu", "khong-co")
    assert "khong-co: không tìm thấy thư mục dữ liệu" in message


def test_missing_year(vanthu, tmp_path):
    message = fails(vanthu, tmp_path, "ke-hoach", "--nam", "2019")
    assert "không có dữ liệu năm 2019 (các năm có: 2022)" in message


def test_missing_file(vanthu, tmp_path, data):
    (data / PLAN[5:]).unlink()
    message = fails(vanthu, tmp_path)
    assert "data/2022/van-ban: năm 2022 không có văn bản «ke-hoach-binh-dang-gioi» (các văn bản: bao-cao-" in message


def test_yaml_syntax_error(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "trich_yeu: Triển khai", "trich_yeu: [Triển khai")
    message = fails(vanthu, tmp_path)
    assert message.startswith(f"Lỗi: {PLAN}, dòng ")
    assert "sai cú pháp YAML" in message


def test_unknown_key_suggests_the_near_miss(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "trich_yeu: Triển khai", "trich_yue: Triển khai")
    line = line_of(data / PLAN[5:], "trich_yue:")
    message = fails(vanthu, tmp_path)
    assert f"{PLAN}, dòng {line}, trường `trich_yue`: trường `trich_yue` không được biết đến; " \
           "có phải ý bạn là `trich_yeu`?" in message
    # trich_yeu is now missing as well: both are reported at once.
    assert "trường `trich_yeu`: thiếu trường bắt buộc" in message


def test_unknown_key_deep_in_the_content(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "        chi_tieu: the-bao-hiem-y-te",
               "        chi_tieuu: the-bao-hiem-y-te")
    line = line_of(data / PLAN[5:], "chi_tieuu")
    message = fails(vanthu, tmp_path)
    assert f"dòng {line}, trường `noi_dung.2.noi_dung.2.chi_tieuu`" in message
    assert "có phải ý bạn là `chi_tieu`?" in message


def test_wrong_type(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "    so: 70", "    so: bảy mươi")
    line = line_of(data / PLAN[5:], "so: bảy mươi")
    message = fails(vanthu, tmp_path)
    assert f"{PLAN}, dòng {line}, trường `can_cu.1.so`: giá trị «bảy mươi» không đúng dạng (số của văn bản, ví dụ 70 hoặc 38a)" in message


def test_impossible_date(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "ngay: 2022-05-09", "ngay: 2022-02-30")
    message = fails(vanthu, tmp_path)
    line = line_of(data / PLAN[5:], "ngay: 2022-02-30")
    assert f"{PLAN}, dòng {line}, trường `ngay`: ngày không hợp lệ «2022-02-30»" in message


def test_empty_trich_yeu(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:],
               "trich_yeu: Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm {{ nam }}",
               'trich_yeu: ""')
    message = fails(vanthu, tmp_path)
    line = line_of(data / PLAN[5:], 'trich_yeu: ""')
    assert f"{PLAN}, dòng {line}, trường `trich_yeu`: không được để trống" in message


def test_can_cu_without_number(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "    so: 70\n", "")
    line = line_of(data / PLAN[5:], "  - loai: Kế hoạch")
    message = fails(vanthu, tmp_path)
    assert f"{PLAN}, dòng {line}, trường `can_cu.1.so`: thiếu trường bắt buộc" in message


def test_can_cu_with_bad_symbol(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "ky_hieu: KH-PGDĐT", "ky_hieu: KH - PGDĐT")
    message = fails(vanthu, tmp_path)
    assert "trường `can_cu.1.ky_hieu`: giá trị «KH - PGDĐT» không đúng dạng" in message


def test_archive_line_typed_in_noi_nhan(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "  - ten: Tổng phụ trách Đội\n    de: thực hiện\n", "  - Lưu VT, TCM\n")
    line = line_of(data / PLAN[5:], "  - Lưu VT, TCM")
    message = fails(vanthu, tmp_path)
    assert f"{PLAN}, dòng {line}, trường `noi_nhan.3.ten`: dòng `Lưu: VT` được thêm tự động ở cuối" in message


def test_unknown_variable_in_data_text(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "trong năm {{ nam }}.", "trong năm {{ nam_hco }}.")
    message = fails(vanthu, tmp_path)
    assert "trường `noi_dung.1.noi_dung.1.doan`: biến `nam_hco` không có trong dữ liệu" in message


def test_bad_settings_in_don_vi(vanthu, tmp_path, data):
    replace_in(data / "don-vi.yaml", "trai: 30", "trai: 25")
    line = line_of(data / "don-vi.yaml", "trai: 25")
    message = fails(vanthu, tmp_path)
    assert f"data/don-vi.yaml, dòng {line}, trường `trinh_bay.le.trai`: giá trị 25 nằm ngoài khoảng " \
           "cho phép (≥ 30)" in message


def test_signer_with_authority_needs_whom(vanthu, tmp_path, data):
    replace_in(data / "don-vi.yaml", "  chuc_vu: Hiệu trưởng\n", "  quyen_han: KT.\n  chuc_vu: Phó Hiệu trưởng\n")
    message = fails(vanthu, tmp_path)
    assert "trường `nguoi_ky`: ký `KT.` cần trường `thay`" in message


def _add_paragraph(template: Path, text: str) -> None:
    doc = Document(template)
    doc.add_paragraph(text)
    doc.save(template)


def test_template_variable_missing_from_data(vanthu, tmp_path, templates):
    _add_paragraph(templates / "van-ban.docx", "Người soạn: {{ ho_ten_nguoi_soan_thao }}, {{ trich_yue }}")
    message = fails(vanthu, tmp_path)
    assert "mẫu templates/van-ban.docx: mẫu dùng biến mà dữ liệu không có: `ho_ten_nguoi_soan_thao`, " \
           "`trich_yue` (có phải ý bạn là `trich_yeu`?)" in message


def test_template_attribute_missing_from_data(vanthu, tmp_path, templates):
    _add_paragraph(templates / "van-ban.docx", "{{ nguoi_ky.email }}")
    message = fails(vanthu, tmp_path)
    assert "dữ liệu không có trường `email` mà mẫu dùng" in message


def test_broken_template_syntax(vanthu, tmp_path, templates):
    _add_paragraph(templates / "van-ban.docx", "{{ trich_yeu ")
    assert "sai cú pháp" in fails(vanthu, tmp_path)


@pytest.mark.not_ooxml("templates/van-ban.docx")
def test_not_a_docx_template(vanthu, tmp_path, templates):
    (templates / "van-ban.docx").write_text("không phải docx")
    assert "tệp không phải .docx hợp lệ" in fails(vanthu, tmp_path)


def test_failed_render_leaves_previous_output_untouched(vanthu, tmp_path, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    out = tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx"
    before = out.read_bytes()
    replace_in(data / PLAN[5:], "trong năm {{ nam }}.", "trong năm {{ nam_hco }}.")
    result = vanthu("soan", "ke-hoach-binh-dang-gioi")
    assert result.exit_code == 1
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_kiem_tra_reports_and_writes_nothing(vanthu, tmp_path, data):
    result = vanthu("kiem-tra")
    assert result.exit_code == 0
    assert "ke-hoach-binh-dang-gioi: hợp lệ (Kế hoạch)" in result.output
    assert "thong-bao-phan-cong: hợp lệ (Thông báo, 4 bản)" in result.output
    assert result.output.endswith("Dữ liệu hợp lệ: 10 văn bản.\n")
    assert not (tmp_path / "out").exists()
    replace_in(data / PLAN[5:], "ngay: 2022-05-09", "ngay: 2022-13-01")
    assert "ngày không hợp lệ «2022-13-01»" in fails(vanthu, tmp_path, "kiem-tra")


def test_can_cu_without_symbol(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "    ky_hieu: KH-PGDĐT\n", "")
    line = line_of(data / PLAN[5:], "  - loai: Kế hoạch")
    assert f"{PLAN}, dòng {line}, trường `can_cu.1.ky_hieu`: thiếu trường bắt buộc" in fails(vanthu, tmp_path)


def test_a_sentence_with_a_colon_gets_a_message_in_the_clerks_words(vanthu, tmp_path, data):
    path = data / PLAN[5:]
    replace_in(path, 'mo_dau: "{{ don_vi.ten }} xây dựng kế hoạch triển khai thực hiện cụ thể như sau:"',
               "mo_dau: Thời gian: từ tháng 5 đến tháng 12")
    line = line_of(path, "mo_dau: Thời gian")
    message = fails(vanthu, tmp_path)
    assert message == (f"Lỗi: {PLAN}, dòng {line}: sai cú pháp YAML: dấu «:» đứng ở chỗ không được phép; câu có dấu "
                       "hai chấm cần đặt trong ngoặc kép, ví dụ mo_dau: \"Thời gian: 14 giờ\"\n")


def test_a_check_pydantic_words_only_in_english_is_said_in_vietnamese(tmp_path):
    import uuid
    from pydantic import BaseModel
    from pipeline.errors import DataError
    from pipeline.load import load_model

    class Thu(BaseModel):
        x: uuid.UUID  # pydantic's "Input should be a valid UUID"

    path = tmp_path / "thu.yaml"
    path.write_text("x: abc\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_model(path, Thu)
    assert str(refused.value) == f"{path}, dòng 1, trường `x`: giá trị «abc» không dùng được ở trường này"

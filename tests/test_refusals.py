"""Inputs that once ended in a traceback, a hang or a wrong value printed without a word: each now a
Vietnamese message, exit 1, and nothing written or changed (files by hash, the register by rows)."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from conftest import replace_in

PLAN = "2022/van-ban/ke-hoach-binh-dang-gioi.yaml"
TRICH_YEU = "trich_yeu: Triển khai thực hiện công tác"
REGISTER = "so-van-ban-di.sqlite"
from test_hostile import BOMB  # noqa: E402 (the same alias bomb)


def state(root: Path) -> dict[str, str]:
    """Every file under the test's folder by hash (test inputs aside), and the register's rows."""
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file() and "inputs" not in p.parts}
    register = root / "data" / REGISTER
    if register.exists():
        with sqlite3.connect(register) as db:
            files["rows"] = repr(db.execute("SELECT * FROM van_ban ORDER BY rowid").fetchall())
    return files


def refused(vanthu, tmp_path, *args) -> str:
    """One message, exit 1, nothing written or changed."""
    before = state(tmp_path)
    result = vanthu(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.output
    assert state(tmp_path) == before
    return result.stderr.removeprefix("Lỗi: ").rstrip("\n")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# The six tracebacks of the issue.

@pytest.mark.parametrize("expression, message", [
    ("{{ 1/0 }}", "phép tính trong {{ … }} chia cho 0"),
    ("{{ nam + 'x' }}", "phép tính trong {{ … }} dùng hai giá trị khác kiểu (ví dụ cộng số với chữ); "
                        "kiểm tra các biến trong đó"),
    ("{{ [1][5] }}", "trong {{ … }} có một phần tử hay khóa không tồn tại"),
])
def test_a_calculation_python_refuses_in_a_data_text(vanthu, tmp_path, data, expression, message):
    replace_in(data / PLAN, TRICH_YEU, f"{TRICH_YEU} {expression}")
    line = line_of(data / PLAN, "trich_yeu:")
    expected = f"data/{PLAN}, dòng {line}, trường `trich_yeu`: {message}"
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


@pytest.mark.not_ooxml("templates/van-ban.docx")
def test_a_template_whose_document_part_is_malformed(vanthu, tmp_path, templates):
    import bombs
    bombs.package(tmp_path / "van-ban.docx", templates / "van-ban.docx", "word/document.xml", bombs.broken)
    (tmp_path / "van-ban.docx").replace(templates / "van-ban.docx")
    message = refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi")
    assert message.startswith("mẫu templates/van-ban.docx: phần «word/document.xml» không phải XML hợp lệ, dòng 2")


def test_an_unbalanced_brace_in_the_file_name_pattern(vanthu, tmp_path, data, templates):
    message = refused(vanthu, tmp_path, "tron", "templates/bao-cao-lop.docx", "data/2022/bao-cao-lop.xlsx",
                      "--ten", "{lop", "--ngay", "2022-12-16")
    assert message == ("mẫu tên tệp «{lop» có dấu ngoặc { hoặc } không khớp: mỗi tên cột viết trong một cặp ngoặc, "
                       "ví dụ «{stt}-{ho_ten}»; dấu ngoặc là chữ thì viết hai lần {{ }}")


@pytest.fixture
def issued(vanthu, tmp_path):
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "2022" / "KH-01-THCSKB.docx"


@pytest.mark.parametrize("args, message", [
    (("so-van-ban", "thu-hoi", "1234567890123456789012345", "--nam", "2022", "--ly-do", "Nhầm"),
     "số 1234567890123456789012345 không hợp lý: cần từ 1 đến 99999"),
    (("so-van-ban", "thu-hoi", "1", "--nam", "1234567890123456789012345", "--ly-do", "Nhầm"),
     "năm 1234567890123456789012345 không hợp lý: cần một năm từ 2000 đến 2100"),
    (("so-van-ban", "xem", "--nam", "1234567890123456789012345"),
     "năm 1234567890123456789012345 không hợp lý: cần một năm từ 2000 đến 2100"),
    (("so-van-ban", "bat-dau", "1234567890123456789012345", "--nam", "2023"),
     "số 1234567890123456789012345 không hợp lý: cần từ 1 đến 99999"),
])
def test_numbers_no_register_can_hold(vanthu, tmp_path, issued, args, message):
    assert refused(vanthu, tmp_path, *args) == message


def test_a_utf16_year_file_in_nam_moi(vanthu, tmp_path, data):
    path = data / "2022" / "tham-so.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert refused(vanthu, tmp_path, "nam-moi") == \
        "data/2022/tham-so.yaml: tệp được lưu với mã hóa UTF-16 (Unicode); hãy lưu lại với mã hóa UTF-8"


@pytest.mark.not_ooxml("inputs/*.docx")
def test_a_hostile_template_in_tron(vanthu, tmp_path, data):
    import bombs
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    hostile = bombs.package(inputs / "mau.docx", bombs.TEMPLATE, "word/document.xml",
                            lambda xml: [xml.replace(b"{{ lop }}", b"{{ range(10**9)|list|length }}", 1)])
    result = vanthu("tron", str(hostile), "data/2022/bao-cao-lop.xlsx", "--ngay", "2022-12-16", "--ten", "{stt}")
    assert result.exit_code == 1 and result.stderr.startswith(f"Lỗi: mẫu {hostile}: ") and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# nam-moi: the alias guard and the bounded years.

def test_nam_moi_refuses_an_alias_bomb_at_once(vanthu, tmp_path, data):
    with open(data / "2022" / "tham-so.yaml", "a", encoding="utf-8") as f:
        f.write(BOMB.replace("a: &a", "bien_bom: &a", 1))
    line = line_of(data / "2022" / "tham-so.yaml", "*a")
    assert refused(vanthu, tmp_path, "nam-moi") == \
        f"data/2022/tham-so.yaml, dòng {line}: bí danh YAML `*a` không được dùng; hãy viết đầy đủ giá trị thay cho nó"


def test_nam_moi_refuses_an_implausible_year(vanthu, tmp_path, data):
    assert refused(vanthu, tmp_path, "nam-moi", "--den", "2999") == "năm 2999 không hợp lý: cần một năm từ 2000 đến 2100"
    assert not (data / "2999").exists()


# Dates as the clerk sees them.

@pytest.mark.parametrize("typed, message", [
    ("0", "ngày «0» không hợp lệ; cần dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09"),
    ("1652054400", "ngày «1652054400» không hợp lệ; cần dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09"),
    ("1970-01-01", "ngày 1970-01-01 không hợp lý: cần một ngày từ năm 2000 đến 2100, viết dạng NĂM-THÁNG-NGÀY, "
                   "ví dụ 2022-05-09"),
    ("2202-05-09", "ngày 2202-05-09 không hợp lý: cần một ngày từ năm 2000 đến 2100, viết dạng NĂM-THÁNG-NGÀY, "
                   "ví dụ 2022-05-09"),
])
def test_an_implausible_date_is_refused_not_printed(vanthu, tmp_path, data, typed, message):
    text = (data / PLAN).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("ngay:"))
    replace_in(data / PLAN, old + "\n", f"ngay: {typed}\n")
    line = line_of(data / PLAN, f"ngay: {typed}")
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == \
        f"data/{PLAN}, dòng {line}, trường `ngay`: {message}"


def test_an_issue_date_no_register_can_hold(vanthu, tmp_path, issued):
    message = refused(vanthu, tmp_path, "soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "1970-01-01")
    assert message == ("ngày 1970-01-01 không hợp lý: cần một ngày từ năm 2000 đến 2100, viết dạng NĂM-THÁNG-NGÀY, "
                       "ví dụ 2022-05-09")


# The register: reading or revoking never creates one.

def test_revoking_without_a_register_creates_none(vanthu, tmp_path, data):
    assert refused(vanthu, tmp_path, "so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Nhầm") == \
        "chưa có sổ văn bản đi data/so-van-ban-di.sqlite: chưa số nào được cấp, không có gì để thu hồi"
    for command in (("so-van-ban", "xem"), ("danh-sach",), ("so-van-ban", "xem", "--nam", "2022")):
        assert vanthu(*command).exit_code == 0
    assert not list(data.glob("so-van-ban-di*")) and not list(data.glob(".*"))


def test_a_new_register_refuses_to_start_over_numbered_documents(vanthu, tmp_path, data, issued):
    for leftover in [*data.glob("so-van-ban-di*"), *data.glob(".*")]:  # the register and its marker, deleted
        leftover.unlink() if leftover.is_file() else None
    before = state(tmp_path)
    result = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        "Lỗi: thư mục out/2022 đã có văn bản mang số (KH-01-THCSKB.docx) nhưng sổ văn bản đi "
        "data/so-van-ban-di.sqlite chưa ghi số nào của năm 2022: sổ có thể đã bị xóa hoặc thay, và số 01 sẽ bị cấp "
        "lần thứ hai. Hãy chép lại bản sao lưu mới nhất của sổ; nếu các văn bản đó được cấp số ngoài vanthu, ghi "
        "chúng vào sổ (hoặc đặt số bắt đầu của năm) trước; nếu chúng không còn giá trị, chuyển chúng ra khỏi thư "
        "mục. Chưa cấp số nào\n")
    assert "--" not in result.stderr  # the way out in words, no flag
    after = state(tmp_path)
    assert {k: v for k, v in after.items() if k.startswith("out/")} == \
        {k: v for k, v in before.items() if k.startswith("out/")}
    assert after.get("rows", "[]") == "[]" and not (tmp_path / "out" / "2022" / "BC-01-THCSKB.docx").exists()


def test_a_document_issued_before_the_plan_it_cites_is_issued_again_unchanged(vanthu, tmp_path, data):
    first = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-03")
    assert first.exit_code == 0, first.output
    plan = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert plan.exit_code == 0, plan.output
    before = state(tmp_path)
    again = vanthu("soan", "thong-bao-phan-cong", "--cap-so")
    assert again.exit_code == 0, again.output
    assert "Đã cấp số" not in again.output
    def issued_only(files):  # the print file of the batch is made again; the issued notices are not
        return {k: v for k, v in files.items() if "tat-ca" not in k}
    assert issued_only(state(tmp_path)) == issued_only(before)  # the issued notices untouched, no new row


# Sheets and the exported register: values as the clerk sees them.

def test_an_error_cell_is_refused_with_its_cell(vanthu, tmp_path, data):
    from openpyxl import load_workbook
    path = data / "2022" / "bao-cao-lop.xlsx"
    book = load_workbook(path)
    book.active["I3"] = "#DIV/0!"
    book.save(path)
    message = refused(vanthu, tmp_path, "tron", "templates/bao-cao-lop.docx", "data/2022/bao-cao-lop.xlsx",
                      "--ngay", "2022-12-16")
    assert message == ("data/2022/bao-cao-lop.xlsx, hàng 3: ô I3 có lỗi #DIV/0! của Excel (công thức không tính "
                       "được); sửa công thức hoặc xóa ô đó trong Excel rồi lưu lại")


def test_exported_text_is_never_a_formula(vanthu, tmp_path, data):
    from openpyxl import load_workbook
    formula = '=HYPERLINK("http://vi-du.vn/x","Bấm vào đây")'
    replace_in(data / "don-vi.yaml", "ho_ten: ", f"ho_ten: '{formula}' # ")
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert issued.exit_code == 0, issued.output
    exported = vanthu("so-van-ban", "xuat", "so.xlsx", "--nam", "2022")
    assert exported.exit_code == 0, exported.output
    every = [c for sheet in load_workbook(tmp_path / "so.xlsx").worksheets for row in sheet.iter_rows() for c in row]
    cells = [c for c in every if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c for c in every if c.data_type == "f"]


def test_csv_and_excel_cells_print_alike(vanthu, tmp_path, data):
    from docx import Document
    from openpyxl import load_workbook
    rows = list(load_workbook(data / "2022" / "bao-cao-lop.xlsx").active.iter_rows(values_only=True))
    header, row = rows[0], rows[2]  # 6A2: 21/10/2022, 7.75
    csv_rows = [",".join(header),
                ",".join(str(v) for v in row[:7]) + ",21/10/2022,7.75",
                ",".join(str(v) for v in row[:7]).replace("6A2", "6A3") + ",2022-10-21,\"7,75\""]
    (tmp_path / "lop.csv").write_text("\n".join(csv_rows) + "\n", encoding="utf-8")
    for sheet, out in (("lop.csv", "csv"), ("data/2022/bao-cao-lop.xlsx", "xlsx")):
        result = vanthu("tron", "templates/bao-cao-lop.docx", sheet, "--ngay", "2022-12-16", "--ra", f"out/{out}")
        assert result.exit_code == 0, result.output

    def lines(path):
        return [p.text for p in Document(path).paragraphs if "sinh hoạt" in p.text or "Điểm trung bình" in p.text]
    expected = ["- Buổi sinh hoạt chuyên đề của lớp tổ chức ngày 21 tháng 10 năm 2022.",
                "- Điểm trung bình bài kiểm tra hiểu biết: 7,75."]
    assert lines(tmp_path / "out" / "xlsx" / "du-thao" / "2.docx") == expected
    assert lines(tmp_path / "out" / "csv" / "du-thao" / "1.docx") == expected
    assert lines(tmp_path / "out" / "csv" / "du-thao" / "2.docx") == expected


@pytest.mark.parametrize("name", ["nam", "don_vi", "so"])
def test_a_year_variable_named_like_one_every_document_has(vanthu, tmp_path, data, name):
    """Either value would silently replace the other in every document."""
    replace_in(data / "2022" / "tham-so.yaml", "bien:\n", f"bien:\n  {name}: Chung tay\n")
    line = line_of(data / "2022" / "tham-so.yaml", f"  {name}: Chung tay")
    assert refused(vanthu, tmp_path, "soan") == \
        (f"data/2022/tham-so.yaml, dòng {line}, trường `bien.{name}`: biến `{name}` trùng tên giá trị có sẵn của "
         f"mọi văn bản ({{{{ {name} }}}}); hãy đặt tên khác, ví dụ `{name}_rieng`")
    assert not (tmp_path / "out").exists()

"""Hostile text and unbounded work: control characters in every input kind, YAML alias bombs,
templates that ask for endless work, and the `{{ … }}` of căn cứ and Nơi nhận lines.

Control characters: breaks from other programs (Word's Shift+Enter U+000B, Windows line ends,
U+0085) become line breaks; every other character XML cannot hold is refused with its place.
"""

import csv
import json
import resource
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

import nd30
from conftest import replace_in

PLAN = "data/2022/van-ban/ke-hoach-binh-dang-gioi.yaml"
NOTICES = "data/2022/van-ban/thong-bao-phan-cong.yaml"
REPORT = "data/2022/van-ban/bao-cao-binh-dang-gioi.yaml"
ROSTER = "data/2022/phan-cong.csv"
SHEET = "data/2022/bao-cao-lop.xlsx"
TAIL = "; ký tự này không hiện ra nhưng làm hỏng tệp Word, hãy xóa nó (thường lẫn vào khi chép từ phần mềm khác)"
TRICH_YEU = "trich_yeu: Triển khai thực hiện công tác"
EXTRA_TASK = "Tổng hợp kết quả tuyên truyền pháp luật của nhà trường sau mỗi học kỳ"


def refused(vanthu, tmp_path, *args) -> str:
    """One Vietnamese message on one line, exit 1, nothing written."""
    result = vanthu(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Lỗi: ") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "out").exists()
    return result.stderr.rstrip("\n")


def opened(tmp_path) -> list[Document]:
    """Every document written, opened with python-docx."""
    paths = sorted((tmp_path / "out").rglob("*.docx"))
    assert paths
    return [Document(p) for p in paths]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def paragraph_starting(doc: Document, start: str):
    return next(p for p in nd30.iter_paragraphs(doc) if p.text.startswith(start))


@pytest.mark.parametrize("escape, named", [
    (r"\e", "ký tự điều khiển U+001B (ESC)"),
    (r"\x1b", "ký tự điều khiển U+001B (ESC)"),
    (r"\0", "ký tự điều khiển U+0000 (NUL, ký tự rỗng)"),
    (r"\a", "ký tự điều khiển U+0007 (BEL, tiếng chuông)"),
    (r"\x7f", "ký tự điều khiển U+007F (DEL, xóa)"),
    (r"\x9b", "ký tự điều khiển U+009B"),
    (r"\ud800", "nửa cặp thay thế U+D800 (surrogate) đứng lẻ"),
    (r"\uffff", "mã U+FFFF (không phải ký tự)"),
])
def test_yaml_escape_of_a_control_character_is_refused_where_it_stands(vanthu, tmp_path, data, escape, named):
    replace_in(data / PLAN[5:], TRICH_YEU, f'trich_yeu: "Triển khai thực hiện{escape} công tác')
    replace_in(data / PLAN[5:], "năm {{ nam }}\n", 'năm {{ nam }}"\n')
    line = line_of(data / PLAN[5:], "trich_yeu:")
    expected = f"Lỗi: {PLAN}, dòng {line}, trường `trich_yeu`: có {named} sau «Triển khai thực hiện»{TAIL}"
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


def test_raw_control_character_in_yaml_is_refused_with_its_field(vanthu, tmp_path, data):
    path = data / PLAN[5:]
    replace_in(path, "tình hình dịch Covid-19", "tình hình dịch\x1b Covid-19")
    line = line_of(path, "Trong bối cảnh") - 1  # the list item starts on the line above
    expected = f"Lỗi: {PLAN}, dòng {line}, trường `noi_dung.1.noi_dung.1`: có ký tự điều khiển U+001B (ESC) " \
               f"sau «Trong bối cảnh tình hình dịch»{TAIL}"
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


def test_control_character_in_a_yaml_key_is_refused(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "mo_dau:", "mo_\x00dau:")
    line = line_of(data / PLAN[5:], "mo_\x00dau:")
    assert refused(vanthu, tmp_path, "kiem-tra") == \
        f"Lỗi: {PLAN}, dòng {line}: tên trường có ký tự điều khiển U+0000 (NUL, ký tự rỗng) sau «mo_»{TAIL}"


@pytest.mark.parametrize("line_break", [r"\v", "\x0b", r"\N"])
def test_line_breaks_from_other_programs_become_line_breaks(vanthu, tmp_path, data, line_break):
    # Word's Shift+Enter (U+000B), raw or as a YAML escape, and U+0085.
    replace_in(data / PLAN[5:], "xây dựng kế hoạch triển khai", f"xây dựng kế hoạch{line_break}triển khai")
    result = vanthu("soan", "ke-hoach-binh-dang-gioi")
    assert result.exit_code == 0, result.output
    [doc] = opened(tmp_path)
    paragraph = paragraph_starting(doc, "Trường THCS Khánh Bình xây dựng")
    assert paragraph.text == "Trường THCS Khánh Bình xây dựng kế hoạch\ntriển khai thực hiện cụ thể như sau:"
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 1


def test_control_character_made_by_a_data_text_is_refused_where_it_was_written(vanthu, tmp_path, data):
    path = data / PLAN[5:]
    replace_in(path, 'mo_dau: "{{ don_vi.ten }} xây dựng', "mo_dau: '{{ don_vi.ten }}{{ \"\\x1b\" }} xây dựng")
    replace_in(path, 'như sau:"', "như sau:'")
    line = line_of(path, "mo_dau:")
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == \
        f"Lỗi: {PLAN}, dòng {line}, trường `mo_dau`: có ký tự điều khiển U+001B (ESC) sau «Trường THCS Khánh Bình»{TAIL}"


def add_to_roster(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


@pytest.mark.parametrize("char, named", [("\x1b", "ký tự điều khiển U+001B (ESC)"),
                                         ("\x00", "ký tự điều khiển U+0000 (NUL, ký tự rỗng)")])
def test_control_character_in_a_csv_cell_is_refused_by_row_and_column(vanthu, tmp_path, data, char, named):
    add_to_roster(data / "2022" / "phan-cong.csv", "Tổng hợp kết quả tuyên", f"Tổng hợp kết quả{char} tuyên")
    expected = f"Lỗi: {ROSTER}, hàng 3, cột «Nhiệm vụ thêm»: có {named} sau «Tổng hợp kết quả»{TAIL}"
    assert refused(vanthu, tmp_path, "soan", "thong-bao-phan-cong") == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


def roster_to_excel(data: Path, changes: dict[str, str]) -> None:
    """The roster as the clerk's Excel file, some cells changed (as Excel stores them)."""
    with open(data / "2022" / "phan-cong.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    (data / "2022" / "phan-cong.csv").unlink()
    replace_in(data / NOTICES[5:], "danh_sach: phan-cong.csv", "danh_sach: phan-cong.xlsx")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append([changes.get(cell, cell) or None for cell in row])
    wb.save(data / "2022" / "phan-cong.xlsx")


def test_control_character_in_an_excel_cell_is_refused_by_row_and_column(vanthu, tmp_path, data):
    # Excel writes a control character in a cell as _x001B_.
    roster_to_excel(data, {EXTRA_TASK: "Tổng hợp kết quả_x001B_ tuyên truyền"})
    expected = f"Lỗi: data/2022/phan-cong.xlsx, hàng 3, cột «Nhiệm vụ thêm»: có ký tự điều khiển U+001B (ESC) " \
               f"sau «Tổng hợp kết quả»{TAIL}"
    assert refused(vanthu, tmp_path, "soan", "thong-bao-phan-cong") == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


def test_line_breaks_in_an_excel_cell_split_tasks_as_typed(vanthu, tmp_path, data):
    # Alt+Enter saved on Windows (_x000D_ before the line feed), and Shift+Enter pasted from Word.
    roster_to_excel(data, {EXTRA_TASK: "Tổng hợp kết quả tuyên truyền_x000D_\nBáo cáo Hiệu trưởng_x000B_Lưu hồ sơ"})
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 0, result.output
    docs = opened(tmp_path)
    notice = Document(tmp_path / "out/2022/du-thao/thong-bao-phan-cong/tran-van-binh.docx")
    text = nd30.text(notice)
    assert "_x00" not in text
    for task in ("Tổng hợp kết quả tuyên truyền.", "Báo cáo Hiệu trưởng.", "Lưu hồ sơ."):
        assert any(p.text.endswith(f". {task}") for p in nd30.iter_paragraphs(notice)), task
    assert len(docs) == 5  # four notices and the combined file


def test_control_character_in_a_mail_merge_sheet_is_refused(vanthu, tmp_path, data):
    wb = openpyxl.load_workbook(data / "2022" / "bao-cao-lop.xlsx")
    wb.active["C3"] = "Trần Quốc_x0007_ Tuấn"
    wb.save(data / "2022" / "bao-cao-lop.xlsx")
    expected = f"Lỗi: {SHEET}, hàng 3, cột «GVCN»: có ký tự điều khiển U+0007 (BEL, tiếng chuông) sau «Trần Quốc»{TAIL}"
    assert refused(vanthu, tmp_path, "tron", "templates/bao-cao-lop.docx", SHEET) == expected
    assert refused(vanthu, tmp_path, "kiem-tra") == expected


def test_line_break_in_a_mail_merge_sheet_is_kept(vanthu, tmp_path, data):
    wb = openpyxl.load_workbook(data / "2022" / "bao-cao-lop.xlsx")
    wb.active["C3"] = "Trần Quốc_x000B_Tuấn"
    wb.save(data / "2022" / "bao-cao-lop.xlsx")
    result = vanthu("tron", "templates/bao-cao-lop.docx", SHEET, "--ra", "out/lop", "--ten", "{lop}")
    assert result.exit_code == 0, result.output
    assert len(opened(tmp_path)) == 5
    doc = Document(tmp_path / "out/lop/du-thao/6a2.docx")
    assert paragraph_starting(doc, "Lớp 6A2").text.startswith("Lớp 6A2 (mã lớp 007), giáo viên chủ nhiệm Trần Quốc\nTuấn,")


def test_the_engine_never_writes_a_character_xml_cannot_hold(tmp_path):
    from pipeline.engine import Template
    from pipeline.errors import TemplateError

    doc = Document()
    doc.add_paragraph("Kính gửi: {{ ten }}")
    doc.save(tmp_path / "mau.docx")
    template = Template(tmp_path / "mau.docx")
    with pytest.raises(TemplateError) as refusal:
        template.render({"ten": "Phòng\x1b GD&ĐT"}, tmp_path / "ra.docx")
    assert str(refusal.value) == f"mẫu {tmp_path / 'mau.docx'}: một giá trị có ký tự điều khiển U+001B (ESC) " \
                                 f"sau «Phòng»{TAIL}"
    assert list(tmp_path.iterdir()) == [tmp_path / "mau.docx"]
    template.render({"ten": "Phòng GD&ĐT\tQuận 8"}, tmp_path / "ra.docx")
    assert Document(tmp_path / "ra.docx").paragraphs[0].text == "Kính gửi: Phòng GD&ĐT\tQuận 8"


def run_bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """vanthu in a child process. The run must end with a message by itself; the memory limit
    and the timeout only keep a regression from taking the machine down with it."""
    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, preexec_fn=limit_memory)


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_yaml_alias_bomb_is_refused_at_its_first_alias(tmp_path, data):
    (data / "2022" / "van-ban" / "bom.yaml").write_text(BOMB, encoding="utf-8")
    result = run_bounded(["kiem-tra"], tmp_path)
    assert result.returncode == 1
    assert result.stderr == "Lỗi: data/2022/van-ban/bom.yaml, dòng 2: bí danh YAML `*a` không được dùng; hãy viết đầy đủ " \
                            "giá trị thay cho nó\n"


def test_yaml_nested_beyond_any_document_is_refused(vanthu, tmp_path, data):
    (data / "2022" / "van-ban" / "sau.yaml").write_text("a: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    assert refused(vanthu, tmp_path, "kiem-tra") == "Lỗi: data/2022/van-ban/sau.yaml, dòng 1: dữ liệu lồng nhau quá sâu " \
                                                    "(hơn 64 cấp)"


def test_endless_work_in_a_data_text_is_refused_at_its_line(tmp_path, data):
    path = data / PLAN[5:]
    replace_in(path, 'mo_dau: "{{ don_vi.ten }}', "mo_dau: \"{{ 'x' * 10**10 }}{{ don_vi.ten }}")
    result = run_bounded(["soan", "ke-hoach-binh-dang-gioi"], tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"Lỗi: {PLAN}, dòng {line_of(path, 'mo_dau:')}, trường `mo_dau`: phép tính tạo ra giá " \
                            "trị quá lớn (hơn 1.000.000 ký tự hoặc phần tử)\n"
    assert not (tmp_path / "out").exists()


HOSTILE_TEMPLATES = {
    "{% for i in range(10**9) %}x{% endfor %}": "range() quá lớn (1.000.000.000 số; tối đa 1.000.000)",
    "{{ 'x' * 10**10 }}": "phép tính tạo ra giá trị quá lớn (hơn 1.000.000 ký tự hoặc phần tử)",
    "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}"
    "{% endfor %}": "mẫu làm quá nhiều việc (hơn 5.000.000 bước): vòng lặp lồng nhau, hay range quá lớn?",
    "{% set l = [1] %}{% for x in l %}{{ l.append(x) }}{% endfor %}":
        "mẫu làm quá nhiều việc (hơn 5.000.000 bước): vòng lặp lồng nhau, hay range quá lớn?",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}":
        "phép tính tạo ra giá trị quá lớn (hơn 1.000.000 ký tự hoặc phần tử)",
    "{% set l = ['x' * 1000] %}{% for i in range(64) %}{{ l.extend(l) }}{% endfor %}":
        "phép tính tạo ra giá trị quá lớn (hơn 1.000.000 ký tự hoặc phần tử)",
    "{{ (['x' * 1000] * 1000) | join }}": "phép tính tạo ra giá trị quá lớn (hơn 1.000.000 ký tự hoặc phần tử)",
    "{{ 'x' | center(10**10) }}": "`center` với độ rộng hoặc số lượng quá lớn (tối đa 1.000)",
    "{{ 'x'.ljust(10**10) }}": "`ljust` với độ rộng hoặc số lượng quá lớn (tối đa 1.000)",
    "{{ '%09999999999d' % 1 }}": "chuỗi định dạng «%09999999999» có độ rộng quá lớn (tối đa 1.000) hoặc lấy độ "
                                 "rộng từ tham số",
    "{{ 2 ** (10 ** 10) }}": "phép tính tạo ra số quá lớn (hơn khoảng 300 chữ số)",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}": "mẫu gọi lồng nhau quá sâu (một macro gọi chính nó?)",
    "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}": "văn bản tạo ra quá dài (hơn 50.000.000 ký tự)",
    "{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000: "các thẻ {% … %} hay dấu ngoặc lồng nhau quá sâu",
}

RENDER_EACH = """
import json, sys
from docx import Document
from pipeline.engine import Template
from pipeline.errors import VanthuError
messages = []
for i, body in enumerate(json.loads(sys.argv[1])):
    doc = Document()
    doc.add_paragraph(body)
    doc.save(f"mau-{i}.docx")
    try:
        Template(f"mau-{i}.docx").render({}, f"ra-{i}.docx")
        messages.append(None)
    except VanthuError as exc:
        messages.append(str(exc))
print(json.dumps(messages))
"""


def test_data_text_nested_beyond_reason_is_refused_at_its_line(vanthu, tmp_path, data):
    path = data / PLAN[5:]
    replace_in(path, 'mo_dau: "{{ don_vi.ten }}', 'mo_dau: "{{ ' + "(" * 3000 + "don_vi.ten" + ")" * 3000 + " }}")
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == f"Lỗi: {PLAN}, dòng {line_of(path, 'mo_dau:')}, trường `mo_dau`: " \
                                                    "các thẻ {% … %} hay dấu ngoặc lồng nhau quá sâu"


def test_templates_asking_for_endless_work_are_refused(tmp_path):
    bodies = list(HOSTILE_TEMPLATES)
    result = subprocess.run([sys.executable, "-c", RENDER_EACH, json.dumps(bodies)], cwd=tmp_path, text=True,
                            capture_output=True, timeout=300,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)))
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)
    for i, (body, expected) in enumerate(HOSTILE_TEMPLATES.items()):
        assert messages[i] == f"mẫu mau-{i}.docx: {expected}", body
    assert not list(tmp_path.glob("ra-*"))


def test_the_bounds_leave_ordinary_templates_alone(tmp_path):
    from pipeline.engine import Template

    doc = Document()
    doc.add_paragraph("{% for r in rows %}{{ loop.index }}. {{ r.ten ~ ' – ' ~ r.so | so }}{% if not loop.last %}; "
                      "{% endif %}{% endfor %}")
    doc.add_paragraph("{{ '-' * 5 }} {{ '%05.1f' % 3.14159 }} {{ '{:>6}'.format('ab') }} {{ 10 ** 12 }} "
                      "{{ ten | center(9) }} {{ range(3) | join(',') }} {{ rows | map(attribute='ten') | join(', ') }}")
    doc.save(tmp_path / "mau.docx")
    rows = [{"ten": f"Lớp {i}", "so": 1234.5 * i} for i in range(1, 1001)]
    Template(tmp_path / "mau.docx").render({"rows": rows, "ten": "Hoa"}, tmp_path / "ra.docx")
    first, second = (p.text for p in Document(tmp_path / "ra.docx").paragraphs)
    assert first.startswith("1. Lớp 1 – 1.234,5; 2. Lớp 2 – 2.469; ") and first.endswith("1000. Lớp 1000 – 1.234.500")
    assert second.startswith("----- 003.1     ab 1000000000000    Hoa    0,1,2 Lớp 1, Lớp 2, ")


def test_kiem_tra_renders_every_document_and_so_refuses_what_rendering_would(vanthu, tmp_path, templates):
    doc = Document()
    doc.add_paragraph("{{ ten_loai | center(5000) }} {{ trich_yeu }}")
    doc.save(templates / "van-ban.docx")
    assert refused(vanthu, tmp_path, "kiem-tra") == \
        "Lỗi: mẫu templates/van-ban.docx: `center` với độ rộng hoặc số lượng quá lớn (tối đa 1.000)"


def test_can_cu_noi_nhan_and_kinh_gui_lines_are_filled_like_any_data_text(vanthu, tmp_path, data):
    plan = data / PLAN[5:]
    replace_in(plan, "Bình đẳng giới và Trẻ em năm 2022\n", "Bình đẳng giới và Trẻ em năm {{ nam }}\n")
    replace_in(plan, "- ten: Nhân viên thư viện", "- ten: Nhân viên thư viện {{ don_vi.ten }}")
    replace_in(data / NOTICES[5:], "- ten: Ban Giám hiệu", "- ten: Ban Giám hiệu năm {{ nam }}")
    results = data / REPORT[5:]
    replace_in(results, "- Phòng Giáo dục và Đào tạo Quận 8", "- Phòng Giáo dục và Đào tạo {{ don_vi.dia_danh }}")
    replace_in(results, "noi_nhan:\n  - ten: Ban Giám hiệu", "noi_nhan:\n  - ten: Ban Giám hiệu {{ nam_hoc }}")
    for name in ("ke-hoach-binh-dang-gioi", "thong-bao-phan-cong", "bao-cao-binh-dang-gioi"):
        assert vanthu("soan", name).exit_code == 0, name
    texts = [nd30.text(doc) for doc in opened(tmp_path)]
    assert not [t for t in texts if "{{" in t]
    plan_text = nd30.text(Document(tmp_path / "out/2022/du-thao/ke-hoach-binh-dang-gioi.docx"))
    assert "Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của Phòng Giáo dục và Đào tạo Quận 8 về việc " \
           "triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022." in plan_text
    assert "- Nhân viên thư viện Trường THCS Khánh Bình (để thực hiện);" in plan_text
    notice = nd30.text(Document(tmp_path / "out/2022/du-thao/thong-bao-phan-cong/nguyen-thi-loc.docx"))
    assert "- Ban Giám hiệu năm 2022 (để biết);" in notice
    report = nd30.text(Document(tmp_path / "out/2022/du-thao/bao-cao-binh-dang-gioi.docx"))
    assert "Kính gửi: Phòng Giáo dục và Đào tạo Quận 8" in report and "- Ban Giám hiệu 2022-2023 (để biết);" in report


def test_unknown_name_in_a_noi_nhan_line_is_refused_at_its_field(vanthu, tmp_path, data):
    replace_in(data / PLAN[5:], "- ten: Nhân viên thư viện", "- ten: Nhân viên {{ thu_vien }}")
    line = line_of(data / PLAN[5:], "{{ thu_vien }}")
    assert refused(vanthu, tmp_path, "soan", "ke-hoach-binh-dang-gioi") == \
        f"Lỗi: {PLAN}, dòng {line}, trường `noi_nhan.4.ten`: biến `thu_vien` không có trong dữ liệu"

"""What vanthu writes comes back: today's rendered plan imports to the plan's content, and bodies
generated from the block model, labelled by the one label table, read back to the same blocks."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import examples
from fixtures.clerk import SCHOOL_LEFT, Clerk
from pipeline import numbering, vn
from pipeline.engine import render_text
from pipeline.importers import document, nhap, reader
from pipeline.importers.body import read_body
from pipeline.importers.reader import AutoNumber, Line, Table
from pipeline.load import open_year, read_yaml


def _filled(blocks: list, variables: dict, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Every block's kind path and its text with the year's values filled (a target's `{{ gia_tri }}` too)."""
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append((path + ("doan",), render_text(block, variables)))
            continue
        kind = next(k for k in ("muc", "khoan", "diem", "y", "dieu") if k in block)
        extra = {"gia_tri": vn.phan_tram(block["gia_tri"])} if "gia_tri" in block else {}
        text = render_text(block[kind], {**variables, **extra})
        out.append((path + (kind,), vn.in_hoa(text) if kind == "muc" else text))
        out += _filled(block.get("noi_dung", []), variables, path + (kind,))
    return out


def test_todays_rendered_plan_imports_back_to_the_plans_content(vanthu, tmp_path, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    rendered = tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx"
    school_before = (data / "don-vi.yaml").read_text(encoding="utf-8")
    (result,) = nhap([rendered], data, ten="ke-hoach-nhap")
    doc = read_yaml(result.target)[0]
    plan = read_yaml(data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml")[0]
    variables = open_year(data, 2022).variables()
    fill = lambda text: render_text(text, variables)  # noqa: E731

    assert _filled(doc["noi_dung"], variables) == _filled(plan["noi_dung"], variables)
    assert (doc["loai"], doc["ngay"]) == ("KH", plan["ngay"])
    for key in ("trich_yeu", "mo_dau", "ket_luan"):
        assert fill(doc[key]) == fill(plan[key]), key
    assert doc["trich_yeu"] == plan["trich_yeu"] and doc["mo_dau"] == plan["mo_dau"]
    assert doc["can_cu"] == plan["can_cu"]
    assert doc["noi_nhan"] == plan["noi_nhan"]
    assert "luu" not in doc and "nguoi_ky" not in doc  # the school's own signer
    assert "“{{ chu_de_thang_hanh_dong }}”" in str(doc["noi_dung"])  # the year's theme is a parameter again
    assert (data / "don-vi.yaml").read_text(encoding="utf-8") == school_before
    assert result.reviews == [] and result.notes == []


def test_the_schools_fields_come_back_from_the_rendered_header_and_signature(vanthu, tmp_path, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    (result,) = nhap([tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx"], tmp_path / "moi")
    school = read_yaml(tmp_path / "moi" / "don-vi.yaml")[0]
    example = read_yaml(data / "don-vi.yaml")[0]
    assert school == {k: example[k] for k in ("co_quan_chu_quan", "ten", "ma", "dia_danh", "nguoi_ky")}
    assert result.don_vi == ["co_quan_chu_quan", "ten", "ma", "dia_danh", "nguoi_ky"]


# Bodies generated from the block model.

WORDS = ("công tác tuyên truyền trẻ em bình đẳng giới nhà trường kế hoạch thực hiện năm học giáo viên học sinh "
         "phối hợp tổ chức hoạt động kiểm tra đánh giá").split()
sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda w: " ".join(w).capitalize())


def _bullets(depth: int) -> st.SearchStrategy:
    child = st.lists(_bullets(depth + 1), max_size=3) if depth < 2 else st.just([])
    return st.builds(lambda text, kids: {"y": text, **({"noi_dung": kids} if kids else {})}, sentences, child)


def _container(kind: str, inner: tuple[str, ...]) -> st.SearchStrategy:
    """A block whose children are paragraphs and bullets first, then blocks of one lower kind:
    the order in which a reader can tell where each paragraph belongs."""
    lower = st.sampled_from(inner).flatmap(
        lambda k: st.lists(_container(k, _LOWER[k]), max_size=3)) if inner else st.just([])
    first = st.lists(st.one_of(sentences, _bullets(1)), max_size=3)
    return st.builds(lambda text, a, b: {kind: text, **({"noi_dung": a + b} if a + b else {})},
                     titles if kind == "muc" else sentences, first, lower).filter(
        lambda block: kind != "muc" or block.get("noi_dung"))


_LOWER = {"muc": ("khoan", "diem"), "dieu": ("khoan",), "khoan": ("diem",), "diem": ()}
bodies = st.one_of(
    st.lists(_container("muc", _LOWER["muc"]), min_size=1, max_size=4),
    st.lists(_container("dieu", _LOWER["dieu"]), min_size=1, max_size=4),
    st.builds(lambda bullets, items: bullets + items, st.lists(_bullets(1), max_size=3),
              st.lists(_container("khoan", _LOWER["khoan"]), max_size=3)).filter(bool),
)


def _lines(blocks: list, typed: st.DataObject, in_bullet: bool = False) -> list[Line]:
    """The blocks as vanthu prints them: labels from the label table, followed by a space, a tab or
    a no-break space as clerks type them."""
    out, counts = [], {}
    for block in blocks:
        if isinstance(block, str):
            out.append(Line(block))
            continue
        kind = next(k for k in block if k != "noi_dung")
        counts[kind] = counts.get(kind, 0) + 1
        text = vn.in_hoa(block[kind]) if kind == "muc" else block[kind]
        space = typed.draw(st.sampled_from([" ", "\t", "\u00a0", "  "]))
        out.append(Line(numbering.label(kind, counts[kind], nested=in_bullet) + space + text))
        out += _lines(block.get("noi_dung", []), typed, in_bullet or kind == "y")
    return out


@settings(max_examples=examples(80), deadline=None)
@given(bodies, sentences, sentences, st.data())
def test_a_body_generated_from_the_model_reads_back_to_the_same_blocks(blocks, mo_dau, ket_luan, typed):
    lines = [Line(mo_dau)] + _lines(blocks, typed) + [Line(ket_luan[:-1] + "./.")]
    notes: list[str] = []
    body = read_body(lines, notes)
    assert (body.mo_dau, body.blocks, body.ket_luan) == (mo_dau, blocks, ket_luan)
    assert notes == []


def _auto_lines(blocks: list, level: int = 0) -> list[Line]:
    """The same blocks numbered by Word: the label is not in the text, the list level is."""
    shown = {"muc": ("upperRoman", "%1."), "dieu": ("decimal", "Điều %1."), "khoan": ("decimal", "%1."),
             "diem": ("lowerLetter", "%1)"), "y": ("bullet", "•")}
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append(Line(block))
            continue
        kind = next(k for k in block if k != "noi_dung")
        text = vn.in_hoa(block[kind]) if kind == "muc" else block[kind]
        out.append(Line(text, auto=AutoNumber(kind, level, shown[kind][1])))
        out += _auto_lines(block.get("noi_dung", []), level + 1)
    return out


@settings(max_examples=examples(50), deadline=None)
@given(bodies, sentences, sentences)
def test_a_body_numbered_by_word_reads_back_to_the_same_blocks(blocks, mo_dau, ket_luan):
    body = read_body([Line(mo_dau)] + _auto_lines(blocks) + [Line(ket_luan[:-1] + "./.")], [])
    assert (body.mo_dau, body.blocks, body.ket_luan) == (mo_dau, blocks, ket_luan)


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies, st.data())
def test_a_generated_document_typed_in_word_reads_back(tmp_path_factory, blocks, typed):
    clerk = Clerk()
    clerk.header_table(SCHOOL_LEFT, "Số:      /KH-THCSKB", "Quận 8, ngày 09 tháng 5 năm 2022")
    clerk.title("KẾ HOẠCH", "Tổ chức các hoạt động năm học")
    clerk.line("Căn cứ tình hình thực tế của nhà trường.", italic=True)
    clerk.line("Nhà trường xây dựng kế hoạch như sau:")
    for line in _lines(blocks, typed):
        clerk.line(line.text)
    clerk.table([["TT", "Nội dung"], ["1", "Tuyên truyền"]])
    clerk.line("Trên đây là kế hoạch của nhà trường./.")
    clerk.signature_table(["Nơi nhận:", "- Các tổ chuyên môn;", "- Lưu: VT."], ["HIỆU TRƯỞNG", "", "Nguyễn Văn A"])
    path = clerk.save(tmp_path_factory.mktemp("doc") / "ke-hoach.docx")
    parsed = document.parse(reader.read(path))
    table = {"bang": {"cot": ["TT", "Nội dung"], "hang": [[1, "Tuyên truyền"]]}}
    expected = _with_table(blocks, table)
    assert parsed.document["noi_dung"] == expected
    assert parsed.document["can_cu"] == ["Căn cứ tình hình thực tế của nhà trường"]
    assert parsed.document["mo_dau"] == "Nhà trường xây dựng kế hoạch như sau:"
    assert parsed.document["ket_luan"] == "Trên đây là kế hoạch của nhà trường."
    assert parsed.document["noi_nhan"] == ["Các tổ chuyên môn"]


def _with_table(blocks: list, table: dict) -> list:
    """Where a table typed after the body lands: in the last open mục, điều, khoản or điểm."""
    if not blocks or not isinstance(blocks[-1], dict) or "y" in blocks[-1]:
        return blocks + [table]
    last = dict(blocks[-1])
    children = last.get("noi_dung", [])
    lower = children and isinstance(children[-1], dict) and "y" not in children[-1]
    last["noi_dung"] = _with_table(children, table) if lower else children + [table]
    return blocks[:-1] + [last]


def test_table_lines_are_cells_of_rows(tmp_path):
    clerk = Clerk()
    clerk.table([["Thời gian", "Nội dung", "Người thực hiện"], ["Tháng 9", "Tuyên truyền\nphát thanh", "TPT Đội"]])
    items = reader.read(clerk.save(Path(tmp_path) / "bang.docx"))
    (table,) = [i for i in items if isinstance(i, Table)]
    assert [[[l.text for l in cell] for cell in row] for row in table.rows] == [
        [["Thời gian"], ["Nội dung"], ["Người thực hiện"]], [["Tháng 9"], ["Tuyên truyền", "phát thanh"], ["TPT Đội"]]]



EXAMPLES = ["ke-hoach-binh-dang-gioi", "ke-hoach-tuan-le-hoc-tap", "quyet-dinh-ban-chi-dao", "cong-van-dang-ky-tap-huan",
            "to-trinh-kinh-phi", "thong-bao-lich-hop", "bao-cao-so-ket-hoc-ky-1", "bao-cao-binh-dang-gioi"]


def _printed(path: Path) -> tuple[list[str], list[list[str]]]:
    """What a reader sees: every paragraph of the body (tables included) and every table's cells."""
    from docx import Document
    doc = Document(path)
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))]
    return [line for line in lines if line.strip()], [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_every_example_document_prints_the_same_after_import(vanthu, tmp_path, data):
    """Lossless on vanthu's own output: import each rendered example, render the import, compare the print."""
    assert vanthu("soan", *EXAMPLES).exit_code == 0
    drafts = tmp_path / "out" / "2022" / "du-thao"
    words = tmp_path / "word"
    words.mkdir()
    for ten in EXAMPLES:  # as the clerk would have them: Word files of last round, under other names
        (drafts / f"{ten}.docx").rename(words / f"{ten}-nhap.docx")
    nhap(sorted(words.iterdir()), data)
    result = vanthu("soan", *(f"{ten}-nhap" for ten in EXAMPLES))
    assert result.exit_code == 0, result.output
    for ten in EXAMPLES:
        assert _printed(drafts / f"{ten}-nhap.docx") == _printed(words / f"{ten}-nhap.docx"), ten

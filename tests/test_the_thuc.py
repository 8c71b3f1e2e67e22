"""`vanthu the-thuc`: any Word document checked against NĐ 30 and corrected; vanthu's own documents pass."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm

import word_tay
from conftest import ROOT
from pipeline import layout, models, quy_tac
from pipeline.cli import cli
from pipeline.importers.text import fold
from pipeline.kinds.codes import LOAI_VAN_BAN
from pipeline.the_thuc import check_file, fix_file


def run(*args):
    return CliRunner().invoke(cli, list(args), prog_name="vanthu", catch_exceptions=False)


def text_of(path: Path) -> str:
    """The document's words as a reader reads them: case, label numbers and date forms aside."""
    doc = docx.Document(str(path))
    words = []
    for p in doc.element.body.iter(qn("w:p")):
        own = (t for t in p.iter(qn("w:t"), qn("w:br")) if next(t.iterancestors(qn("w:p"))) is p)  # not a text box's
        words.append("".join(t.text or "" if t.tag == qn("w:t") else " " for t in own))
    text = " ".join(" ".join(words).split())
    text = re.sub(r"\b(0?\d{1,2}|[ivx]+)\b|\./\.|[-:.;,/]", " ", fold(text))
    text = re.sub(r"\b(ngay|thang|nam)\b", " ", text)  # a date typed in figures is written out in words
    return " ".join(" ".join(text.split()).replace("luu vt", " ").split())  # the `- Lưu: VT.` line a fix may add


def _render(base: Path, starters: bool) -> list[Path]:
    """vanthu's documents of the example year: its own, or one starter of every kind (`moi`)."""
    shutil.copytree(ROOT / "data", base / "data", ignore=shutil.ignore_patterns("*.sqlite*", ".*.id", ".sao-luu"))
    shutil.copytree(ROOT / "templates", base / "templates")
    old = os.getcwd()
    os.chdir(base)
    try:
        names = []
        if starters:
            for n, code in enumerate(LOAI_VAN_BAN | {"CV": ""}):
                names.append(f"khoi-dau-{n:02d}-{fold(code).lower()}")
                result = run("moi", code, names[-1], "--nam", "2022")
                assert result.exit_code == 0, result.output
        result = run("soan", *names, "--nam", "2022", "--ra", str(base / "out"))
        assert result.exit_code == 0, result.output
        if not starters:  # and issued: numbered, dated, without the draft mark
            result = run("soan", "--nam", "2022", "--cap-so", "--ngay", "2022-06-15", "--ra", str(base / "out"))
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    return sorted(p for p in (base / "out").rglob("*.docx") if "tat-ca" not in p.name)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    """Every example document of data/2022 as vanthu renders it."""
    docs = _render(tmp_path_factory.mktemp("vanthu"), starters=False)
    assert len([p for p in docs if "du-thao" in p.parts]) >= 10 and len([p for p in docs if "du-thao" not in p.parts]) >= 10
    return docs


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory) -> list[Path]:
    base = tmp_path_factory.mktemp("tay")
    out = []
    for kind in word_tay.KINDS:
        path = base / f"tay-{kind}.docx"
        word_tay.build(path, kind)
        out.append(path)
    word_tay.build_tabs(base / "tay-tab.docx")
    word_tay.build(base / "tay-hai-dong.docx", "KH", kt=False, chu_quan=("ỦY BAN NHÂN DÂN", "PHƯỜNG CHÁNH HƯNG"))
    return out + [base / "tay-tab.docx", base / "tay-hai-dong.docx"]


def test_one_table_of_rules_for_layout_and_check():
    assert quy_tac.profile_errors() == []
    assert layout.PROFILES is quy_tac.PROFILES and layout.FONT == quy_tac.FONT
    le = models.Le.model_fields
    for side, rng in quy_tac.MARGINS.items():
        bounds = {type(m).__name__: getattr(m, "ge", getattr(m, "le", None)) for m in le[side].metadata}
        assert bounds == {"Ge": rng.lo, "Le": rng.hi}
    with pytest.raises(ValueError):
        models.Le(trai=quy_tac.MARGINS["trai"].lo - 1)


def _assert_clean(paths: list[Path]) -> None:
    for path in paths:
        report = check_file(path)
        assert report.findings == [], (path.name, [(f.quy_tac, f.thong_bao) for f in report.findings])


def test_every_example_document_vanthu_issues_passes_its_own_check(rendered):
    _assert_clean(rendered)


@pytest.mark.slow
def test_every_kinds_starter_passes_the_check(tmp_path_factory):
    docs = _render(tmp_path_factory.mktemp("khoi-dau"), starters=True)
    assert len(docs) == len(LOAI_VAN_BAN) + 1
    _assert_clean(docs)


def test_well_made_hand_typed_documents_pass(by_hand):
    for path in by_hand:
        report = check_file(path)
        assert report.findings == [], (path.name, [(f.quy_tac, f.thong_bao) for f in report.findings])


def _targets(rendered, by_hand):
    """A few documents of each kind: vanthu's plan, decision, công văn, report, notice; the hand-typed ones."""
    wanted = ("ke-hoach-binh-dang-gioi", "quyet-dinh-ban-chi-dao", "cong-van-dang-ky-tap-huan", "bao-cao-so-ket",
              "thong-bao-lich-hop", "to-trinh-kinh-phi")
    return [p for p in rendered if p.stem.startswith(wanted)] + [p for p in rendered if p.stem.startswith("KH-")][:1] \
        + list(by_hand)


def _plant_find_fix(fault: str, source: Path, tmp_path: Path) -> bool:
    """Plant `fault` in a copy of `source`: the check finds it, the fix leaves no finding and every word.
    False when the fault has no place in that document."""
    plant, code = word_tay.FAULTS[fault]
    doc = docx.Document(str(source))
    if not plant(doc):
        return False
    broken = tmp_path / f"{source.stem}.docx"
    doc.save(str(broken))
    found = [f.quy_tac for f in check_file(broken).findings]
    assert code in found, (source.name, found)
    fixed = fix_file(broken, tmp_path / f"{source.stem}-sua.docx")
    assert fixed.report.findings == [], (source.name, [(f.quy_tac, f.thong_bao) for f in fixed.report.findings])
    assert text_of(tmp_path / f"{source.stem}-sua.docx") == text_of(broken)
    return True


@pytest.mark.parametrize("fault", list(word_tay.FAULTS))
def test_planted_fault_is_found_and_fixed_in_a_document_of_each_origin(fault, rendered, by_hand, tmp_path_factory):
    """The fast run's share of the next test: the first document that can hold the fault, one of vanthu's
    for every other fault and a hand-typed one for the rest (or the other origin when it cannot)."""
    tmp_path = tmp_path_factory.mktemp(fault)  # outside tmp_path, as below
    origins = [_targets(rendered, []), list(by_hand)]
    if list(word_tay.FAULTS).index(fault) % 2:
        origins.reverse()
    assert any(_plant_find_fix(fault, source, tmp_path) for source in origins[0] + origins[1]), \
        f"«{fault}» planted in no document"


@pytest.mark.slow  # every fault in every target document: about 300 documents checked and fixed
@pytest.mark.parametrize("fault", list(word_tay.FAULTS))
def test_planted_fault_is_found_and_fixed(fault, rendered, by_hand, tmp_path_factory):
    # Outside tmp_path: the OOXML check of every copy is the several-faults test's (one copy, all fixes).
    tmp_path = tmp_path_factory.mktemp(fault)
    planted = sum(_plant_find_fix(fault, source, tmp_path) for source in _targets(rendered, by_hand))
    assert planted >= 2, f"«{fault}» planted in {planted} document(s)"


def test_faults_cover_at_least_sixteen_kinds():
    assert len({code for _, code in word_tay.FAULTS.values()}) >= 16


def test_several_faults_at_once_are_all_fixed(by_hand, tmp_path):
    doc = docx.Document(str(by_hand[0]))
    for name in ("phong_arial", "ngay_hinh_thuc", "danh_so_trung", "gach_tieu_ngu_mat", "noi_nhan_co_14",
                 "so_trang_trang_1", "le_trai_hep", "than_co_12", "gach_ten_don_vi_mat", "luu_thieu_hai_cham",
                 "cot_phai_hep", "kt_thieu_cham", "chu_mau_do"):
        assert word_tay.FAULTS[name][0](doc), name
    doc.save(str(tmp_path / "nhieu-loi.docx"))
    found = {f.quy_tac for f in check_file(tmp_path / "nhieu-loi.docx").findings}
    assert {"phong_chu", "ngay.hinh_thuc", "danh_so.thu_tu", "gach_tieu_ngu.thieu", "noi_nhan_dong.co_chu",
            "so_trang.trang_1", "le.trai", "than.co_chu"} <= found
    fixed = fix_file(tmp_path / "nhieu-loi.docx", tmp_path / "da-sua.docx")
    assert fixed.report.findings == []
    out = docx.Document(str(tmp_path / "da-sua.docx"))
    assert abs(out.sections[0].left_margin - Mm(30)) < Mm(0.2)
    texts = [p.text for p in out.paragraphs]
    assert "III. TỔ CHỨC THỰC HIỆN" in texts and "Phường Chánh Hưng, ngày 05 tháng 9 năm 2026" in \
        [p.text for t in out.tables for c in t._cells for p in c.paragraphs]


def test_a_decision_with_many_faults_is_fixed_into_a_valid_document(rendered, tmp_path):
    source = next(p for p in rendered if p.stem == "quyet-dinh-ban-chi-dao")
    doc = docx.Document(str(source))
    names = ("quoc_hieu_co_14", "tieu_ngu_gach_chan", "so_thieu_hai_cham", "gach_trich_yeu_mat", "can_cu_dung",
             "quyet_dinh_thieu_hai_cham", "than_gian_dong_2", "than_khong_thut", "noi_nhan_nhan_co_11",
             "ho_ten_thuong", "giay_letter")
    for name in names:
        assert word_tay.FAULTS[name][0](doc), name
    doc.save(str(tmp_path / "qd.docx"))
    found = {f.quy_tac for f in check_file(tmp_path / "qd.docx").findings}
    assert {word_tay.FAULTS[n][1] for n in names} <= found
    fixed = fix_file(tmp_path / "qd.docx", tmp_path / "qd-sua.docx")  # validated as every .docx a test makes
    assert fixed.report.findings == []
    assert text_of(tmp_path / "qd-sua.docx") == text_of(tmp_path / "qd.docx")


# --- the command -------------------------------------------------------------------------------

def test_command_reports_and_exits_by_result(by_hand, tmp_path):
    clean = by_hand[0]
    result = run("the-thuc", str(clean))
    assert result.exit_code == 0
    assert result.output == f"{clean}: đúng thể thức Nghị định 30, không thấy lỗi.\n"
    doc = docx.Document(str(clean))
    word_tay.FAULTS["ngay_hinh_thuc"][0](doc)
    doc.save(str(tmp_path / "sai.docx"))
    result = run("the-thuc", str(tmp_path / "sai.docx"))
    assert result.exit_code == 1
    assert "[ngay.hinh_thuc]" in result.output
    assert "«Phường Chánh Hưng, ngày 05 tháng 9 năm 2026»" in result.output


def test_json_lists_every_finding_with_its_keys(by_hand, tmp_path):
    doc = docx.Document(str(by_hand[1]))
    word_tay.FAULTS["quoc_hieu_thuong"][0](doc)
    word_tay.FAULTS["le_trai_hep"][0](doc)
    doc.save(str(tmp_path / "sai.docx"))
    result = run("the-thuc", str(tmp_path / "sai.docx"), str(by_hand[0]), "--json")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert {r["quy_tac"] for r in rows} == {"quoc_hieu.kieu_chu", "le.trai"}
    for row in rows:
        assert {"tep", "quy_tac", "muc", "vi_tri", "thong_bao"} <= set(row)
        assert row["muc"] == "loi" and row["tep"] == str(tmp_path / "sai.docx")
    quoc_hieu = next(r for r in rows if r["quy_tac"] == "quoc_hieu.kieu_chu")
    assert quoc_hieu["trang"] == 1 and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in quoc_hieu["vi_tri"]


@pytest.mark.not_ooxml("hong.docx")
def test_unreadable_file_exits_2(tmp_path, by_hand):
    (tmp_path / "hong.docx").write_bytes(b"PK\x03\x04 not a zip")
    result = CliRunner().invoke(cli, ["the-thuc", str(tmp_path / "hong.docx"), str(by_hand[0])],
                                                prog_name="vanthu")
    assert result.exit_code == 2
    assert "tệp .docx bị hỏng" in result.stderr and "Traceback" not in result.stderr


def test_fix_writes_a_copy_never_the_original(by_hand, tmp_path):
    source = tmp_path / "goc.docx"
    doc = docx.Document(str(by_hand[0]))
    word_tay.FAULTS["than_co_12"][0](doc)
    doc.save(str(source))
    before = source.read_bytes()
    result = run("the-thuc", str(source), "--sua", str(source))
    assert result.exit_code == 2 and source.read_bytes() == before
    result = run("the-thuc", str(source), "--sua", str(tmp_path / "ra.docx"))
    assert result.exit_code == 1  # the original still has its fault
    assert f"Đã ghi bản sửa: {tmp_path / 'ra.docx'} (1 lỗi đã sửa)." in result.output
    assert source.read_bytes() == before
    assert run("the-thuc", str(tmp_path / "ra.docx")).exit_code == 0


def test_what_cannot_be_fixed_is_listed(by_hand, tmp_path):
    doc = docx.Document(str(by_hand[0]))
    quoc_hieu = word_tay.find(doc, "^CỘNG HÒA")
    quoc_hieu._p.getparent().remove(quoc_hieu._p)
    doc.save(str(tmp_path / "thieu.docx"))
    result = run("the-thuc", str(tmp_path / "thieu.docx"), "--sua", str(tmp_path / "ra.docx"))
    assert result.exit_code == 1
    assert "Còn 1 điều phải sửa tay:" in result.output and "[quoc_hieu.thieu]" in result.output


@pytest.mark.slow
def test_word_97_file_is_read_through_libreoffice(by_hand, tmp_path):
    from pipeline.importers.convert import libreoffice
    doc_file = libreoffice(by_hand[0], tmp_path, "doc:MS Word 97")
    result = run("the-thuc", str(doc_file), "--json")
    assert result.exit_code in (0, 1)
    rows = json.loads(result.output)
    assert all(r["muc"] == "canh_bao" for r in rows), rows


def test_items_numbered_on_across_sections_are_accepted_a_repeat_is_not(by_hand, tmp_path):
    def relabel(old_new):
        doc = docx.Document(str(by_hand[0]))
        for old, new in old_new:
            assert word_tay._retext(word_tay.find(doc, "^" + re.escape(old)), old, new)
        doc.save(str(tmp_path / "nhan.docx"))
        return [f.quy_tac for f in check_file(tmp_path / "nhan.docx").findings]
    assert relabel([("1. Tuyên truyền", "3. Tuyên truyền"), ("2. Tổ chức", "4. Tổ chức")]) == []
    assert relabel([("2. Tổ chức", "1. Tổ chức")]) == ["danh_so.thu_tu"]
    assert relabel([("b) Huy động", "b. Huy động")]) == ["danh_so.nhan"]


def test_pages_are_word_s_own_when_it_saved_them(by_hand, tmp_path):
    from docx.oxml import OxmlElement
    doc = docx.Document(str(by_hand[0]))
    word_tay.FAULTS["danh_so_trung"][0](doc)
    section = word_tay.find(doc, "^II. TỔ CHỨC")
    section.runs[0]._r.find(qn("w:t")).addprevious(OxmlElement("w:lastRenderedPageBreak"))  # Word: page 2 here
    doc.save(str(tmp_path / "word.docx"))
    rows = json.loads(run("the-thuc", str(tmp_path / "word.docx"), "--json").output)
    assert [(r["quy_tac"], r["trang"], r["trang_uoc_tinh"]) for r in rows] == [("danh_so.thu_tu", 2, False)]
    assert rows[0]["vi_tri"] == "trang 2, đoạn «II. TỔ CHỨC THỰC HIỆN»"


@pytest.mark.slow
@pytest.mark.parametrize("settings", [
    "  co_chu: B\n",
    "  le: {tren: 25, duoi: 25, trai: 35, phai: 20}\n  gian_dong: 1.5\n  thut_dau_dong: 1.0\n  cach_doan: 12\n",
])
def test_documents_made_with_any_allowed_settings_pass(settings, tmp_path):
    """Every layout setting inside the decree's ranges gives documents the check passes: one table for both."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("*.sqlite*", ".*.id", ".sao-luu"))
    don_vi = tmp_path / "data" / "don-vi.yaml"
    text = don_vi.read_text(encoding="utf-8")
    for line in settings.splitlines():
        key = line.split(":")[0]
        text = re.sub(rf"(?m)^{re.escape(key)}:.*$", line, text)
    don_vi.write_text(text, encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert run("mau", "--mau", str(tmp_path / "templates")).exit_code == 0
        result = run("soan", "ke-hoach-binh-dang-gioi", "quyet-dinh-ban-chi-dao", "cong-van-dang-ky-tap-huan",
                     "--ra", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    docs = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(docs) == 3
    _assert_clean(docs)

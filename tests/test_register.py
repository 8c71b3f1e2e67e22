"""The register of outgoing documents: numbers in issue order, never twice, all or nothing."""

import multiprocessing
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import nd30
from conftest import replace_in
from pipeline.errors import RegisterError, TemplateError
from pipeline.register import MIGRATIONS, Entry, Register
from pipeline.so_dang_ky import COLUMNS, HEADER_ROW


def entry(khoa: str, loai: str = "KH", data: str = "v1") -> Entry:
    return Entry(loai=loai, ten_loai="KẾ HOẠCH", khoa=khoa, ky_hieu=f"{loai}-THCSKB", trich_yeu=f"Việc {khoa}",
                 nguoi_ky="Nguyễn Văn A", noi_nhan="- Phòng GD&ĐT Quận 8 (để báo cáo);\n- Lưu: VT.",
                 bam_du_lieu=data)


def write_text(so, ngay, tmp: Path):
    tmp.write_text(f"{so:02d} {ngay}", encoding="utf-8")


def issue(register, folder: Path, khoa: str, ngay=date(2022, 5, 9), **kw):
    return register.issue(entry(khoa, **kw), ngay, lambda so: folder / f"{khoa}-{so:02d}.txt", write_text)


def _worker(args):
    path, folder, worker = args
    with Register(Path(path), timeout=60) as register:
        return [issue(register, Path(folder), f"w{worker}-{i}").so for i in range(50)]


@pytest.mark.slow
def test_four_processes_issue_200_numbers_without_gap_or_duplicate(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    Register(path).close()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_worker, [(str(path), str(folder), w) for w in range(4)])
    numbers = sorted(n for r in results for n in r)
    assert numbers == list(range(1, 201))
    with Register(path) as register:
        rows = register.rows(2022)
    assert sorted(r.so for r in rows) == list(range(1, 201))
    assert len(list(folder.iterdir())) == 200


def test_failed_write_consumes_no_number_and_leaves_nothing(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    with Register(path) as register:
        issue(register, folder, "a")
        before_rows, before_files, before_bytes = register.rows(), sorted(folder.iterdir()), path.read_bytes()

        def broken(so, ngay, tmp):
            tmp.write_text("half")
            raise TemplateError("lỗi giả lập")

        with pytest.raises(TemplateError):
            register.issue(entry("b"), date(2022, 5, 9), lambda so: folder / f"b-{so:02d}.txt", broken)
        assert register.rows() == before_rows
        assert sorted(folder.iterdir()) == before_files
        assert path.read_bytes() == before_bytes
        assert issue(register, folder, "b").so == 2


def test_same_document_keeps_its_number_changed_one_is_refused_until_revoked(tmp_path):
    folder = tmp_path / "out"
    with Register(tmp_path / "so.sqlite") as register:
        first = issue(register, folder, "ke-hoach-2022")
        again = issue(register, folder, "ke-hoach-2022", ngay=date(2022, 6, 1))
        assert (again.so, again.ngay, again.moi) == (first.so, date(2022, 5, 9), False)
        assert again.tep.read_text(encoding="utf-8") == "01 2022-05-09"
        with pytest.raises(RegisterError, match=r"đã được cấp số 01/KH-THCSKB năm 2022.*thu hồi"):
            issue(register, folder, "ke-hoach-2022", data="v2")
        register.revoke(2022, 1, "Sửa nội dung")
        assert issue(register, folder, "ke-hoach-2022", data="v2").so == 2
        with pytest.raises(RegisterError, match="đã bị thu hồi"):
            register.revoke(2022, 1, "lần nữa")
        with pytest.raises(RegisterError, match="không có số 07"):
            register.revoke(2022, 7, "không có")
        states = [(r.so, r.trang_thai) for r in register.rows(2022)]
        assert states == [(1, "thu_hoi"), (2, "da_cap")]


def test_numbers_restart_each_year_and_sequences_can_be_per_type(tmp_path):
    folder = tmp_path / "out"
    with Register(tmp_path / "chung.sqlite") as register:
        assert [issue(register, folder, k, loai=l).so for k, l in (("a", "KH"), ("b", "TB"), ("c", "KH"))] == [1, 2, 3]
        assert issue(register, folder, "d", ngay=date(2023, 1, 1)).so == 1
        assert register.years() == [2022, 2023]
    with Register(tmp_path / "rieng.sqlite", per_type=True) as register:
        assert [issue(register, folder, k, loai=l).so for k, l in (("a", "KH"), ("b", "TB"), ("c", "KH"))] == [1, 1, 2]
        with pytest.raises(RegisterError, match="chọn một bằng --loai"):
            register.revoke(2022, 1, "x")
        assert register.revoke(2022, 1, "x", loai="TB").ky_hieu == "TB-THCSKB"


def test_not_a_register_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "so.sqlite"
    path.write_bytes(b"Day la so tay, khong phai SQLite")
    with pytest.raises(RegisterError, match="không phải sổ văn bản"):
        Register(path)
    assert path.read_bytes() == b"Day la so tay, khong phai SQLite"


def test_register_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "so.sqlite"
    Register(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="phiên bản vanthu mới hơn"):
        Register(path)
    assert path.read_bytes() == before


def test_migrations_are_recorded(tmp_path):
    Register(tmp_path / "so.sqlite").close()
    db = sqlite3.connect(tmp_path / "so.sqlite")
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == [name for name, _ in MIGRATIONS]
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_locked_register_waits_then_fails_clearly(tmp_path):
    path = tmp_path / "so.sqlite"
    Register(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Register(path, timeout=0.2) as register:
            with pytest.raises(RegisterError, match=r"đang được một chương trình khác ghi; đã chờ 0.2 giây"):
                issue(register, tmp_path / "out", "a")
    finally:
        other.execute("ROLLBACK")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# Through the command line, with the real plan.

def test_issue_plan_twice_change_revoke_and_export(vanthu, tmp_path, data):
    first = vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-09")
    assert first.exit_code == 0, first.output
    assert "Đã cấp số 01/KH-THCSKB ngày 09/05/2022 cho Kế hoạch năm 2022: out/2022/KH-01-THCSKB.docx" in first.output
    out = tmp_path / "out" / "2022" / "KH-01-THCSKB.docx"
    doc = Document(out)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số: 01/KH-THCSKB", date_line="Quận 8, ngày 09 tháng 5 năm 2022")
    text = nd30.text(doc)

    second = vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-20")
    assert second.exit_code == 0
    assert "Kế hoạch năm 2022 đã có số 01/KH-THCSKB (cấp ngày 09/05/2022)" in second.output
    assert nd30.text(Document(out)) == text

    replace_in(data / "2022" / "ke-hoach.yaml", "ngày lễ, Tết.", "ngày lễ, Tết và dịp hè.")
    refused = vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-20")
    assert refused.exit_code == 1
    assert "đã được cấp số 01/KH-THCSKB năm 2022, nhưng dữ liệu đã thay đổi" in refused.stderr
    assert "vanthu so-van-ban thu-hoi 1 --nam 2022" in refused.stderr
    assert nd30.text(Document(out)) == text

    revoked = vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Bổ sung nội dung")
    assert revoked.exit_code == 0 and "Đã thu hồi số 01/KH-THCSKB năm 2022" in revoked.output
    third = vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-20")
    assert "Đã cấp số 02/KH-THCSKB ngày 20/05/2022" in third.output
    assert "ngày lễ, Tết và dịp hè." in nd30.text(Document(tmp_path / "out/2022/KH-02-THCSKB.docx"))

    listing = vanthu("so-van-ban", "xem", "--nam", "2022")
    assert "01/KH-THCSKB" in listing.output and "đã thu hồi: Bổ sung nội dung" in listing.output

    exported = vanthu("so-van-ban", "xuat", "so-2022.xlsx", "--nam", "2022")
    assert exported.exit_code == 0 and "Đã xuất 2 văn bản ra so-2022.xlsx" in exported.output
    ws = openpyxl.load_workbook(tmp_path / "so-2022.xlsx").active
    assert [c.value for c in ws[HEADER_ROW]] == [title for title, _ in COLUMNS]
    assert [c.value for c in ws[HEADER_ROW]][:4] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                                     "Tên loại và trích yếu nội dung", "Người ký"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert [r[0] for r in rows] == ["01/KH-THCSKB", "02/KH-THCSKB"]
    assert rows[1][1] == "20/05/2022"
    assert rows[1][2].startswith("Kế hoạch Triển khai thực hiện công tác Bình đẳng giới")
    assert rows[1][4].splitlines()[0] == "Phòng GD&ĐT Quận 8 (để báo cáo)" and rows[1][5] == "VT"
    assert rows[0][9] == "Đã thu hồi: Bổ sung nội dung"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_render_failing_after_allocation_changes_nothing(vanthu, tmp_path, data, templates):
    assert vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    register = data / "so-van-ban-di.sqlite"
    out = tmp_path / "out" / "2022"
    before = (register.read_bytes(), sorted(p.name for p in out.iterdir()))
    doc = Document(templates / "ke-hoach.docx")
    doc.add_paragraph("{{ nam // 0 }}")  # passes the variable check, fails while rendering
    doc.save(templates / "ke-hoach.docx")
    replace_in(data / "2022" / "ke-hoach.yaml", "ngày lễ, Tết.", "ngày lễ, Tết và dịp hè.")
    vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Sửa")
    before = (register.read_bytes(), sorted(p.name for p in out.iterdir()))
    result = vanthu("ke-hoach", "--cap-so", "--ngay", "2022-05-20")
    assert result.exit_code == 1 and "lỗi khi điền mẫu" in result.stderr
    assert (register.read_bytes(), sorted(p.name for p in out.iterdir())) == before


def test_bad_register_file_through_the_cli(vanthu, data):
    (data / "so-van-ban-di.sqlite").write_text("không phải sổ")
    result = vanthu("ke-hoach", "--cap-so")
    assert result.exit_code == 1
    assert "so-van-ban-di.sqlite không phải sổ văn bản" in result.stderr
    assert (data / "so-van-ban-di.sqlite").read_text() == "không phải sổ"


def test_reading_a_register_never_written_creates_nothing(vanthu, data):
    result = vanthu("so-van-ban", "xem")
    assert result.exit_code == 0 and result.output == "Sổ văn bản đi chưa có văn bản nào.\n"
    assert not (data / "so-van-ban-di.sqlite").exists()


def test_a_failing_migration_leaves_the_register_at_the_version_before(tmp_path, monkeypatch):
    from pipeline import register as module

    path = tmp_path / "so.sqlite"
    Register(path).close()
    monkeypatch.setattr(module, "MIGRATIONS", MIGRATIONS + [("0002_hong", "ALTER TABLE khong_co ADD x INT")])
    with pytest.raises(RegisterError, match="lỗi sổ văn bản"):
        Register(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == [name for name, _ in MIGRATIONS]

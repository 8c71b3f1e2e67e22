"""The register of outgoing documents: numbers in issue order, never twice, all or nothing."""

import hashlib
import multiprocessing
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import nd30
from conftest import replace_in
from pipeline.errors import RegisterError, TemplateError, collecting
from pipeline.register import MIGRATIONS, Entry, Register
from pipeline.steps import Do
from pipeline import so_dang_ky
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
        again = issue(register, folder, "ke-hoach-2022", ngay=None)  # no date given: the recorded one
        assert (again.so, again.ngay, again.moi) == (first.so, date(2022, 5, 9), False)
        assert again.tep.read_text(encoding="utf-8") == "01 2022-05-09"
        with pytest.raises(RegisterError, match=r"ngày 09/05/2022 .*không cấp lại với ngày 01/06/2022.*thu hồi") as err:
            issue(register, folder, "ke-hoach-2022", ngay=date(2022, 6, 1))
        assert [(s.kind, s.args) for s in err.value.steps] == [
            (Do.KEEP_DATE, {"ngay": date(2022, 5, 9)}), (Do.REVOKE, {"so": 1, "nam": 2022, "loai": None})]
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
        folder = tmp_path / "out-rieng"
        assert [issue(register, folder, k, loai=l).so for k, l in (("a", "KH"), ("b", "TB"), ("c", "KH"))] == [1, 1, 2]
        with pytest.raises(RegisterError, match="chọn loại văn bản") as err:
            register.revoke(2022, 1, "x")
        assert [s.kind for s in err.value.steps] == [Do.CHOOSE_SEQUENCE]
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
    first = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert first.exit_code == 0, first.output
    assert "Đã cấp số 01/KH-THCSKB ngày 09/05/2022 cho Kế hoạch «ke-hoach-binh-dang-gioi»: out/2022/KH-01-THCSKB.docx" in first.output
    out = tmp_path / "out" / "2022" / "KH-01-THCSKB.docx"
    doc = Document(out)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số: 01/KH-THCSKB", date_line="Quận 8, ngày 09 tháng 5 năm 2022")
    text = nd30.text(doc)

    second = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
    assert second.exit_code == 0
    assert "Kế hoạch «ke-hoach-binh-dang-gioi» đã có số 01/KH-THCSKB (cấp ngày 09/05/2022)" in second.output
    assert nd30.text(Document(out)) == text
    other_day = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-20")
    assert other_day.exit_code == 1
    assert "ngày 09/05/2022 (tệp out/2022/KH-01-THCSKB.docx); không cấp lại với ngày 20/05/2022. Để dùng văn " \
           "bản đã cấp, giữ ngày đã cấp" in other_day.stderr
    assert "(để dùng văn bản đã cấp, chạy lại không có --ngay, hoặc --ngay 2022-05-09; thu hồi số: vanthu " \
           "so-van-ban thu-hoi 1 --nam 2022 --ly-do \"…\")" in other_day.stderr

    replace_in(data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml", "ngày lễ, Tết.", "ngày lễ, Tết và dịp hè.")
    refused = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-20")
    assert refused.exit_code == 1
    assert ("đã được cấp số 01/KH-THCSKB năm 2022 (tệp out/2022/KH-01-THCSKB.docx), nhưng dữ liệu đã thay đổi"
            in refused.stderr)
    assert "vanthu so-van-ban thu-hoi 1 --nam 2022" in refused.stderr
    assert nd30.text(Document(out)) == text

    revoked = vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Bổ sung nội dung")
    assert revoked.exit_code == 0 and "Đã thu hồi số 01/KH-THCSKB năm 2022" in revoked.output
    # Moved aside, so it cannot be printed as a valid document; the register knows where it went.
    aside = tmp_path / "out" / "2022" / "thu-hoi" / "KH-01-THCSKB.docx"
    assert f"Văn bản đã thu hồi được chuyển sang out/2022/thu-hoi/KH-01-THCSKB.docx" in revoked.output
    assert aside.is_file() and not out.exists() and nd30.text(Document(aside)) == text
    db = sqlite3.connect(data / "so-van-ban-di.sqlite")
    assert db.execute("SELECT tep, trang_thai FROM van_ban WHERE so = 1").fetchone() == (
        "out/2022/thu-hoi/KH-01-THCSKB.docx", "thu_hoi")
    third = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-20")
    assert "Đã cấp số 02/KH-THCSKB ngày 20/05/2022" in third.output
    assert "ngày lễ, Tết và dịp hè." in nd30.text(Document(tmp_path / "out/2022/KH-02-THCSKB.docx"))

    listing = vanthu("so-van-ban", "xem", "--nam", "2022")
    assert "01/KH-THCSKB" in listing.output and "đã thu hồi: Bổ sung nội dung" in listing.output

    exported = vanthu("so-van-ban", "xuat", "so-2022.xlsx", "--nam", "2022")
    assert exported.exit_code == 0 and "Đã xuất 2 văn bản ra so-2022.xlsx" in exported.output
    workbook = openpyxl.load_workbook(tmp_path / "so-2022.xlsx")
    assert workbook.sheetnames == ["Bìa 2022", "Năm 2022"]
    assert [row[0] for row in workbook["Bìa 2022"].iter_rows(values_only=True) if row[0]] == [
        "ỦY BAN NHÂN DÂN QUẬN 8", "TRƯỜNG THCS KHÁNH BÌNH", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2022",
        "Từ ngày 09/05/2022 đến ngày 20/05/2022", "Từ số 01 đến số 02", "Quyển số: 1"]
    ws = workbook["Năm 2022"]
    assert [c.value for c in ws[HEADER_ROW]] == [title for title, _ in COLUMNS]
    assert [c.value for c in ws[HEADER_ROW]][:4] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                                     "Tên loại và trích yếu nội dung", "Người ký"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert [r[0] for r in rows] == ["01/KH-THCSKB", "02/KH-THCSKB"]
    assert rows[1][1] == datetime(2022, 5, 20) and ws.cell(HEADER_ROW + 2, 2).number_format == "DD/MM/YYYY"
    assert rows[1][2].startswith("Kế hoạch Triển khai thực hiện công tác Bình đẳng giới")
    assert rows[1][4].splitlines()[0] == "Phòng GD&ĐT Quận 8 (để báo cáo)" and rows[1][5] == "VT"
    assert rows[0][9] == "Đã thu hồi: Bổ sung nội dung"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_render_failing_after_allocation_changes_nothing(vanthu, tmp_path, data, templates):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    register = data / "so-van-ban-di.sqlite"
    out = tmp_path / "out" / "2022"
    before = (register.read_bytes(), sorted(p.name for p in out.iterdir()))
    doc = Document(templates / "van-ban.docx")
    doc.add_paragraph("{{ nam // 0 }}")  # passes the variable check, fails while rendering
    doc.save(templates / "van-ban.docx")
    replace_in(data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml", "ngày lễ, Tết.", "ngày lễ, Tết và dịp hè.")
    vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Sửa")
    before = (register.read_bytes(), sorted(p.name for p in out.iterdir()))
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-20")
    assert result.exit_code == 1 and "lỗi khi điền mẫu" in result.stderr
    assert (register.read_bytes(), sorted(p.name for p in out.iterdir())) == before


def test_bad_register_file_through_the_cli(vanthu, data):
    (data / "so-van-ban-di.sqlite").write_text("không phải sổ")
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
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


# Crash safety and upgrades, in process (test_faults.py kills real processes).

def test_a_register_of_the_first_schema_keeps_its_rows_and_its_policy(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    with sqlite3.connect(path) as db:  # a register as the first version of vanthu left it
        db.executescript(MIGRATIONS[0][1] + "; CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT);"
                         "INSERT INTO migrations VALUES ('0001_van_ban', 'x'); PRAGMA user_version = 1;")
    folder.mkdir()
    (folder / "KH-01.txt").write_text("01 2022-05-09", encoding="utf-8")
    digest = hashlib.sha256(b"01 2022-05-09").hexdigest()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO van_ban (nam, chuoi, so, ky_hieu, loai, ten_loai, khoa, ngay, trich_yeu, nguoi_ky, "
                   "noi_nhan, tep, sha256, bam_du_lieu, trang_thai, ghi_luc) VALUES (2022, 'KH', 1, 'KH-THCSKB', "
                   "'KH', 'KẾ HOẠCH', 'a', '2022-05-09', 'Việc a', 'A', '- Lưu: VT.', ?, ?, 'v1', 'da_cap', 'x')",
                   (str(folder / "KH-01.txt"), digest))
    with Register(path, per_type=True) as register:
        again = issue(register, folder, "a")
        assert (again.so, again.moi, again.tep.read_text(encoding="utf-8")) == (1, False, "01 2022-05-09")
    db = sqlite3.connect(path)
    assert db.execute("SELECT nam, cach_danh_so FROM nam_so").fetchall() == [(2022, "theo-loai")]
    assert db.execute("SELECT so, trang_thai, sha256 FROM van_ban").fetchall() == [(1, "da_cap", digest)]
    with Register(path) as register, pytest.raises(RegisterError, match="mỗi loại văn bản một dãy số"):
        issue(register, folder, "b")


def test_a_temporary_file_left_by_a_killed_run_goes_with_the_next_issue(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    leftover = folder / ".b-01.txt.dang-cap"
    leftover.write_text("half")
    with Register(tmp_path / "so.sqlite") as register:
        assert issue(register, folder, "b").so == 1
    assert sorted(p.name for p in folder.iterdir()) == ["b-01.txt"]


def test_a_number_whose_files_were_lost_stays_with_its_document_until_voided(tmp_path, monkeypatch):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    def interrupted(self, pending, indexes):
        raise KeyboardInterrupt  # right after the commit, before the file is put in place

    with Register(path) as register:
        monkeypatch.setattr(Register, "_complete", interrupted)
        with pytest.raises(KeyboardInterrupt):
            issue(register, folder, "a")
    monkeypatch.undo()
    [waiting] = folder.iterdir()
    assert waiting.name == ".a-01.txt.dang-cap"
    waiting.unlink()  # lost before the next run could put it in place
    with collecting() as warned, Register(path) as register:
        [warning] = warned  # said to the job that opened the register, for its result
        assert warning.startswith("số 01/KH-THCSKB năm 2022 đang cấp dở và không còn tệp văn bản")
        assert issue(register, folder, "b").so == 2  # another document never gets number 01
        with pytest.raises(RegisterError, match=r"đang được cấp số 01/KH-THCSKB năm 2022 dở dang.*thu hồi số") as err:
            issue(register, folder, "a")
        assert [(s.kind, s.args["so"]) for s in err.value.steps] == [(Do.REVOKE, 1)]
        register.revoke(2022, 1, "Cấp dở, mất tệp")
        assert issue(register, folder, "a").so == 3
    rows = sqlite3.connect(path).execute("SELECT so, khoa, trang_thai, ly_do_thu_hoi FROM van_ban").fetchall()
    assert rows == [(1, "a", "thu_hoi", "Cấp dở, mất tệp"), (2, "b", "da_cap", None), (3, "a", "da_cap", None)]
    assert sorted(p.name for p in folder.iterdir()) == ["a-03.txt", "b-02.txt"]


# Issue 13: a register as a school keeps it.

def read_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT nam, so, ky_hieu, ngay, nguon, trang_thai, tep, sha256 FROM van_ban "
                          "ORDER BY nam, chuoi, so").fetchall()


def test_a_school_adopting_vanthu_mid_year_starts_at_38_and_records_numbers_given_by_hand(vanthu, data, tmp_path):
    started = vanthu("so-van-ban", "bat-dau", "38", "--nam", "2022")
    assert started.output == "Năm 2022, số cấp tiếp theo là 38 (các số 01–37 đã cấp ngoài vanthu).\n"
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert "Đã cấp số 38/KH-THCSKB ngày 09/05/2022" in issued.output
    plan = tmp_path / "out" / "2022" / "KH-38-THCSKB.docx"
    nd30.assert_header(Document(plan), chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số: 38/KH-THCSKB", date_line="Quận 8, ngày 09 tháng 5 năm 2022")

    typed = vanthu("so-van-ban", "ghi", "--ngay", "2022-05-10", "--ky-hieu", "QĐ-THCSKB", "--trich-yeu",
                   "Về việc thành lập Ban chỉ đạo", "--nguoi-ky", "Nguyễn Văn A", "--noi-nhan", "Như Điều 3",
                   "--noi-nhan", "Lưu: VT, TCM")
    assert typed.output == ("Đã ghi số 39/QĐ-THCSKB ngày 10/05/2022 vào sổ văn bản đi: Quyết định «Về việc thành "
                            "lập Ban chỉ đạo».\n")
    by_hand = vanthu("so-van-ban", "ghi", "--so", "12", "--ngay", "2022-03-01", "--ky-hieu", "THCSKB-VP",
                     "--trich-yeu", "Về việc đăng ký tập huấn", "--nguoi-ky", "Nguyễn Văn A")
    assert by_hand.exit_code == 0  # below the start: one of the numbers given by hand, recorded late

    taken = vanthu("so-van-ban", "ghi", "--so", "39", "--ngay", "2022-05-10", "--ky-hieu", "QĐ-THCSKB",
                   "--trich-yeu", "Khác", "--nguoi-ky", "A")
    assert taken.exit_code == 1
    assert taken.stderr == ("Lỗi: số 39/QĐ-THCSKB năm 2022 đã có trong sổ (Quyết định «Về việc thành lập Ban chỉ "
                            "đạo», đã cấp): một số chỉ cấp một lần. Số còn trống tiếp theo là 40\n")
    restart = vanthu("so-van-ban", "bat-dau", "20", "--nam", "2022")
    assert restart.exit_code == 1
    assert restart.stderr == ("Lỗi: năm 2022 đã cấp đến số 39: dãy số không bắt đầu lại được từ số 20, vì sẽ cấp "
                              "lại số đã có. Số tiếp theo là 40\n")
    assert vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20").output.startswith("Đã cấp số 40/BC-THCSKB")

    rows = read_rows(data / "so-van-ban-di.sqlite")
    assert [r[:6] for r in rows] == [
        (2022, 12, "THCSKB-VP", "2022-03-01", "ngoai", "da_cap"), (2022, 38, "KH-THCSKB", "2022-05-09", "vanthu", "da_cap"),
        (2022, 39, "QĐ-THCSKB", "2022-05-10", "ngoai", "da_cap"), (2022, 40, "BC-THCSKB", "2022-12-20", "vanthu", "da_cap")]
    assert rows[1][7] == hashlib.sha256(plan.read_bytes()).hexdigest() and rows[2][6:] == ("", None)
    with sqlite3.connect(data / "so-van-ban-di.sqlite") as db:
        assert db.execute("SELECT noi_nhan FROM van_ban WHERE so = 39").fetchone()[0] == "- Như Điều 3;\n- Lưu: VT, TCM."
        assert db.execute("SELECT loai, ten_loai FROM van_ban WHERE so = 12").fetchone() == ("CV", "CÔNG VĂN")


def test_numbers_follow_dates_and_the_year(vanthu, data, tmp_path):
    assert vanthu("so-van-ban", "bat-dau", "5", "--nam", "2022").exit_code == 0
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-18").exit_code == 0
    before = read_rows(data / "so-van-ban-di.sqlite")
    earlier = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-01")
    assert earlier.exit_code == 1
    assert earlier.stderr == ("Lỗi: số 06/BC-THCSKB không thể mang ngày 01/05/2022: số 05/KH-THCSKB trước nó đã "
                              "mang ngày 18/05/2022, mà số văn bản theo thứ tự ban hành trong năm (Nghị định 30, "
                              "Điều 15). Hãy chọn ngày từ 18/05/2022 trở đi. Chưa cấp số nào\n")
    next_year = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2023-02-01")
    assert next_year.exit_code == 1
    assert "thuộc năm 2022 mà ngày ban hành 01/02/2023 lại ở năm 2023" in next_year.stderr
    assert "Hãy chọn ngày ban hành trong năm 2022" in next_year.stderr
    assert "(chọn ngày bằng --ngay NĂM-THÁNG-NGÀY trong năm 2022)" in next_year.stderr
    late = vanthu("so-van-ban", "ghi", "--so", "2", "--ngay", "2022-06-01", "--ky-hieu", "QĐ-THCSKB",
                  "--trich-yeu", "X", "--nguoi-ky", "A")
    assert late.exit_code == 1
    assert late.stderr.startswith("Lỗi: số 02/QĐ-THCSKB không thể mang ngày 01/06/2022: số 05/KH-THCSKB sau nó đã "
                                  "mang ngày 18/05/2022")
    assert "Hãy chọn ngày từ 18/05/2022 trở về trước" in late.stderr
    assert read_rows(data / "so-van-ban-di.sqlite") == before
    assert sorted(p.name for p in (tmp_path / "out" / "2022").iterdir()) == ["KH-05-THCSKB.docx"]


def test_export_has_a_cover_and_a_sheet_per_year_in_number_order(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    with Register(path, per_type=True) as register:
        issue(register, folder, "b", loai="TB", ngay=date(2022, 5, 9))
        issue(register, folder, "a", loai="KH", ngay=date(2022, 5, 12))
        issue(register, folder, "c", loai="KH", ngay=date(2022, 6, 1))
        register.record(entry("", loai="TB"), date(2022, 9, 5), so=7)
        issue(register, folder, "d", loai="KH", ngay=date(2023, 1, 3))
        register.revoke(2022, 2, "Sai ngày", loai="KH")
        rows = register.rows()
    so_dang_ky.export(rows, tmp_path / "so.xlsx", "Trường THCS Khánh Bình", None, quyen=2)
    workbook = openpyxl.load_workbook(tmp_path / "so.xlsx")
    assert workbook.sheetnames == ["Bìa 2022", "Năm 2022", "Bìa 2023", "Năm 2023"]
    cover = [row[0] for row in workbook["Bìa 2022"].iter_rows(values_only=True) if row[0]]
    assert cover == ["TRƯỜNG THCS KHÁNH BÌNH", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2022",
                     "Từ ngày 09/05/2022 đến ngày 05/09/2022", "Từ số 01 đến số 07", "Quyển số: 2"]
    sheet = [row for row in workbook["Năm 2022"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert [(r[0], r[1], r[9]) for r in sheet] == [
        ("01/KH-THCSKB", datetime(2022, 5, 12), None), ("02/KH-THCSKB", datetime(2022, 6, 1), "Đã thu hồi: Sai ngày"),
        ("01/TB-THCSKB", datetime(2022, 5, 9), None), ("07/TB-THCSKB", datetime(2022, 9, 5), None)]
    assert [r[0] for r in workbook["Năm 2023"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)] == ["01/KH-THCSKB"]


def test_xem_filters_by_type_and_dates(vanthu):
    for args in (("ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09"),
                 ("thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12"),
                 ("bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20")):
        args = ("soan", *args)
        assert vanthu(*args).exit_code == 0
    notices = vanthu("so-van-ban", "xem", "--loai", "TB").output.splitlines()[2:]
    assert [line.split()[1] for line in notices] == ["02/TB-THCSKB", "03/TB-THCSKB", "04/TB-THCSKB", "05/TB-THCSKB"]
    may = vanthu("so-van-ban", "xem", "--tu", "2022-05-10", "--den", "2022-05-31").output.splitlines()[2:]
    assert [line.split()[2] for line in may] == ["12/05/2022"] * 4
    december = vanthu("so-van-ban", "xem", "--tu", "2022-12-01").output.splitlines()[2:]
    assert [line.split()[1] for line in december] == ["06/BC-THCSKB"]
    none = vanthu("so-van-ban", "xem", "--loai", "QĐ")
    assert none.output == "Sổ văn bản đi chưa có văn bản nào khớp với điều kiện đã chọn.\n"


def _race(args):
    path, folder, role, so, barrier = args
    with Register(Path(path), timeout=60) as register:
        barrier.wait()
        if role == "ghi":
            try:
                return register.record(entry("", loai="QĐ"), date(2022, 5, 9), so=so).so
            except RegisterError as exc:
                return str(exc)
        return issue(register, Path(folder), f"k{so}").so


def test_two_processes_racing_ghi_and_issue_on_the_same_number_never_share_it(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    Register(path).close()
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(2) as pool:
        for so in range(1, 17, 2):
            barrier = manager.Barrier(2)
            recorded, issued = pool.map(_race, [(str(path), str(folder), role, so, barrier) for role in ("ghi", "cap")])
            if recorded == so:
                assert issued == so + 1
            else:
                assert issued == so and f"số {so:02d}/KH-THCSKB năm 2022 đã có trong sổ" in recorded
                with Register(path) as register:  # the clerk records it as the next number instead
                    assert register.record(entry("", loai="QĐ"), date(2022, 5, 9)).so == so + 1
    rows = read_rows(path)
    assert [r[1] for r in rows] == list(range(1, 17))
    for _, so, _, _, nguon, _, tep, digest in rows:
        if nguon == "vanthu":
            assert hashlib.sha256(Path(tep).read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(r[6]).name for r in rows if r[4] == "vanthu")


def test_ghi_and_bat_dau_refuse_bad_values_with_one_message(vanthu, data):
    base = ["so-van-ban", "ghi", "--ngay", "2022-05-10", "--nguoi-ky", "A"]
    cases = [
        (base + ["--ky-hieu", "QĐ THCSKB", "--trich-yeu", "X"],
         "Lỗi: ký hiệu «QĐ THCSKB» không hợp lệ: cần các nhóm chữ nối bằng `-`, ví dụ QĐ-THCSKB\n"),
        (base + ["--ky-hieu", "QĐ-THCSKB", "--trich-yeu", "  "], "Lỗi: trích yếu không được để trống\n"),
        (base + ["--ky-hieu", "QĐ-THCSKB", "--trich-yeu", "X", "--so", "0"],
         "Lỗi: số văn bản bắt đầu từ 1, không phải 0\n"),
    ]
    for args, message in cases:
        result = vanthu(*args)
        assert (result.exit_code, result.stderr) == (1, message)
    result = vanthu("so-van-ban", "bat-dau", "0", "--nam", "2022")
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: SỐ phải từ 1 trở lên, không phải 0\n")
    assert not (data / "so-van-ban-di.sqlite").exists()  # refused before the register was opened


def test_numbers_given_by_hand_may_carry_a_letter_new_ones_never_do(vanthu, data, tmp_path):
    started = vanthu("so-van-ban", "bat-dau", "37a", "--nam", "2022")
    assert started.output == "Năm 2022, số cấp tiếp theo là 38 (các số 01–37a đã cấp ngoài vanthu).\n"
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert "Đã cấp số 38/KH-THCSKB ngày 09/05/2022" in issued.output
    args = ["--ky-hieu", "QĐ-THCSKB", "--trich-yeu", "Về việc thành lập Ban chỉ đạo", "--nguoi-ky", "Nguyễn Văn A"]
    typed = vanthu("so-van-ban", "ghi", "--so", "38a", "--ngay", "2022-05-09", *args)
    assert typed.output == ("Đã ghi số 38a/QĐ-THCSKB ngày 09/05/2022 vào sổ văn bản đi: Quyết định «Về việc thành "
                            "lập Ban chỉ đạo».\n")
    again = vanthu("so-van-ban", "ghi", "--so", "38A", "--ngay", "2022-05-09", *args)
    assert again.exit_code == 1 and again.stderr.startswith("Lỗi: số 38a/QĐ-THCSKB năm 2022 đã có trong sổ")
    late = vanthu("so-van-ban", "ghi", "--so", "38b", "--ngay", "2022-05-08", *args)
    assert late.exit_code == 1
    assert "số 38b/QĐ-THCSKB không thể mang ngày 08/05/2022: số 38" in late.stderr
    assert "trước nó đã mang ngày 09/05/2022" in late.stderr
    assert vanthu("so-van-ban", "ghi", "--so", "1x2", "--ngay", "2022-05-09", *args).stderr == (
        "Lỗi: «1x2» không phải số văn bản: cần một số, có thể kèm một chữ cái (ví dụ 38 hoặc 38a)\n")
    # The next number vanthu gives is an integer after 38a.
    report = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20")
    assert report.output.startswith("Đã cấp số 39/BC-THCSKB")
    listing = vanthu("so-van-ban", "xem", "--nam", "2022").output
    assert listing.index("38/KH-THCSKB") < listing.index("38a/QĐ-THCSKB") < listing.index("39/BC-THCSKB")
    revoked = vanthu("so-van-ban", "thu-hoi", "38a", "--nam", "2022", "--ly-do", "Ghi nhầm")
    assert revoked.output.startswith("Đã thu hồi số 38a/QĐ-THCSKB năm 2022.")
    with sqlite3.connect(data / "so-van-ban-di.sqlite") as db:
        assert db.execute("SELECT so, chu, trang_thai FROM van_ban ORDER BY so, chu").fetchall() == [
            (38, "", "da_cap"), (38, "a", "thu_hoi"), (39, "", "da_cap")]


def test_a_register_of_the_third_schema_gains_letters_and_keeps_its_rows(tmp_path):
    path, folder = tmp_path / "so.sqlite", tmp_path / "out"
    with sqlite3.connect(path) as db:  # a register as vanthu left it before numbers had letters
        db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for number, (name, sql) in enumerate(MIGRATIONS[:3], 1):
            db.executescript(sql)
            db.execute("INSERT INTO migrations VALUES (?, 'x')", (name,))
        db.execute("PRAGMA user_version = 3")
    with Register(path) as register:
        first = issue(register, folder, "a")
        register.record(entry("b", loai="QĐ"), date(2022, 5, 9), "1a")
        assert [(str(r.so), r.nguon) for r in register.rows(2022)] == [("1", "vanthu"), ("1a", "ngoai")]
        assert register.next_number(2022) == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert first.so == 1 and db.execute("SELECT count(*) FROM van_ban").fetchone()[0] == 2
    with pytest.raises(sqlite3.IntegrityError):  # the letter is part of the number's uniqueness
        db.execute("INSERT INTO van_ban (nam, chuoi, so, chu, ky_hieu, loai, ten_loai, khoa, ngay, trich_yeu, "
                   "nguoi_ky, noi_nhan, tep, bam_du_lieu, trang_thai, ghi_luc) SELECT nam, chuoi, so, chu, ky_hieu, "
                   "loai, ten_loai, 'c', ngay, trich_yeu, nguoi_ky, noi_nhan, tep, bam_du_lieu, 'thu_hoi', ghi_luc "
                   "FROM van_ban WHERE chu = 'a'")


def test_revoking_a_plan_names_the_issued_notices_that_quote_it_and_a_notice_leaves_the_print_file(vanthu, tmp_path, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    notices = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-10")
    assert notices.exit_code == 0, notices.output
    batch = tmp_path / "out" / "2022" / "thong-bao-phan-cong"
    printed = batch / "tat-ca-da-cap-so.docx"
    numbers = lambda: re.findall(r"Số: (\d+/TB-THCSKB)", nd30.text(Document(printed)))  # noqa: E731
    assert numbers() == ["02/TB-THCSKB", "03/TB-THCSKB", "04/TB-THCSKB", "05/TB-THCSKB"]

    one = vanthu("so-van-ban", "thu-hoi", "3", "--nam", "2022", "--ly-do", "Sai tên giáo viên")
    assert one.exit_code == 0, one.output
    assert f"Tệp gộp để in đã được soạn lại, không còn văn bản này: {printed.relative_to(tmp_path)}" in one.output
    assert numbers() == ["02/TB-THCSKB", "04/TB-THCSKB", "05/TB-THCSKB"]
    assert "căn cứ vào văn bản" not in one.output + one.stderr  # nothing quotes a notice

    plan = vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Sai chỉ tiêu")
    assert plan.exit_code == 0, plan.output
    assert ("3 văn bản đã cấp số căn cứ vào văn bản số 01/KH-THCSKB (02/TB-THCSKB, 04/TB-THCSKB, 05/TB-THCSKB); "
            "thu hồi văn bản này không thu hồi chúng: hãy xem lại từng văn bản") in plan.output + plan.stderr

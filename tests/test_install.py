"""Installed like a program: `pip install` of the package, then `vanthu` from any folder."""

import os
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline import school
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("*.py")}
    data_folders = {"pipeline.templates", "pipeline.web.templates", "pipeline.web.static"}
    assert sorted(listed) == sorted(found | data_folders)


@pytest.mark.slow
def test_installed_vanthu_sets_up_a_school_and_renders_from_an_empty_folder(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(ROOT)], check=True, capture_output=True)
    vanthu = env_dir / "bin" / "vanthu"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}  # the remembered school stays here
    env.pop("PYTHONPATH", None)

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        cwd.mkdir(exist_ok=True)
        return subprocess.run([str(vanthu), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)

    help_text = run("--help", cwd=tmp_path / "empty")
    assert help_text.returncode == 0 and "khoi-tao" in help_text.stdout and "web" in help_text.stdout

    made = run("khoi-tao", str(tmp_path / "truong"), "--ten", "Trường THCS Hòa Bình", "--co-quan-chu-quan",
               "Ủy ban nhân dân Quận 5", "--ma", "THCSHB", "--dia-danh", "Quận 5", "--ho-ten", "Lê Văn Tư",
               cwd=tmp_path / "empty")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "truong" / "don-vi.yaml").is_file()

    elsewhere = tmp_path / "somewhere-else"
    result = run("soan", "ke-hoach-nam-hoc", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    (docx,) = (elsewhere / "out").rglob("*.docx")
    text = "\n".join(p.text for t in Document(docx).tables for c in t._cells for p in c.paragraphs)
    assert "ỦY BAN NHÂN DÂN QUẬN 5" in text and "TRƯỜNG THCS HÒA BÌNH" in text
    assert not (elsewhere / "templates").exists()  # the templates came from inside the package


# `vanthu khoi-tao` and finding the data folder, in this process.

@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    """The user's config folder, in the test's own tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, prog_name="vanthu", catch_exceptions=False)


def test_khoi_tao_asks_checks_the_header_and_writes_a_commented_school(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = ["Trường Trung học cơ sở Nguyễn Văn Bảy", "?", "Hồ Chí Mihn", "TP.HCM", "?", "Phường 8", "p. chanh hung",
               "", "Trần Thị Hoa", "", "", ""]
    result = invoke("khoi-tao", "truong", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert ("Lỗi: không có tỉnh, thành phố «Hồ Chí Mihn» (theo danh mục đơn vị hành chính từ 01/7/2025); "
            "có phải: «Thành phố Hồ Chí Minh»?") in result.stderr
    assert "Lỗi: Thành phố Hồ Chí Minh không có phường, xã, đặc khu «Phường 8»" in result.stderr
    assert "Thành phố Hà Nội; tỉnh Cao Bằng; " in result.output  # `?`: the 34 provinces
    assert "; Phường Chánh Hưng; " in result.output  # and the wards of the one chosen
    assert "Địa danh ở dòng ngày tháng (ví dụ: Chánh Hưng) [Chánh Hưng]:" in result.output
    assert "[Ủy ban nhân dân phường Chánh Hưng]:" in result.output
    assert "Mã trường trong ký hiệu văn bản [THCSNVB]:" in result.output
    assert "Lưu ý" not in result.output  # the names print whole, broken between their phrases
    text = (tmp_path / "truong" / "don-vi.yaml").read_text(encoding="utf-8")
    assert "co_quan_chu_quan: Ủy ban nhân dân phường Chánh Hưng # dòng trên cùng bên trái" in text
    assert "\ndia_danh: Chánh Hưng " in text and "ten_dau_trang:  " in text
    assert "\ntinh: Thành phố Hồ Chí Minh " in text and "\nxa: Phường Chánh Hưng " in text  # offered again on Trường
    assert "ma: THCSNVB " in text and "  ho_ten: Trần Thị Hoa\n" in text and "# Phó Hiệu trưởng ký thay:" in text
    (year,) = [p for p in (tmp_path / "truong").iterdir() if p.is_dir()]
    assert sorted(p.name for p in year.iterdir()) == ["tham-so.yaml", "van-ban"]
    assert sorted(p.name for p in (year / "van-ban").iterdir()) == ["ke-hoach-nam-hoc.yaml", "quyet-dinh-thanh-lap.yaml"]

    monkeypatch.chdir(tmp_path / "truong")  # a school's folder is its own data folder
    drafted = invoke("soan", "quyet-dinh-thanh-lap")
    assert drafted.exit_code == 0, drafted.output
    (docx,) = (tmp_path / "truong" / "out").rglob("*.docx")
    header = Document(docx).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG CHÁNH HƯNG", "TRƯỜNG TRUNG HỌC CƠ SỞ", "NGUYỄN VĂN BẢY"]
    assert [p.text for p in header.cell(1, 1).paragraphs if p.text][0].startswith("Chánh Hưng, ngày ")


def test_khoi_tao_from_flags_for_a_high_school_and_an_abbreviation_offered(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = invoke("khoi-tao", "thpt", "--ten", "Trường THPT Nguyễn Du", "--tinh", "tp hcm", "--xa", "P. Sài Gòn",
                  "--ho-ten", "Lê Văn Tư")
    assert made.exit_code == 0, made.output
    text = (tmp_path / "thpt" / "don-vi.yaml").read_text(encoding="utf-8")
    assert "co_quan_chu_quan: Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh #" in text
    assert "\ndia_danh: Sài Gòn " in text

    answers = ["Trường Tiểu học Minh Hòa", "", "Phan Rang", "Trần Thị Hoa",
               "Ủy ban nhân dân Thành phố Phan Rang - Tháp Chàm", "", "", "y"]
    result = invoke("khoi-tao", "th", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert ("Lưu ý: tên cơ quan chủ quản «ỦY BAN NHÂN DÂN / THÀNH PHỐ / PHAN RANG - THÁP CHÀM» in trên 3 dòng; "
            "viết tắt: «UBND / TP. PHAN RANG - THÁP CHÀM»") in result.output
    assert ("Lưu ý: cơ quan chủ quản: «Thành phố Phan Rang»: thành phố thuộc tỉnh (cấp huyện) không còn từ "
            "01/7/2025") in result.output
    assert "co_quan_chu_quan: UBND TP. Phan Rang - Tháp Chàm" in (tmp_path / "th" / "don-vi.yaml").read_text(
        encoding="utf-8")


def test_khoi_tao_refuses_bad_answers_and_an_existing_school(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    flags = ["--ten", "Trường TH Ánh Dương", "--co-quan-chu-quan", "", "--dia-danh", "Huyện Củ Chi",
             "--ho-ten", "Lê Văn Tư"]
    bad = invoke("khoi-tao", "moi", *flags, "--ma", "th-ad")
    assert bad.exit_code == 1
    assert bad.stderr == ("Lỗi: trường `ma`: giá trị «th-ad» không đúng dạng (chữ in hoa và số viết liền, "
                          "ví dụ THCSKB)\n")
    assert not (tmp_path / "moi").exists()
    assert invoke("khoi-tao", "moi", *flags).exit_code == 0
    assert "ma: THAD " in (tmp_path / "moi" / "don-vi.yaml").read_text(encoding="utf-8")
    again = invoke("khoi-tao", "moi", *flags)
    assert again.exit_code == 1 and "đã có dữ liệu của một trường" in again.stderr


def test_the_data_folder_is_found_here_or_remembered(tmp_path, config, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    missing = invoke("so-van-ban", "xem")
    assert missing.exit_code == 1 and missing.stderr.startswith("Lỗi: không tìm thấy dữ liệu của trường")
    assert invoke("khoi-tao", str(tmp_path / "truong"), "--ten", "Trường MN Hoa Sen", "--dia-danh", "Quận 3",
                  "--ho-ten", "Võ Thị Lan").exit_code == 0
    assert school.find_data() == (tmp_path / "truong").resolve()  # remembered
    listed = invoke("danh-sach")
    assert listed.exit_code == 0 and "quyet-dinh-thanh-lap" in listed.output
    (empty / "data").mkdir()
    assert school.find_data() == Path("data")  # a data/ folder here wins over the remembered one
    assert school.find_data(Path("x")) == Path("x")
    (config / "vanthu" / "cau-hinh.json").write_text("{not json", encoding="utf-8")
    (empty / "data").rmdir()
    assert school.find_data() is None  # a damaged config is no school, and no traceback


def test_abbreviations_and_codes():
    assert school.abbreviate("Ủy ban nhân dân Huyện Bình Chánh") == "UBND Huyện Bình Chánh"
    assert school.abbreviate("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh") == "Sở GD&ĐT TP. Hồ Chí Minh"
    assert school.abbreviate("TRƯỜNG TRUNG HỌC PHỔ THÔNG LÊ QUÝ ĐÔN") == "TRƯỜNG THPT LÊ QUÝ ĐÔN"
    assert school.suggest_ma("Trường Tiểu học Đinh Bộ Lĩnh") == "THĐBL"
    assert school.suggest_ma("Trường Mầm non 19/5") == "MN1"

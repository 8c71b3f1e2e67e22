"""The command line: Vietnamese help with an example for every command."""

import unicodedata

from pipeline.cli import cli


def test_every_command_has_vietnamese_help_with_an_example(vanthu):
    top = vanthu("--help")
    assert top.exit_code == 0
    assert top.output.startswith("Cách dùng: vanthu [TÙY CHỌN] LỆNH")
    for name in cli.commands:
        result = vanthu(name, "--help")
        assert result.exit_code == 0, name
        assert f"Cách dùng: vanthu {name} [TÙY CHỌN]" in result.output
        assert "Ví dụ:  vanthu " in result.output, name
        assert "Tùy chọn:" in result.output and "Options" not in result.output
        assert unicodedata.is_normalized("NFC", result.output)


def test_every_command_is_in_the_readme_command_table():
    from conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Các lệnh"):readme.index("Tùy chọn chung:")]
    missing = [name for name in cli.commands if f"`vanthu {name}" not in table and f"`{name}`" not in table]
    assert not missing, missing


def test_vanthu_alone_shows_the_help(vanthu):
    result = vanthu()
    assert result.exit_code == 0 and result.output.startswith("Cách dùng: vanthu [TÙY CHỌN] LỆNH")


def test_version_names_the_installed_package(vanthu):
    from importlib.metadata import version
    result = vanthu("--version")
    assert result.exit_code == 0
    assert result.output == f"vanthu {version('vanthu')}\n"
    assert "  --version   Hiện phiên bản của vanthu.\n" in vanthu("--help").output


def test_usage_errors_are_vietnamese(vanthu):
    cases = {
        ("ke-hoac",): "Lỗi: không có lệnh «ke-hoac»; có phải ý bạn là «ke-hoach»?",
        ("ke-hoach", "--nam", "hai"): "Lỗi: giá trị không hợp lệ cho --nam: cần một số nguyên",
        ("ke-hoach", "--ngay", "09/05/2022"): "Lỗi: giá trị không hợp lệ cho --ngay: cần một ngày dạng NĂM-THÁNG-NGÀY",
        ("ke-hoach", "thua"): "Lỗi: thừa tham số (thua)",
        ("ke-hoach", "--nam"): "Lỗi: tùy chọn --nam cần một giá trị",
        ("so-van-ban", "thu-hoi", "5"): "Lỗi: thiếu --nam",
        ("so-van-ban", "thu-hoi"): "Lỗi: thiếu SỐ",
    }
    for args, message in cases.items():
        result = vanthu(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(message), (args, result.stderr)


def test_header_lines_that_would_wrap_are_warned_about(vanthu, data):
    from conftest import replace_in

    replace_in(data / "don-vi.yaml", "dia_danh: Quận 8 ", "dia_danh: Thành phố Hồ Chí Minh ")
    result = vanthu("ke-hoach")
    assert result.exit_code == 0 and "Cảnh báo" not in result.stderr  # 13 pt holds it on one line
    replace_in(data / "don-vi.yaml", "dia_danh: Thành phố Hồ Chí Minh ",
               "dia_danh: Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội ")
    result = vanthu("ke-hoach")
    assert result.exit_code == 0
    assert ("Cảnh báo: dòng địa danh, ngày tháng «Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội, ngày 09 tháng 5 "
            "năm 2022» rộng hơn cột 100 mm nên sẽ xuống dòng; viết địa danh ngắn hơn\n") in result.stderr

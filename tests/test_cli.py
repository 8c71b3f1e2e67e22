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

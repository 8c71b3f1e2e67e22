"""Property: whatever a clerk types as an argument or writes into a data file, vanthu answers with a
message or does the work, and never with a traceback.

Each example runs a command in-process (click's CliRunner) on a fresh copy of the example school.
Few examples by default, to keep the suite fast; VANTHU_HYPOTHESIS_EXAMPLES=200 searches harder.
"""

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from pipeline.cli import cli

EXAMPLES = int(os.environ.get("VANTHU_HYPOTHESIS_EXAMPLES", "6"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("VANTHU_HYPOTHESIS_EXAMPLES"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# What an adversary (or a slip of the hand) types: paths out, braces, huge and odd numbers, templates.
HOSTILE = ["../../2022/KH-01-THCSKB", "/etc/passwd", "..\\..\\x", "{lop", "}", "{{", "{{ 1/0 }}", "{{ nam + 'x' }}",
           "{% for x in range(10**9) %}x{% endfor %}", "{% endif %}", "{% if %}", "1234567890123456789012345", "-1", "0", "2999", "1970-01-01",
           "2022-02-30", "", " ", "\x00", "\x1b[31m", "=HYPERLINK(\"x\")", "&a [*a]", "*a", "Ω" * 300,
           "data/2022/tham-so.yaml", "data", "out", "templates/bao-cao-lop.docx", "2022", "QĐ", "KH"]
VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                  st.integers(-10**30, 10**30).map(str))

TRON = ["tron", "templates/bao-cao-lop.docx", "data/2022/bao-cao-lop.xlsx", "--ngay", "2022-12-16"]
COMMANDS = [
    lambda a, b: ["moi", a, b],
    lambda a, b: ["soan", a, "--nam", "2022"],
    lambda a, b: ["soan", "ke-hoach-binh-dang-gioi", "--nam", a],
    lambda a, b: ["soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", a],
    lambda a, b: ["danh-sach", "--nam", a],
    lambda a, b: [*TRON, "--ten", a],
    lambda a, b: [*TRON, "--nhom", a],
    lambda a, b: [*TRON, "--xem-truoc", a],
    lambda a, b: [*TRON, "--trich-yeu", a, "--gop", b],
    lambda a, b: ["tron", a, "data/2022/bao-cao-lop.xlsx"],
    lambda a, b: ["tron", "templates/bao-cao-lop.docx", a],
    lambda a, b: ["mau-moi", a],
    lambda a, b: ["kiem-tra", a],
    lambda a, b: ["so-van-ban", "xem", "--nam", a],
    lambda a, b: ["so-van-ban", "xem", "--tu", a, "--den", b],
    lambda a, b: ["so-van-ban", "thu-hoi", a, "--nam", "2022", "--ly-do", b],
    lambda a, b: ["so-van-ban", "bat-dau", a, "--nam", b],
    lambda a, b: ["so-van-ban", "ghi", "--ngay", "2022-05-09", "--ky-hieu", a, "--trich-yeu", b, "--nguoi-ky", b],
    lambda a, b: ["so-van-ban", "xuat", a],
    lambda a, b: ["nam-moi", "--tu", a, "--den", b],
    lambda a, b: ["so-sanh", a, b],
    lambda a, b: ["nhap", a, "--ten", b],
    lambda a, b: ["cap-so", a, "--ngay", b],
]

# Where a data file holds a value: (file, the line to replace, how the hostile value is written there).
FIELDS = [
    ("data/2022/van-ban/ke-hoach-binh-dang-gioi.yaml", "trich_yeu:", "trich_yeu: {}"),
    ("data/2022/van-ban/ke-hoach-binh-dang-gioi.yaml", "ngay:", "ngay: {}"),
    ("data/2022/van-ban/thong-bao-phan-cong.yaml", "loai:", "loai: {}"),
    ("data/2022/tham-so.yaml", "nam:", "nam: {}"),
    ("data/2022/tham-so.yaml", "nam_hoc:", "nam_hoc: {}"),
    ("data/don-vi.yaml", "  ho_ten:", "  ho_ten: {}"),
    ("data/don-vi.yaml", "ma:", "ma: {}"),
    ("data/2022/phan-cong.csv", None, None),
]


@contextmanager
def school():
    """A fresh copy of the example school and its templates, as the working folder."""
    folder = Path(tempfile.mkdtemp(prefix="vanthu-hyp-"))
    shutil.copytree(ROOT / "data", folder / "data", ignore=shutil.ignore_patterns("*.sqlite*", ".*"))
    shutil.copytree(ROOT / "templates", folder / "templates")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(cwd)
        shutil.rmtree(folder, ignore_errors=True)


def no_traceback(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, prog_name="vanthu")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"vanthu {args!r} raised {type(result.exception).__name__}: {result.exception}") \
            from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)


@SETTINGS
@given(command=st.sampled_from(range(len(COMMANDS))), a=VALUE, b=VALUE)
def test_no_argument_ends_in_a_traceback(command, a, b):
    with school():
        no_traceback(COMMANDS[command](a, b))


@SETTINGS
@given(field=st.sampled_from(range(len(FIELDS))), value=VALUE, quoted=st.booleans(),
       command=st.sampled_from([["kiem-tra"], ["soan", "--nam", "2022"], ["nam-moi"], ["danh-sach"]]))
def test_no_data_value_ends_in_a_traceback(field, value, quoted, command):
    path, start, line = FIELDS[field]
    with school() as folder:
        target = folder / path
        text = target.read_text(encoding="utf-8")
        if start is None:  # a CSV cell: the first data row's second cell
            rows = text.splitlines()
            cells = rows[1].split(",")
            cells[min(1, len(cells) - 1)] = json.dumps(value, ensure_ascii=False) if quoted else value
            rows[1] = ",".join(cells)
            text = "\n".join(rows) + "\n"
        else:
            old = next(l for l in text.splitlines() if l.startswith(start))
            text = text.replace(old, line.format(json.dumps(value, ensure_ascii=False) if quoted else value), 1)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        no_traceback(command)

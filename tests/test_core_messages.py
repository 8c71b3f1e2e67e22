"""No message of the core names a command-line flag or a command: it says what to do, and the way
out travels as a step (`pipeline.steps`) that each front end words its own way."""

import ast
import re
from pathlib import Path

from pipeline.cli import cli

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _messages(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings, f-strings joined with {…} for values."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
                  and isinstance(node.value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
            found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.append((node.lineno, node.value))
    return found


def _offending(path: Path) -> list[str]:
    commands = "|".join(sorted(cli.commands, key=len, reverse=True))
    command = re.compile(rf"\bvanthu (?:{commands})\b")
    return [f"{path.relative_to(PIPELINE)}:{line}: {text}" for line, text in _messages(path)
            if " " in text and (FLAG.search(text) or command.search(text))]  # a sentence, not a program's argv


def test_no_core_message_names_a_flag_or_a_command():
    core = [p for p in sorted(PIPELINE.rglob("*.py")) if p.name != "cli.py" and "web" not in p.parts]
    assert [line for path in core for line in _offending(path)] == []


def test_the_check_sees_a_flag_and_a_command(tmp_path):
    probe = PIPELINE / "cli.py"  # the command line words its steps with flags: the check must see them
    assert any("--ly-do" in line for line in _offending(probe))
    assert any("vanthu moi" in line for line in _offending(probe))


def test_the_command_line_words_every_step_with_its_flag_or_command():
    from datetime import date

    from pipeline.cli import _step_words
    from pipeline.steps import Do, Step
    for kind in Do:
        words = _step_words(Step(kind, so=5, nam=2022, loai="TB", ngay=date(2022, 5, 9)))
        assert words != kind.value and ("--" in words or "vanthu " in words), kind
    assert _step_words(Step(Do.REVOKE, so=5, nam=2022, loai="TB")) == \
        "thu hồi số: vanthu so-van-ban thu-hoi 5 --nam 2022 --loai TB --ly-do \"…\""

"""`vanthu --help` starts at once: the command line loads no document library until a command runs."""

import json
import subprocess
import sys

HEAVY = ("docxtpl", "openpyxl", "lxml", "docx", "pypdf", "pydantic", "jinja2", "ruamel", "babel", "docxcompose")


def _loaded_after(code: str) -> list[str]:
    script = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    modules = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                        check=True).stdout)
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def test_help_loads_no_document_library():
    run_help = ("import contextlib, io\nfrom pipeline.cli import main\nsys.argv = ['vanthu', '--help']\n"
                "with contextlib.redirect_stdout(io.StringIO()) as shown, contextlib.suppress(SystemExit):\n"
                "    main()\nassert 'soan' in shown.getvalue()")
    assert _loaded_after(run_help) == []


def test_a_command_loads_what_it_uses():
    # A plan from YAML needs the models, the templates and python-docx, but no spreadsheet or PDF library.
    loaded = _loaded_after("from pipeline.documents import van_ban")
    assert "pydantic" in loaded and "docxtpl" in loaded
    assert "openpyxl" not in loaded and "pypdf" not in loaded

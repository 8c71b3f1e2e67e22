"""The front ends stand on the application API only: cli.py and web/ import `pipeline.app`,
`pipeline.errors` and `pipeline.vn` (wording) of the core, and nothing else of it."""

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
ALLOWED = ("pipeline.app", "pipeline.errors", "pipeline.vn", "pipeline.web")  # web: `vanthu web` starts the page


def _package(path: Path) -> str:
    package = ".".join(path.relative_to(PIPELINE.parent).with_suffix("").parts)
    return package if path.name == "__init__.py" else package.rsplit(".", 1)[0]


def _imports(path: Path, package: str | None = None) -> list[str]:
    """Every pipeline module a file imports, resolved to its absolute name."""
    package = package or _package(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            found += [f"{base}.{a.name}" if not node.module else base for a in node.names]
    return [name for name in found if name == "pipeline" or name.startswith("pipeline.")]


def _allowed(name: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in ALLOWED)


def test_front_ends_import_only_the_application_api():
    files = [PIPELINE / "cli.py", *sorted((PIPELINE / "web").rglob("*.py"))]
    past = {f"{path.relative_to(PIPELINE)}: {name}" for path in files for name in _imports(path) if not _allowed(name)}
    assert past == set()


def test_the_rule_sees_an_import_past_the_api(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("from ..register import Register\nfrom .. import school, vn\nfrom ..app import School\n"
                   "import pipeline.tables\n")
    assert [n for n in _imports(bad, "pipeline.web") if not _allowed(n)] == [
        "pipeline.register", "pipeline.school", "pipeline.tables"]

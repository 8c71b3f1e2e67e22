"""The front ends stand on the application API only: cli.py and web/ import `pipeline.app`,
`pipeline.errors` and `pipeline.vn` (wording) of the core, and nothing else of it."""

import ast
import functools
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


# The import graph of pipeline/: no circles, and each layer uses only the ones below it (DESIGN.md).
# Imports under `if TYPE_CHECKING:` are for the type checker only and are not counted.

LAYERS = [  # highest first; a module may import its own layer and the ones below
    ("pipeline.cli", "pipeline.web"),
    ("pipeline.app",),
    ("pipeline.school", "pipeline.shipped", "pipeline.word_number", "pipeline.importers", "pipeline.rollover",
     "pipeline.so_dang_ky", "pipeline.pdf", "pipeline.office", "pipeline.the_thuc", "pipeline.ky_so", "pipeline.ky_so_thu"),
    ("pipeline.documents", "pipeline.kinds", "pipeline.publish", "pipeline.combine"),
    ("pipeline.models", "pipeline.contexts", "pipeline.load", "pipeline.tables", "pipeline.mergefields", "pipeline.rows",
     "pipeline.phan_cong"),
    ("pipeline.layout", "pipeline.columns", "pipeline.metrics", "pipeline.names", "pipeline.dia_gioi", "pipeline.chars", "pipeline.engine",
     "pipeline.ooxml", "pipeline.sandbox"),
    ("pipeline.register", "pipeline.files", "pipeline.zipguard"),
    # wording, errors, steps and the table of kind codes: every layer
    ("pipeline.errors", "pipeline.steps", "pipeline.vn", "pipeline.numbering", "pipeline.kinds.codes", "pipeline.limits",
     "pipeline.quy_tac"),
]


def _module(path: Path) -> str:
    parts = list(path.relative_to(PIPELINE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(tree: ast.AST) -> set[int]:
    """The import nodes inside `if TYPE_CHECKING:` blocks."""
    return {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
            and getattr(block.test, "id", getattr(block.test, "attr", None)) == "TYPE_CHECKING"
            for inner in block.body for node in ast.walk(inner)}


@functools.cache  # the package as it is in this run: parsed once for the tests that read it
def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PIPELINE.rglob("*.py")}

    def known(name: str) -> str:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        return name if name in modules else ""

    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_only(tree)
        deps = set()
        for node in ast.walk(tree):
            if id(node) in skip or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(node, ast.Import):
                deps |= {known(a.name) for a in node.names}
                continue
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
            deps |= {known(f"{base}.{a.name}") or known(base) for a in node.names}
        graph[name] = {d for d in deps if d and d != name}
    return graph


def _layer(module: str) -> int:
    """The layer of the most specific entry naming the module or a package holding it."""
    found = [(len(p), depth) for depth, prefixes in enumerate(LAYERS) for p in prefixes
             if module == p or module.startswith(p + ".")]
    assert found, f"{module} is in no layer of LAYERS"
    return max(found)[1]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, found, counter = {}, {}, [], [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    assert _cycles(_graph()) == []


def test_nothing_imports_upward():
    graph = _graph()
    upward = [f"{m} → {d}" for m, deps in sorted(graph.items()) for d in sorted(deps) if _layer(d) < _layer(m)]
    assert upward == []


def test_the_graph_checks_see_a_circle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = _graph()
    assert "pipeline.app" in graph["pipeline.cli"] and _layer("pipeline.app") < _layer("pipeline.engine")


def test_documents_modules_have_no_sideways_ties():
    # One job builder (documents.van_ban): a mail merge is a document too; sheets' rows and rosters
    # live below the documents, which share only their package (the frame).
    graph = _graph()
    ties = [f"{m} → {d}" for m in sorted(graph) if m.startswith("pipeline.documents.")
            for d in sorted(graph[m]) if d.startswith("pipeline.documents.")]
    assert ties == []

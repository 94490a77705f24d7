"""The package's shape: one top-level name, rooms by stage, no import circle, small modules."""
from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Where each govlint subpackage lives in the repository (pyproject's package-dir).
ROOTS = {"govlint": REPO / "linter", "govlint.rules": REPO / "rules", "govlint.grammar": REPO / "grammar"}
MAX_MODULE_LINES = 400


def _modules() -> dict[str, Path]:
    modules = {}
    for prefix, root in ROOTS.items():
        for path in root.rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join([prefix] + parts)
            if prefix == "govlint" and parts[:1] in (["rules"], ["grammar"]):
                continue
            modules[name] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """govlint modules imported anywhere in the module (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def test_no_import_circle():
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    # A package's __init__ re-exporting from its own modules is not a circle of the design:
    # only edges between modules (and from modules to other packages) count.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if _is_parent_init(nxt, node, modules):
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _is_parent_init(target: str, importer: str, modules: dict[str, Path]) -> bool:
    """`from govlint.x import y` inside govlint.x.z loads govlint/x/__init__ first; that is
    not an edge of the design when the __init__ only re-exports."""
    return modules[target].name == "__init__.py" and importer.startswith(target + ".")


def test_every_room_says_what_lives_there():
    for init in [REPO / "linter" / "__init__.py", *sorted((REPO / "linter").glob("*/__init__.py")),
                 REPO / "rules" / "__init__.py", REPO / "grammar" / "__init__.py"]:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{init.relative_to(REPO)} has no docstring saying what lives there"


def test_no_module_is_too_long():
    long = {str(p.relative_to(REPO)): n for p in _modules().values()          # the engine and the rules
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_module_is_named_like_the_standard_library():
    stdlib = set(sys.stdlib_module_names)
    clash = [str(p.relative_to(REPO)) for root in ROOTS.values() for p in root.rglob("*.py")
             if p.stem in stdlib and p.stem != "__init__"]
    assert not clash


@pytest.mark.skipif(not (REPO / "pyproject.toml").exists(), reason="needs the source tree")
def test_the_wheel_holds_only_the_govlint_package(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("govlint-*.whl")
    with zipfile.ZipFile(wheel) as z:
        tops = {n.split("/")[0] for n in z.namelist()}
        names = set(z.namelist())
    assert {t for t in tops if not t.endswith(".dist-info")} == {"govlint"}
    for data in ("govlint/grammar/report.lark", "govlint/model/gazetteer/divisions.tsv",
                 "govlint/model/gazetteer/lookalike_chars.tsv", "govlint/rules/structure.py"):
        assert data in names

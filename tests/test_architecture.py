"""The layout of mbx/ (docs/ARCHITECTURE in SPEC-ARCH terms): one job per module, small
modules, no import cycles, the CLI on top, one namespace table, light `mbx --help`."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mbx"
MODULES = sorted(PACKAGE.rglob("*.py"))
RDF_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "owlready2")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """The nodes of ``tree`` outside ``if TYPE_CHECKING:`` blocks (imports only for types)."""
    nodes: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return nodes


def _imports(path: Path) -> set[str]:
    """Every mbx module ``path`` imports when it runs, at the top or inside a function."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mbx"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mbx"):
            found.add(node.module)
            # `from mbx import bundle` imports the module mbx.bundle
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / f"{node.module}.{alias.name}".replace(".", "/")).with_suffix(
                    ".py"
                ).exists()
            )
    return found


@functools.cache
def _graph() -> dict[str, set[str]]:
    """Each mbx module's imports of other mbx modules (parsed when a test first asks)."""
    return {_name(path): _imports(path) - {_name(path)} for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=[_name(p) for p in MODULES])
def test_every_module_says_its_job_in_one_line_and_stays_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text), clean=False)
    assert docstring, f"{path.name}: open with a docstring saying the module's job"
    first = docstring.split("\n", 1)[0]
    assert first.strip() and first.rstrip().endswith("."), f"{path.name}: a one-line summary"
    lines = text.count("\n")
    assert lines <= 450, f"{path.name} has {lines} lines: split it along its seams"


def test_no_import_cycles() -> None:
    def visit(module: str, path: list[str]) -> None:
        for target in sorted(_graph().get(module, ())):
            if target in path:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(_graph()):
        visit(module, [module])


def test_the_cli_is_on_top() -> None:
    """The library never imports the click layer; only mbx.cli (and __main__) import click."""
    for module, targets in _graph().items():
        if not module.startswith("mbx.cli") and module != "mbx.__main__":
            assert not any(t.startswith("mbx.cli") for t in targets), module
            source = (PACKAGE.parent / module.replace(".", "/")).with_suffix(".py")
            if not source.exists():
                source = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
            assert "import click" not in source.read_text(encoding="utf-8"), module


def test_iri_constants_live_in_the_namespace_table() -> None:
    """No module but mbx/namespaces.py defines a constant holding an http(s) IRI."""
    for path in MODULES:
        if path.name == "namespaces.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
                node.value, ast.Constant
            ):
                value = node.value.value
                assert not (
                    isinstance(value, str) and value.startswith(("http://", "https://"))
                ), f"{_name(path)}: put {value!r} in mbx/namespaces.py"


def _modules_after(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nprint(','.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1].split(",")


def test_mbx_help_imports_no_rdf_library() -> None:
    loaded = _modules_after(
        "import sys\nfrom mbx.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    )
    assert "mbx.cli" in loaded
    assert [name for name in RDF_LIBRARIES if name in loaded] == []
    assert [name for name in loaded if name.startswith("mbx.cli.")] == []  # lazy commands


def test_the_command_list_is_each_command_s_own_help() -> None:
    """``mbx --help`` lists the commands without importing them: the text must be theirs."""
    from mbx.cli import COMMANDS, _listed, all_commands

    commands = all_commands()
    assert sorted(commands) == sorted(COMMANDS)
    for name, command in commands.items():
        assert command.name == name and command.short_help is None, name
        assert COMMANDS[name][0] == command.callback.__module__, name
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert COMMANDS[name][1] == first, f"{name}: put {first!r} in mbx.cli.COMMANDS"
        for limit in (40, 60, 80):
            assert command.get_short_help_str(limit) == _listed(name).get_short_help_str(limit)


def test_import_mbx_imports_no_rdf_library() -> None:
    """``import mbx`` (and its version) stays light; ``mbx.MBX`` loads rdflib only when asked."""
    loaded = _modules_after("import sys\nimport mbx\nmbx.__version__")
    assert "mbx" in loaded
    assert [name for name in RDF_LIBRARIES if name in loaded] == []
    loaded = _modules_after("import sys\nfrom mbx import MBX\nMBX.Myokine")
    assert "rdflib" in loaded and "mbx.vocab" in loaded


def test_help_does_not_import_heavy_libraries() -> None:
    """No command's --help imports an RDF library, requests, rich or matplotlib."""
    code = (
        "import sys\n"
        "from mbx.cli import main\n"
        "for name in [None, *main.list_commands(None)]:\n"
        "    args = ['--help'] if name is None else [name, '--help']\n"
        "    try:\n"
        "        main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ['rdflib', 'pyoxigraph', 'pyshacl', 'owlready2', 'requests', 'rich', 'matplotlib']\n"
        "print('HEAVY:' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_the_hedge_words_are_the_shapes_regex() -> None:
    """One list of hedge words: the tests read the shapes' regex (tests/hedges.py)."""
    import tests.test_claims as claims
    from tests.hedges import HEDGE_CUE, hedge_cue

    assert claims.HEDGE_CUE is HEDGE_CUE is hedge_cue()
    assert HEDGE_CUE.search("this may help") and HEDGE_CUE.search("It MIGHT")
    assert not HEDGE_CUE.search("mayor") and not HEDGE_CUE.search("it helps")

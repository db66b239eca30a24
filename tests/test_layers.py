"""Data flows one way: domain ← store ← services ← web. Checked by parsing the imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "seminar"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).glob("*.py"))


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_domain_code_imports_no_framework_store_or_clock(path):
    imports = _imports(path)
    assert not {name for name in imports
                if name.split(".")[0] in {"flask", "flask_socketio", "sqlite_utils", "sqlite3",
                                          "time", "datetime"}
                or name.startswith(("seminar.store", "seminar.services", "seminar.web"))}


@pytest.mark.parametrize("path", _modules("store"), ids=lambda p: p.name)
def test_the_store_knows_nothing_of_services_or_the_web(path):
    assert not {name for name in _imports(path)
                if name.split(".")[0] in {"flask", "flask_socketio"}
                or name.startswith(("seminar.services", "seminar.web"))}


@pytest.mark.parametrize("path", _modules("services"), ids=lambda p: p.name)
def test_services_do_not_touch_flask_or_sql(path):
    assert not {name for name in _imports(path)
                if name.split(".")[0] in {"flask", "flask_socketio", "sqlite_utils", "sqlite3"}
                or name.startswith("seminar.web")}


@pytest.mark.parametrize("path", _modules("exports"), ids=lambda p: p.name)
def test_exports_only_write_the_report_they_are_given(path):
    assert not {name for name in _imports(path)
                if name.split(".")[0] in {"flask", "flask_socketio", "sqlite_utils", "sqlite3"}
                or name.startswith(("seminar.store", "seminar.services", "seminar.web"))}


def test_sql_lives_only_in_the_store():
    offenders = [path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py")
                 if "store" not in path.parts
                 and any(word in path.read_text(encoding="utf-8")
                         for word in ("SELECT ", "UPDATE ", "INSERT INTO", "DELETE FROM"))]
    assert offenders == []


def test_only_the_concurrency_module_knows_the_async_libraries():
    offenders = [path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py")
                 if path.name != "concurrency.py"
                 and {"gevent", "eventlet"} & {n.split(".")[0] for n in _imports(path)}]
    assert offenders == []


def test_no_module_is_huge():
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}  # by path: several modules share a name
    assert {name: size for name, size in sizes.items() if size > 500} == {}


def test_only_the_store_opens_the_database():
    offenders = [path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py")
                 if "store" not in path.parts
                 and {"sqlite3", "sqlite_utils"} & {n.split(".")[0] for n in _imports(path)}]
    assert offenders == []

"""The apps form layers; no import inside a function hides a way round them.

``lint-imports`` (run by ``make test``) checks the imports at the top of every
module against the layers in pyproject.toml. An import written inside a function
is invisible to nobody but a reader: this test refuses any that reaches into
another app of the portal, so a cycle cannot be hidden that way.
"""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = set(CONFIG["root_packages"])


def _modules():
    for app in sorted(APPS):
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def _function_level_imports(tree: ast.AST):
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module


def test_finds_no_import_of_another_app_inside_a_function():
    hidden = []
    for app, path in _modules():
        for module in _function_level_imports(ast.parse(path.read_text())):
            imported_app = module.split(".")[0]
            if imported_app in APPS and imported_app != app:
                hidden.append(f"{path.relative_to(ROOT)} imports {module} inside a function")
    assert not hidden, "\n".join(hidden)


def test_lists_every_app_of_the_portal_as_a_layer():
    contract = CONFIG["contracts"][0]
    layers = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    assert layers == APPS
    from django.conf import settings

    own_apps = {app for app in settings.INSTALLED_APPS if app in APPS}
    assert own_apps == APPS - {"kernel"}

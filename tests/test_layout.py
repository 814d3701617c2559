"""The tree a newcomer can predict: no module imports, even through others, a module that imports
it back (import-linter checks the same between packages in `make lint`), no import of ours tucked
inside a function to hide one, and every table in its feature's `models` module."""

import ast
from pathlib import Path

import grimp

from marketplace.extensions import db

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph("marketplace", exclude_type_checking_imports=True)
    cycles = sorted({tuple(sorted((module, imported)))
                     for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.chain_exists(importer=imported, imported=module)})
    assert cycles == []


def imports_inside_functions(source: str) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [node.module for node in ast.walk(function)
                      if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("marketplace")]
    return found


def test_an_import_inside_a_function_is_found():
    assert imports_inside_functions("def late():\n    from marketplace.orders import actions\n") == \
        ["marketplace.orders"]


def test_no_function_imports_a_module_of_ours():
    found = {str(path.relative_to(PACKAGE.parent)): imports_inside_functions(path.read_text())
             for path in sorted(PACKAGE.rglob("*.py"))}
    assert {path: modules for path, modules in found.items() if modules} == {}


def test_every_table_lives_in_its_features_models_module(app):
    homes = {mapper.class_.__module__ for mapper in db.Model.registry.mappers}
    assert homes and all(home.endswith(".models") for home in homes), homes

"""Every module of sg_desktop declares its public surface in `__all__`, and declares exactly that.

`__all__` must exist; every name in it must exist; every public name the module itself defines at top level
(def, class, assignment) must be in it; and a package's `__init__` must list every public name it imports
from sg_desktop, since that is what a package re-exports. Read from the source with `ast`, so a name is
judged by where it is written, not by what happens to be reachable on the module object.

Not part of the surface, on purpose:
- type variables (`T = TypeVar("T")`): a spelling of a signature, not something to import;
- names under `if TYPE_CHECKING:`: they do not exist when the program runs;
- in a package `__init__`, imports from outside sg_desktop (`os`, `argparse`, `importlib.resources`):
  implementation, as in any module; sg_desktop never re-exports the standard library or a dependency;
- in a package `__init__`, importing one of its own submodules (`from . import commands`): the submodule
  is public by being a module, and its own surface is checked here in turn;
- `__main__` modules: importing one runs the program, and a script has no surface.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import sg_desktop

ROOT = sg_desktop.__name__
TYPE_VARIABLE_FACTORIES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})


def module_names() -> list[str]:
    """sg_desktop and every module and package below it, except `__main__` scripts."""

    def fail(name: str) -> None:
        raise ImportError(f"cannot import {name} to walk it")

    names = [ROOT]
    for info in pkgutil.walk_packages(sg_desktop.__path__, f"{ROOT}.", onerror=fail):
        if info.name.rpartition(".")[2] != "__main__":
            names.append(info.name)
    return sorted(names)


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_type_variable(value: ast.expr | None) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in TYPE_VARIABLE_FACTORIES


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module's own statements, looking inside top-level `if` and `try` (a name defined on one platform
    is still the module's), but not inside `if TYPE_CHECKING:`."""
    for node in body:
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                yield from _top_level(block)
        else:
            yield node


def _bound_by_target(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _bound_by_target(element)
    elif isinstance(target, ast.Starred):
        yield from _bound_by_target(target.value)


def defined_names(tree: ast.Module) -> set[str]:
    """Public names the module's own top-level def, class and assignment statements bind."""
    names: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign) and not _is_type_variable(node.value):
            for target in node.targets:
                names.update(_bound_by_target(target))
        elif isinstance(node, ast.AnnAssign) and node.value is not None and not _is_type_variable(node.value):
            names.update(_bound_by_target(node.target))
    return {name for name in names if _is_public(name)}


def reexported_names(tree: ast.Module, package: str) -> set[str]:
    """Public names a package `__init__` imports from sg_desktop, other than its own submodules."""
    names: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.Import):
            # `import sg_desktop.x` binds only the root package; `import sg_desktop.x as y` re-exports x as y.
            names.update(alias.asname for alias in node.names if alias.asname and _first_party(alias.name))
        elif isinstance(node, ast.ImportFrom):
            source = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            if not _first_party(source):
                continue
            for alias in node.names:
                if source == package and importlib.util.find_spec(f"{package}.{alias.name}") is not None:
                    continue  # a submodule of this package
                names.add(alias.asname or alias.name)
    return {name for name in names if _is_public(name)}


def _first_party(module: str) -> bool:
    return module == ROOT or module.startswith(f"{ROOT}.")


def surface_problems(module: ModuleType) -> list[str]:
    """What is wrong with this module's `__all__`, in words (empty when nothing is)."""
    declared = getattr(module, "__all__", None)
    if declared is None:
        return ["has no __all__"]
    if not isinstance(declared, list | tuple) or not all(isinstance(name, str) for name in declared):
        return [f"__all__ is not a list of names: {declared!r}"]
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    public = defined_names(tree)
    is_package = hasattr(module, "__path__")
    if is_package:
        public |= reexported_names(tree, module.__name__)
    problems = []
    missing = sorted(name for name in declared if not hasattr(module, name))
    if missing:
        problems.append(f"in __all__ but not in the module: {', '.join(missing)}")
    undeclared = sorted(public - set(declared))
    if undeclared:
        what = "defined or re-exported" if is_package else "defined"
        problems.append(f"public, {what} here, but not in __all__: {', '.join(undeclared)}")
    return problems


@pytest.mark.parametrize("name", module_names())
def test_all_names_exactly_the_public_surface(name: str) -> None:
    module = importlib.import_module(name)
    problems = surface_problems(module)
    assert not problems, f"{name}: " + "; ".join(problems)


def test_the_walk_sees_every_layer() -> None:
    # A walk that silently found nothing would make every check above pass.
    layers = {name.split(".")[1] for name in module_names() if name.count(".") >= 1}
    assert {"domain", "crypto", "store", "exchange", "app", "cli", "ui"} <= layers

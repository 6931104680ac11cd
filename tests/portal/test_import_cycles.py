"""No app of ours has an import cycle among its own modules.

grimp reads every import statement, at module level or inside a function, so an import moved
into a function to dodge a circle still closes it here.
"""

from collections import deque
from pathlib import Path

import grimp
import pytest

from django.conf import settings

APPS = sorted(
    {"portal"} | {app for app in settings.INSTALLED_APPS if "." not in app and Path(settings.BASE_DIR, app).is_dir()}
)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*APPS, cache_dir=None)


def _components(modules: set[str], imports: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component, member = set(), None
            while member != module:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
            if len(component) > 1:
                found.append(component)

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def _cycle_through(start: str, component: set[str], imports: dict[str, set[str]]) -> list[str]:
    """A shortest chain of imports from ``start`` back to itself inside ``component``."""
    came_from = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for imported in sorted(imports[module] & component):
            if imported == start:
                chain = [module]
                while chain[-1] != start:
                    chain.append(came_from[chain[-1]])
                return [start, *reversed(chain[:-1]), start]
            if imported not in came_from:
                came_from[imported] = module
                queue.append(imported)
    raise AssertionError(f"{start} is in no cycle")


def app_cycles(graph, app: str) -> list[str]:
    modules = {module for module in graph.modules if module == app or module.startswith(f"{app}.")}
    imports = {module: graph.find_modules_directly_imported_by(module) & modules for module in modules}
    return [
        " -> ".join(_cycle_through(min(component), component, imports)) for component in _components(modules, imports)
    ]


@pytest.mark.parametrize("app", APPS)
def test_app_has_no_import_cycle(graph, app):
    cycles = app_cycles(graph, app)
    assert not cycles, f"Import cycles in {app}:\n" + "\n".join(cycles)


def test_a_cycle_is_named():
    graph = grimp.ImportGraph()
    for importer, imported in [("app.models", "app.forms"), ("app.forms", "app.models"), ("app.views", "app.models")]:
        graph.add_import(importer=importer, imported=imported)
    assert app_cycles(graph, "app") == ["app.forms -> app.models -> app.forms"]

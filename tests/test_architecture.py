"""The shape of the code: apps build on earlier ones only, modules stay small."""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Each app may use the apps before it, never those after it.
LAYERS = [
    "common",
    "outbox",
    "downloads",
    "events",
    "registrations",
    "networking",
    "meetings",
    "messaging",
    "door",
    "overview",
    "outcomes",
    "pitches",
    "live",
]


def python_files(app: str) -> list[Path]:
    return [path for path in (REPO / app).rglob("*.py") if "migrations" not in path.parts]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_it_builds_on(app):
    later = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = {
        str(path.relative_to(REPO)): sorted(imported_apps(path) & later)
        for path in python_files(app)
        if imported_apps(path) & later
    }
    assert wrong == {}


def imports_of(path: Path) -> set[str]:
    """Return the modules a file imports, where it runs (not for type checking only)."""
    found = set()

    def visit(node):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    return found


def test_no_two_modules_import_each_other_even_inside_a_function():
    modules = {}
    for app in [*LAYERS, "clusters_event"]:
        for path in python_files(app):
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph = {name: imports_of(path) & set(modules) - {name} for name, path in modules.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(graph[current])
        return False

    circles = sorted(
        tuple(sorted((name, other)))
        for name in graph
        for other in graph[name]
        if reaches(other, name)
        and not other.startswith(f"{name}.")  # a package's own parts
        and not name.startswith(f"{other}.")
    )
    assert circles == []


def test_the_project_package_is_configuration_only():
    modules = sorted(path.name for path in (REPO / "clusters_event").glob("*.py"))
    assert modules == ["__init__.py", "asgi.py", "settings.py", "urls.py", "wsgi.py"]


def test_the_base_template_and_the_programmes_pages_name_no_later_app():
    later = "|".join(LAYERS[LAYERS.index("events") + 1 :])
    tags = "availability|meetings_tags"
    named = re.compile(rf"""(?:url ['"](?:{later}):|load [^%]*\b(?:{tags})\b)""")
    templates = [REPO / "templates" / "base.html", *(REPO / "templates" / "events").glob("*")]
    assert {path.name: named.findall(path.read_text()) for path in templates} == {
        path.name: [] for path in templates
    }


def test_no_module_over_500_lines_and_no_model_file_over_400():
    too_long = {}
    for app in [*LAYERS, "clusters_event", "scripts"]:
        for path in python_files(app):
            lines = len(path.read_text().splitlines())
            limit = 400 if "models" in path.parts or path.name == "models.py" else 500
            if lines > limit:
                too_long[str(path.relative_to(REPO))] = lines
    assert too_long == {}

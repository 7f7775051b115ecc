"""The analytics room never imports Django, so it runs anywhere Python does."""

import ast
import subprocess
import sys
from pathlib import Path

SMEATON = Path(__file__).resolve().parents[2] / "src" / "smeaton"
ANALYTICS = SMEATON / "analytics"
# What both rooms share, beside them: as pure Python as the analytics room.
SHARED = (SMEATON / "years.py", SMEATON / "config.py")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_analytics_module_imports_django_or_the_web_room():
    for path in (*ANALYTICS.rglob("*.py"), *SHARED):
        for name in imported_modules(path):
            assert not name.startswith(("django", "smeaton.web")), f"{path} imports {name}"


def test_importing_the_analytics_room_loads_no_django():
    code = "import sys, smeaton.analytics; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

"""`.env.example` lists every setting the code reads from the environment.

The names are found by parsing the source, not by running it: reads such as `os.environ.get("X")`,
`os.environ["X"]`, `os.getenv("X")`, `"X" in os.environ`, the same through a name bound to
`os.environ` (config.py's `env = os.environ if environ is None else environ`), and calls with a
string first argument of a function whose own parameter is the key it looks up in the environment.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sources() -> list[Path]:
    files = [ROOT / "config.py", ROOT / "gunicorn.conf.py", ROOT / "wsgi.py"]
    files += sorted((ROOT / "marketplace").rglob("*.py"))
    return [path for path in files if path.is_file()]


def _is_os_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _environ_aliases(tree: ast.AST) -> set[str]:
    """Names that stand for `os.environ`: `environ` imported from os, and names assigned an
    expression that contains `os.environ` (config.py's `env = os.environ if ... else environ`)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            aliases.update(alias.asname or alias.name for alias in node.names if alias.name == "environ")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        if any(_is_os_environ(part) or isinstance(part, ast.Name) and part.id in aliases
               for part in ast.walk(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            aliases.update(target.id for target in targets if isinstance(target, ast.Name))
    return aliases


def _environ_keys(tree: ast.AST, aliases: set[str]) -> list[ast.expr]:
    """The key expression of every read of the environment in `tree`."""

    def is_environ(node: ast.AST) -> bool:
        return _is_os_environ(node) or (isinstance(node, ast.Name) and node.id in aliases)

    def is_getter(func: ast.expr) -> bool:
        if isinstance(func, ast.Name):  # getenv imported from os
            return func.id == "getenv"
        if not isinstance(func, ast.Attribute):
            return False
        if func.attr == "getenv":
            return isinstance(func.value, ast.Name) and func.value.id == "os"
        return func.attr in {"get", "setdefault"} and is_environ(func.value)

    keys = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and is_getter(node.func):
            keys.append(node.args[0])
        elif isinstance(node, ast.Subscript) and is_environ(node.value):
            keys.append(node.slice)
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1
              and isinstance(node.ops[0], ast.In | ast.NotIn) and is_environ(node.comparators[0])):
            keys.append(node.left)
    return keys


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _env_helpers(tree: ast.AST, aliases: set[str]) -> set[str]:
    """Functions that look up their own first parameter in the environment (`_env_int(name, ...)`)."""
    helpers = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.args.args:
            params = [arg.arg for arg in node.args.args]
            first = params[1] if params[0] in {"self", "cls"} and len(params) > 1 else params[0]
            keys = _environ_keys(node, aliases)
            if any(isinstance(key, ast.Name) and key.id == first for key in keys):
                helpers.add(node.name)
    return helpers


def settings_read_from_the_environment() -> dict[str, set[str]]:
    """Each name read from the environment, with the files that read it."""
    found: dict[str, set[str]] = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases = _environ_aliases(tree)
        names = {_string(key) for key in _environ_keys(tree, aliases)}
        helpers = _env_helpers(tree, aliases)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called in helpers:
                    names.add(_string(node.args[0]))
        for name in names - {None}:
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def listed_in_env_example() -> set[str]:
    """Names given as `NAME=` in .env.example, set or commented out (`# NAME=`)."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^[ \t]*(?:#[ \t]*)?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_source_scan_finds_what_config_and_gunicorn_read():
    found = settings_read_from_the_environment()
    # One read of each kind, so that a scan finding nothing cannot pass the test below.
    assert found["MARKETPLACE_ENV"] == {"config.py"}  # os.environ.get(...)
    assert found["SECRET_KEY"] == {"config.py"}  # env.get(...) through an alias of os.environ
    assert found["MAIL_BACKEND"] == {"config.py"}  # env[...] through the alias
    assert found["GUNICORN_BIND"] == {"gunicorn.conf.py"}
    assert found["GUNICORN_CONTROL_SOCKET"] == {"gunicorn.conf.py"}  # os.environ[...]


def test_every_setting_the_code_reads_is_listed_in_env_example():
    found = settings_read_from_the_environment()
    missing = {name: sorted(files) for name, files in sorted(found.items())
               if name not in listed_in_env_example()}
    assert not missing, f".env.example lacks these settings (add `NAME=` or `# NAME=`): {missing}"

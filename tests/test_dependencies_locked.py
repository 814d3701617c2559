"""Every dependency is locked with the hashes of its files, and installed only that way (issue #17,
item 11): a file changed or substituted on the index is refused by pip."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def locked(name: str) -> dict[str, int]:
    """Each pinned package of a lock file, with how many file hashes it carries."""
    packages: dict[str, int] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        if match := PIN.match(line):
            current = f"{match[1].lower().replace('_', '-')}=={match[2]}"
            packages[current] = 0
        elif current and line.strip().startswith("--hash=sha256:"):
            packages[current] += 1
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith(" "), f"{name}: an unpinned line: {line!r}"
    return packages


def test_every_package_in_both_lock_files_is_pinned_with_its_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        packages = locked(name)
        assert packages and all(count >= 1 for count in packages.values()), name


def test_the_development_lock_holds_the_runtime_lock_at_the_same_versions():
    assert set(locked("requirements.txt")) <= set(locked("requirements-dev.txt"))


def test_installs_require_the_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements-dev.txt" in makefile
    assert "--generate-hashes" in makefile  # make lock writes them again
    assert "pip install --require-hashes -r requirements.txt" in (ROOT / "README.md").read_text()

"""Where uploaded images live. One small interface, so object storage can replace the local folder
without touching the code that saves or shows images."""

import re
from pathlib import Path
from typing import Protocol

from flask import current_app

#: keys are made by the code, never by a visitor: a folder, a random name and an extension
_KEY = re.compile(r"^[a-z]+/[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)$")


class InvalidKey(ValueError):
    """Not a key this code made: never turned into a path."""


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def load(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise InvalidKey(key)
    return key


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # readers never see half a file

    def load(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def get_storage() -> Storage:
    extensions = current_app.extensions
    if "media_storage" not in extensions:
        extensions["media_storage"] = LocalStorage(Path(current_app.config["UPLOAD_FOLDER"]))
    return extensions["media_storage"]

"""Where uploaded images live. One small interface, so object storage can replace the local folder
without touching the code that saves or shows images."""

import mimetypes
import os
import re
from contextlib import closing
from pathlib import Path
from typing import Protocol

from flask import current_app

#: keys are made by the code, never by a visitor: a folder, a random name, the width of one of the
#: photo's sizes (variants.py) and an extension
_KEY = re.compile(r"^[a-z]+/[A-Za-z0-9_-]{16,64}(\.w[0-9]{1,4})?\.(jpg|png|webp)$")
#: the folders whose files anyone may fetch from /media; any other folder is private
PUBLIC_FOLDERS = frozenset({"products", "shops", "collections", "shares"})
#: bank transfer receipts: only the checkout's buyer and the agency see them
RECEIPTS = "receipts"


class InvalidKey(ValueError):
    """Not a key this code made: never turned into a path."""


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def load(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...
    def check(self) -> None:
        """Raise unless the storage answers (for /readyz)."""


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise InvalidKey(key)
    return key


def is_public(key: str) -> bool:
    """A key in a folder the public media route may serve (an allowlist: a new kind of upload is
    private until someone decides otherwise)."""
    return key.partition("/")[0] in PUBLIC_FOLDERS


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

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK):
            raise PermissionError(f"{self.root} is not writable")


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph...), shared by every app server."""

    def __init__(self, client, bucket: str):
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_config(cls, config) -> "S3Storage":
        import boto3
        from botocore.config import Config

        # A custom endpoint (MinIO, a local emulator) rarely has a DNS name per bucket.
        options = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"},
                         s3={"addressing_style": "path" if config["S3_ENDPOINT_URL"] else "auto"})
        client = boto3.client("s3", endpoint_url=config["S3_ENDPOINT_URL"], region_name=config["S3_REGION"],
                              aws_access_key_id=config["S3_ACCESS_KEY_ID"],
                              aws_secret_access_key=config["S3_SECRET_ACCESS_KEY"], config=options)
        return cls(client, config["S3_BUCKET"])

    def save(self, key: str, data: bytes) -> None:
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type)

    def load(self, key: str) -> bytes | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except self.client.exceptions.NoSuchKey:
            return None
        with closing(response["Body"]) as body:
            return body.read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)


BACKENDS = ("local", "s3")


def get_storage() -> Storage:
    extensions = current_app.extensions
    if "media_storage" not in extensions:
        extensions["media_storage"] = _configured_storage(current_app.config)
    return extensions["media_storage"]


def _configured_storage(config) -> Storage:
    backend = config.get("STORAGE_BACKEND", "local")
    if backend == "s3":
        return S3Storage.from_config(config)
    if backend == "local":
        return LocalStorage(Path(config["UPLOAD_FOLDER"]))
    raise RuntimeError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")

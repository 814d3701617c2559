import io
import re
from contextlib import contextmanager

from sqlalchemy import event
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from marketplace.extensions import db
from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path="/") -> str:
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def post_form(client, path, data, page=None, **kwargs):
    """Post `data` the way a browser would: with the CSRF token of the form's page."""
    return client.post(path, data={"csrf_token": csrf_token(client, page or path), **data}, **kwargs)


def login(client, user_or_email, password=PASSWORD, next_url=None):
    email = getattr(user_or_email, "email", user_or_email)
    path = "/login" + (f"?next={next_url}" if next_url else "")
    return post_form(client, path, {"email": email, "password": password}, page="/login")


def logout(client):
    return post_form(client, "/logout", {}, page="/")


def post_multipart(client, path, fields, page="/"):
    """Post a form with files the way a browser would. Encoded in memory: the test client would
    otherwise spool a large body to a temporary file it never closes."""
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, page), **fields})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def image_upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename)


@contextmanager
def counted_queries():
    """The SQL statements sent inside the block."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def queries_for(client, path) -> int:
    """How many SQL statements one GET of `path` sends (it must answer 200)."""
    with counted_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)

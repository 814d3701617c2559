from urllib.parse import urlsplit


def safe_next_url(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site, else `fallback`.

    Browsers read `//host`, `/\\host` and paths with tabs or line breaks in them as other sites (or
    split headers on them), so anything but a plain absolute path is refused.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target

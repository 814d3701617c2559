"""Password hashing (argon2id at OWASP's recommended cost) and the password policy."""

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

#: verified against when an email is unknown, so both failures take the same time
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


#: the site's own words: what an attacker tries first against this site's accounts
SITE_WORDS = ("batik", "banyuasin", "jumputan", "pasar", "dekranasda")
#: shorter parts of a name or an address ("ibu", "cap") are too common in good passwords to take out
_SHORTEST_WORD = 4


def password_problem(password: str, min_length: int, about_user: Iterable[str] = ()) -> str | None:
    """Why this password is refused, or None when it is acceptable. `about_user`: what the site
    knows of its owner (email, name, shop name), which no more makes a password than its own words."""
    if len(password) < min_length:
        return str(_l("Use at least %(count)d characters.", count=min_length))
    if password.lower() in _common_passwords() or len(set(password)) == 1:
        return str(_l("This password is too common. Choose one that is harder to guess."))
    if _built_from_known_words(password, min_length, [*SITE_WORDS, *_words_of(about_user)]):
        return str(_l("Do not build your password from this site's words (such as batik or Banyuasin), "
                      "your name, your email address or your shop's name."))
    return None


def _words_of(texts: Iterable[str]) -> set[str]:
    """The words of each text, and each text run together (an email's part before the @)."""
    words = set()
    for text in texts:
        parts = re.findall(r"[^\W_]+", (text or "").lower().split("@")[0])
        words.update(parts + ["".join(parts)])
    return {word for word in words if len(word) >= _SHORTEST_WORD}


def _built_from_known_words(password: str, min_length: int, words: Iterable[str]) -> bool:
    """Whether the password is known words with little else: taking them out leaves fewer than half
    the minimum length, or no letter at all (`Batik2024!`, `banyuasin-jumputan-1`)."""
    rest = password.lower()
    for word in sorted(set(words), key=len, reverse=True):
        rest = rest.replace(word, "")
    if rest == password.lower():
        return False
    return len(rest) < min_length // 2 or not any(char.isalpha() for char in rest)

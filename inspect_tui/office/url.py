"""A database's address as messages show it: never with its password."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET = "password"


def redacted(url: str) -> str:
    """``url`` (a ``postgresql://`` URL or a libpq ``key=value`` string) without its password."""
    if "://" not in url:
        return " ".join(part for part in url.split() if not part.startswith(f"{_SECRET}="))
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != _SECRET])
    return urlunsplit(parts._replace(netloc=netloc, query=query))

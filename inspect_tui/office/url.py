"""A database's address as messages show it: never with its password."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit

_SECRET = "password"
HIDDEN = "***"
_PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)", re.IGNORECASE)


def redacted(url: str) -> str:
    """``url`` (a ``postgresql://`` URL or a libpq ``key=value`` string) without its password.

    Everything else is kept as written (but the query's parameters after ``password``, which may be the rest of it):
    a URL with no host (``postgresql:///register?host=/run/pg``) keeps
    its ``//``, and the other query parameters keep their spelling (``urlunsplit`` and ``urlencode`` would
    drop the first and re-encode the second).
    """
    if "://" not in url:
        return " ".join(part for part in url.split() if not part.startswith(f"{_SECRET}="))
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    params = parts.query.split("&")
    secret = next((n for n, p in enumerate(params) if unquote_plus(p.split("=", 1)[0]).strip() == _SECRET), len(params))
    # what follows the password is left out too: a password typed with an unescaped «&» goes on in the next parts
    query = "&".join(params[:secret])
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    if query:
        shown += f"?{query}"
    if parts.fragment:
        shown += f"#{parts.fragment}"
    return shown


def redact(url: str) -> str:
    """``url`` as it may be printed: without its password (``redacted``), even when it is not a URL that
    can be taken apart (then whatever stands between a colon and an @, or after ``password=``, is hidden)."""
    try:
        return redacted(url)
    except ValueError:  # e.g. an unclosed [ of an IPv6 host
        return _PASSWORD_PARAM.sub(lambda m: m.group(1) + HIDDEN, re.sub(r":[^:@/]*@", f":{HIDDEN}@", url))

"""Passphrase-encrypted bundles, for bundles that travel by USB stick or e-mail.

A bundle names officials and holds their findings (personal data). Sealed, it is

    MAGIC (8) | version (1) | log2 n (1) | r (1) | p (1) | salt (16) | nonce (12) | AES-256-GCM ciphertext + tag

The key comes from the passphrase by scrypt (n = 2**log2_n, r, p). The header is
authenticated data, so changing any byte of the file fails the decryption like a
wrong passphrase does. A file's scrypt parameters are hostile input: they are
bounded before any key is derived, so a file cannot make the reader spend
gigabytes or minutes.
"""

from __future__ import annotations

import os
import stat
import struct
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from inspect_tui.i18n import t
from inspect_tui.sync.passphrase import passphrase_problem

MAGIC = b"ITUISEAL"
VERSION = 1
#: scrypt cost written: 2**17 × 128 × 8 bytes = 128 MiB and a fraction of a second
LOG2_N = 17
R = 8
P = 1
#: the most a file may ask for (256 MiB); the least, so a test can write cheap files
MIN_LOG2_N, MAX_LOG2_N, MAX_R, MAX_P = 10, 18, 8, 2
_HEADER = struct.Struct(">8sBBBB16s12s")
PASSPHRASE_ENV = "INSPECT_TUI_BUNDLE_PASSPHRASE"


class SealError(Exception):
    """The sealed bundle cannot be opened (message in the user's language)."""


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def sealed_file(path: Path) -> bool:
    """Whether ``path`` is a regular file that starts as a sealed bundle (never blocks on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    with open(fd, "rb") as handle:
        return stat.S_ISREG(os.fstat(handle.fileno()).st_mode) and is_sealed(handle.read(len(MAGIC)))


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    # NFC: the same Ukrainian passphrase typed on two keyboards gives the same key
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(secret)


def seal(data: bytes, passphrase: str, *, log2_n: int | None = None) -> bytes:
    """Encrypt a bundle's bytes under ``passphrase`` (refused when weak); ``log2_n`` defaults to LOG2_N."""
    log2_n = LOG2_N if log2_n is None else log2_n
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise SealError(problem)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _HEADER.pack(MAGIC, VERSION, log2_n, R, P, salt, nonce)
    return header + AESGCM(_key(passphrase, salt, log2_n, R, P)).encrypt(nonce, data, header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The bundle's bytes; ``SealError`` for a wrong passphrase, a damaged file or a hostile header."""
    if len(data) < _HEADER.size + 16:
        raise SealError(t("sync.seal.truncated"))
    header = data[: _HEADER.size]
    _, version, log2_n, r, p, salt, nonce = _HEADER.unpack(header)
    if version != VERSION:
        raise SealError(t("sync.seal.unknown_version", found=version, supported=VERSION))
    if not (MIN_LOG2_N <= log2_n <= MAX_LOG2_N and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        raise SealError(t("sync.seal.bad_parameters", log2_n=log2_n, r=r, p=p))
    try:
        return AESGCM(_key(passphrase, salt, log2_n, r, p)).decrypt(nonce, data[_HEADER.size :], header)
    except InvalidTag:
        raise SealError(t("sync.seal.wrong_passphrase")) from None

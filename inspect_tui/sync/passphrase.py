"""How strong a passphrase must be to seal a bundle: apart from ``sealed`` so that the TUI's passphrase
dialog can check it without loading cryptography at start-up."""

from __future__ import annotations

import unicodedata

from inspect_tui.i18n import t

#: the shortest passphrase a new bundle is sealed under (characters, after NFC): a bundle on a lost
#: USB stick meets offline guessing, and scrypt only slows each guess down
MIN_PASSPHRASE = 12


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` is too weak to seal a bundle under (None: strong enough); in the user's language.

    Only sealing asks this: a bundle sealed before the rule opens with the passphrase it has.
    """
    length = len(unicodedata.normalize("NFC", passphrase))
    if length == 0:
        return t("sync.seal.empty_passphrase")
    if length < MIN_PASSPHRASE:
        return t("sync.seal.weak_passphrase", least=MIN_PASSPHRASE, length=length)
    return None

"""Reference codes: short enough to read over the phone, too many to guess."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: easy to read aloud and to copy from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8  # 31**8 is about 850 billion codes


def new_reference() -> str:
    """Return a random code such as ``K7QM-3RTX``."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalise(typed: str) -> str:
    """Turn what someone typed (``k7qm 3rtx``, ``K7QM3RTX``) into the stored form."""
    code = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(code) != LENGTH:
        return code
    return f"{code[:4]}-{code[4:]}"

"""Encryption at rest for follow-up contact details.

Keys come from Django's own secrets, so there is nothing new to manage: each of
``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS`` is stretched with HKDF into a Fernet
key. New values are always encrypted with the current ``SECRET_KEY``; values
written under an older key still decrypt while that key is listed in
``SECRET_KEY_FALLBACKS``. Contact details are purged after
``VOICES_CONTACT_RETENTION_DAYS``, so an old key can leave the fallbacks once
that many days have passed since the rotation.
"""

from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)

# Changing either value makes every stored contact unreadable: never edit them.
_SALT = b"ehch.voices.contact"
_INFO = b"contact details at rest, v1"


def _fernet_for(secret: str | bytes) -> Fernet:
    raw = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(raw)
    return Fernet(base64.urlsafe_b64encode(key))


def _keyring() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def encrypt(value: str) -> str:
    """Return ``value`` encrypted with the current key ("" stays "")."""
    if not value:
        return ""
    return _keyring().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plain text of ``token``, or "" when no known key opens it."""
    if not token:
        return ""
    try:
        return _keyring().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never log the token or any part of it.
        logger.warning("A stored contact detail could not be decrypted.")
        return ""


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; it cannot be searched or filtered on."""

    def from_db_value(self, value, expression, connection):  # noqa: D102
        return decrypt(value) if value else value

    def get_prep_value(self, value):  # noqa: D102
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

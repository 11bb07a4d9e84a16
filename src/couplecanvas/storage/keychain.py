"""The database's data key, remembered (when the therapist asks) in the computer's own keyring.

The key is stored base64-encoded under the service "Couple Canvas", with the database file's resolved path as the user
name, so two practices on one computer keep two keys. A keyring that fails in any way (locked, missing, refusing) is
logged without the key and treated as holding nothing: the app then asks for the passphrase, as it would anyway.
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "Couple Canvas"

NO_KEYRING = (
    "This computer has no keyring service (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential "
    "Manager) that Couple Canvas can use, so it will ask for the passphrase each time."
)


def _username(path: Path) -> str:
    return str(Path(path).expanduser().resolve())


def _backend():
    """The keyring backend in use, or None when none can be used (keyring's "fail" backend, or priority <= 0)."""
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
        usable = not isinstance(backend, fail.Keyring) and type(backend).priority > 0
    except Exception as error:  # noqa: BLE001 - a backend may raise anything from its priority check
        log.warning("the system keyring could not be reached (%s)", type(error).__name__)
        return None
    return backend if usable else None


def available() -> tuple[bool, str]:
    """Whether a keyring can hold the key on this computer, and when not, why, in plain words."""
    if _backend() is None:
        return False, NO_KEYRING
    return True, ""


def remember(path: Path, key: bytes) -> bool:
    """Keep `key` for the database at `path` in the keyring; False if there is no keyring or it refused."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, _username(path), base64.b64encode(key).decode("ascii"))
    except Exception as error:  # noqa: BLE001 - keyring backends raise their own errors (D-Bus, OS), not only KeyringError
        log.warning("the keyring did not keep the key of %s (%s)", Path(path).name, type(error).__name__)
        return False
    log.info("the key of %s is remembered in the keyring", Path(path).name)
    return True


def recall(path: Path) -> bytes | None:
    """The key kept for the database at `path`, or None (none kept, no keyring, or the keyring failed)."""
    backend = _backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, _username(path))
    except Exception as error:  # noqa: BLE001 - see remember()
        log.warning("the keyring could not be read for %s (%s)", Path(path).name, type(error).__name__)
        return None
    if not stored:
        return None
    try:
        key = base64.b64decode(stored.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        log.warning("the keyring holds something unreadable for %s; it is ignored", Path(path).name)
        return None
    return key or None


def forget(path: Path) -> None:
    """Remove the key kept for the database at `path` (nothing happens when none is kept)."""
    backend = _backend()
    if backend is None:
        return
    try:
        if backend.get_password(SERVICE, _username(path)) is None:
            return
        backend.delete_password(SERVICE, _username(path))
    except Exception as error:  # noqa: BLE001 - see remember()
        log.warning("the keyring could not forget the key of %s (%s)", Path(path).name, type(error).__name__)
        return
    log.info("the key of %s is no longer remembered in the keyring", Path(path).name)

"""A keyring backend for the start-up benchmark's child processes: its one entry (the data key, base64) comes from the
environment, so an encrypted start can be measured with the key "from the keyring" on a machine that has none."""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend


class EnvKeyring(KeyringBackend):
    """Hands out COUPLECANVAS_BENCH_KEYRING for the app's service; stores nothing."""

    priority = 1

    def get_password(self, service, username):
        return os.environ.get("COUPLECANVAS_BENCH_KEYRING") if service == "Couple Canvas" else None

    def set_password(self, service, username, password):
        raise NotImplementedError("the benchmark's keyring is read-only")

    def delete_password(self, service, username):
        raise NotImplementedError("the benchmark's keyring is read-only")

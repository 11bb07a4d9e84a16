"""Alembic environment: always run from code with a connection handed over in config.attributes."""

from alembic import context

from couplecanvas.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Couple Canvas runs its migrations from code; pass a connection in config.attributes")
    hooks = {}
    if config.attributes.get("on_version_apply") is not None:  # tests watch the steps (and are killed between them)
        hooks["on_version_apply"] = config.attributes["on_version_apply"]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, **hooks)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()

"""The migration chain as plain constants, so start-up can tell 'up to date' without importing Alembic."""

# Oldest first; tests check this equals Alembic's own view of migrations/versions/.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]

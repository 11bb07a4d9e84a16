"""Storage: SQLAlchemy tables, the repository, and opening/migrating the database."""

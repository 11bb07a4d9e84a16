"""the activity log: an append-only audit trail of opens, exports, prints, imports, deletions and sharing

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Append-only in the database itself, not only in the app: any program that opens the file (with its key) is refused
# an UPDATE or a DELETE on the trail. A later migration that rebuilds this table (batch mode copies it into a new one)
# must create these triggers again.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity "
    "BEGIN SELECT RAISE(ABORT, 'the activity log is append-only: entries cannot be changed'); END",
    "CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity "
    "BEGIN SELECT RAISE(ABORT, 'the activity log is append-only: entries cannot be deleted'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'the activity log is append-only: entries cannot be changed or deleted'; END $$",
    "CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity FOR EACH ROW EXECUTE FUNCTION activity_append_only()",
    "CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity FOR EACH ROW EXECUTE FUNCTION activity_append_only()",
    # TRUNCATE fires no row trigger: refuse it as a statement.
    "CREATE TRIGGER activity_no_truncate BEFORE TRUNCATE ON activity "
    "FOR EACH STATEMENT EXECUTE FUNCTION activity_append_only()",
)


def upgrade() -> None:
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == 'sqlite' else POSTGRESQL_TRIGGERS if dialect == 'postgresql' else ():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS activity_no_update")
        op.execute("DROP TRIGGER IF EXISTS activity_no_delete")
    op.drop_table('activity')
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS activity_append_only()")

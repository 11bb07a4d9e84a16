"""template slot roles and hints, reframe arrows, partner positions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hint', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('connectors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='arrow', nullable=False))

    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.String(length=12), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_column('position')

    with op.batch_alter_table('connectors', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_column('hint')
        batch_op.drop_column('role')

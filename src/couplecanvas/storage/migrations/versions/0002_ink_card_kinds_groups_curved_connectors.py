"""ink, card kinds, groups, curved connectors

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:12:23.316306
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('strokes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.LargeBinary(), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('width', sa.Float(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('z', sa.Float(), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_strokes_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strokes'))
    )
    with op.batch_alter_table('strokes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strokes_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='card', nullable=False))
        batch_op.add_column(sa.Column('group_id', sa.String(length=32), nullable=True))

    with op.batch_alter_table('connectors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('curved', sa.Boolean(), server_default=sa.text('0'), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('connectors', schema=None) as batch_op:
        batch_op.drop_column('curved')

    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_column('group_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('strokes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strokes_session_id'))

    op.drop_table('strokes')

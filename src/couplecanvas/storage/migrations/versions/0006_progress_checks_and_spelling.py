"""each partner's brief progress check per session, and the practice's spelling

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('progress_checks',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=1), nullable=False),
    sa.Column('connection', sa.Integer(), nullable=True),
    sa.Column('caught', sa.String(length=12), nullable=True),
    sa.Column('found_again', sa.String(length=12), nullable=True),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_progress_checks_session_id_sessions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'role', name=op.f('pk_progress_checks'))
    )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spelling', sa.String(length=2), server_default='UK', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('spelling')

    op.drop_table('progress_checks')

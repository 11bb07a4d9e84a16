"""individual screening for each couple (therapist only), and the practice's support line

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('screenings',
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('screened_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('overridden_on', sa.Date(), nullable=True),
    sa.Column('overridden_for', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_screenings_couple_id_couples'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('couple_id', name=op.f('pk_screenings'))
    )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_line', sa.String(length=200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('support_line')

    op.drop_table('screenings')

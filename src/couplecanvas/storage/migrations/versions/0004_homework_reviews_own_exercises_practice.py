"""homework reviews and frequency, the therapist's exercises, the practice, next appointment

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exercises',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('origin', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('approach', sa.String(length=120), nullable=False),
    sa.Column('frequency', sa.String(length=120), nullable=False),
    sa.Column('duration', sa.String(length=120), nullable=False),
    sa.Column('who', sa.String(length=4), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('steps', sa.Text(), nullable=False),
    sa.Column('tracking', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_exercises'))
    )
    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('page_size', sa.String(length=8), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frequency', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('review', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('review_note', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_appointment', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('next_appointment')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('review_note')
        batch_op.drop_column('review')
        batch_op.drop_column('frequency')

    op.drop_table('practice')
    op.drop_table('exercises')

"""cohorts end on or after their first day

Revision ID: b7c1e4d2a9f0
Revises: 05fc9e53b179
Create Date: 2026-11-29 17:58:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7c1e4d2a9f0'
down_revision = '05fc9e53b179'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.create_check_constraint('ends_after_start', 'ends_on >= starts_on')


def downgrade():
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_cohorts_ends_after_start'), type_='check')

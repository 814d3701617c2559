"""orders keep the problem a buyer reported

A shipped order completes by itself after ORDER_AUTO_COMPLETE_DAYS unless its buyer reported a
problem; the report and when it was made are kept on the order.

Revision ID: d304a1cd8a11
Revises: 6f1d2b8e4c90
Create Date: 2026-12-04 18:31:47.599623

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd304a1cd8a11'
down_revision = '6f1d2b8e4c90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('problem_reported_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('problem_note', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('problem_note')
        batch_op.drop_column('problem_reported_at')


"""payments listed newest first

The agency's payments list puts the bank transfers waiting for confirmation first, then every
other payment newest first. It sorted every payment ever made to show fifty; with these indexes each
part is read newest first and stops at the page.

Revision ID: b6e2c8d4f1a3
Revises: f2b8d4a6c1e9
Create Date: 2026-12-08 04:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b6e2c8d4f1a3'
down_revision = 'f2b8d4a6c1e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_payments_created_at_id', 'payments', ['created_at', 'id'], unique=False)
    op.create_index('ix_payments_method_status_created_at', 'payments', ['method', 'status', 'created_at'],
                    unique=False)


def downgrade():
    op.drop_index('ix_payments_method_status_created_at', table_name='payments')
    op.drop_index('ix_payments_created_at_id', table_name='payments')

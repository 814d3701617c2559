"""orders found by shop and status

An artisan's dashboard counts the shop's open orders (to prepare, waiting for the agency, problems
reported) and lists them. Found through the shop alone, every order the shop ever had was read:
a busy shop's thousand finished ones for a handful that are open.

Revision ID: f2b8d4a6c1e9
Revises: a7d3f9c1e5b2
Create Date: 2026-12-08 01:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f2b8d4a6c1e9'
down_revision = 'a7d3f9c1e5b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_orders_shop_id_status', 'orders', ['shop_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_orders_shop_id_status', table_name='orders')

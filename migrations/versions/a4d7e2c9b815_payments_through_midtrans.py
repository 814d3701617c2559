"""payments through midtrans

QRIS, e-wallets, bank virtual accounts and shop counters are paid through Midtrans Snap: the
payment methods gain those channels (the CHECK on both columns that hold a method), and a payment
keeps the Snap token and the Snap page's address the buyer pays on.

Revision ID: a4d7e2c9b815
Revises: d304a1cd8a11
Create Date: 2026-12-07 16:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4d7e2c9b815'
down_revision = 'd304a1cd8a11'
branch_labels = None
depends_on = None

_BEFORE = ('card', 'bank_transfer', 'cod')
_AFTER = _BEFORE + ('qris', 'gopay', 'shopeepay', 'bca_va', 'bni_va', 'bri_va', 'mandiri_va', 'permata_va',
                    'indomaret', 'alfamart')


def _method(values):
    return sa.Enum(*values, name='paymentmethod', native_enum=False, create_constraint=True, length=24)


def _change_methods(values_from, values_to):
    for table, column in (('checkouts', 'payment_method'), ('payments', 'method')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=_method(values_from), type_=_method(values_to),
                                  existing_nullable=False)


def upgrade():
    _change_methods(_BEFORE, _AFTER)
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snap_token', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('redirect_url', sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('redirect_url')
        batch_op.drop_column('snap_token')
    _change_methods(_AFTER, _BEFORE)

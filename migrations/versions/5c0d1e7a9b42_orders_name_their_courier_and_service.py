"""orders name their courier and service

The artisan used to type the courier as free text, so no tracking link could be made. Orders now
keep the courier's code from `marketplace.orders.couriers` and its service level beside the name.
Older orders keep their text in `courier` and still show it; those whose text is plainly one of the
listed couriers (`JNE`, `J&T`, `SiCepat`...) get its code, so their buyers get a tracking link too.
Downgrading drops the two columns; the names stay in `courier`.

Revision ID: 5c0d1e7a9b42
Revises: 5c1e8f3a2b70
Create Date: 2026-12-07 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0d1e7a9b42'
down_revision = '5c1e8f3a2b70'
branch_labels = None
depends_on = None

#: how artisans wrote the listed couriers before, lower case, by code
KNOWN_NAMES = {
    'jne': ('jne', 'jne express'),
    'jnt': ('j&t', 'j&t express', 'jnt', 'j&t exp'),
    'sicepat': ('sicepat', 'si cepat', 'sicepat ekspres'),
    'pos': ('pos', 'pos indonesia', 'pos kilat'),
    'anteraja': ('anteraja', 'anter aja'),
    'ninja': ('ninja', 'ninja xpress', 'ninja express'),
    'lion': ('lion', 'lion parcel'),
    'ide': ('id express', 'idexpress'),
}

orders = sa.table('orders', sa.column('courier', sa.String), sa.column('courier_code', sa.String))


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('courier_code', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('courier_service', sa.String(length=30), nullable=True))
    for code, names in KNOWN_NAMES.items():
        op.execute(orders.update().where(sa.func.lower(sa.func.trim(orders.c.courier)).in_(names))
                   .values(courier_code=code))


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('courier_service')
        batch_op.drop_column('courier_code')

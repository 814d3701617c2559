"""shops price shipping by destination zone

Shipping cost the same to Palembang as to Jayapura. Each shop may now set, per destination zone
(`marketplace.shops.zones`), a fee for the first kilogram and one for each further kilogram. The
table starts empty: every shop keeps its flat fees, which price any zone it has no rate for.

Revision ID: 9e4b7c2d1f60
Revises: 5c0d1e7a9b42
Create Date: 2026-12-07 18:20:25.359092

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e4b7c2d1f60'
down_revision = '5c0d1e7a9b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shop_zone_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('zone', sa.Enum('banyuasin', 'south_sumatra', 'sumatra', 'java_bali', 'kalimantan', 'sulawesi_nusa_tenggara', 'maluku_papua', name='zone', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('first_kg_fee', sa.Integer(), nullable=False),
    sa.Column('next_kg_fee', sa.Integer(), nullable=False),
    sa.CheckConstraint('first_kg_fee >= 0 AND next_kg_fee >= 0', name=op.f('ck_shop_zone_rates_fees_not_negative')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_shop_zone_rates_shop_id_shops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_zone_rates')),
    sa.UniqueConstraint('shop_id', 'zone', name='uq_shop_zone_rates_shop_id_zone')
    )
    with op.batch_alter_table('shop_zone_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_zone_rates_shop_id'), ['shop_id'], unique=False)



def downgrade():
    with op.batch_alter_table('shop_zone_rates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shop_zone_rates_shop_id'))

    op.drop_table('shop_zone_rates')

"""reach counted per listing and shop per day

Artisans and the agency want to know how far a listing travels: how often its page and its shop's
page are opened, and how often visitors tap its WhatsApp and Facebook share links. One row per
listing (or shop) and day holds the two counts; nothing about the visitors is stored.

Revision ID: a7d3f9c1e5b2
Revises: 9e4b7c2d1f60
Create Date: 2026-12-07 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3f9c1e5b2'
down_revision = '9e4b7c2d1f60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('product_reach_days',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), server_default='0', nullable=False),
    sa.Column('shares', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_reach_days_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'day', name=op.f('pk_product_reach_days'))
    )
    op.create_table('shop_reach_days',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), server_default='0', nullable=False),
    sa.Column('shares', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_shop_reach_days_shop_id_shops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shop_id', 'day', name=op.f('pk_shop_reach_days'))
    )


def downgrade():
    op.drop_table('shop_reach_days')
    op.drop_table('product_reach_days')

"""share images of listings: the 1200x630 picture each public listing's link preview shows

Revision ID: 5c1e8f3a2b70
Revises: 2402d439ac8c
Create Date: 2026-12-07 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e8f3a2b70'
down_revision = '2402d439ac8c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('share_images',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_share_images_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_share_images'))
    )


def downgrade():
    op.drop_table('share_images')

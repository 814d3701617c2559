"""transfer receipts move to their private folder

Receipts were stored as `products/<random>.jpg`, beside product photos, and the public /media
route served them to anyone. New receipts go to `receipts/`, a folder /media never serves; the
public route cannot tell an older receipt from a product photo by its key alone, and looking every
image up in `payments` would cost every image request a query. So the older receipts move: each
file is copied to `receipts/<same random name>.jpg` and deleted from `products/`, and the payment
points at the new key. The schema does not change.

Safe to run again: a file already moved is skipped, so if the transaction fails after some files
moved, the next `flask db upgrade` finds them in `receipts/` and only updates the rows. Offline
(`--sql`) there is no storage to move files in, so it refuses rather than leave receipts public.

Revision ID: 2402d439ac8c
Revises: a7e2f41c9d03
Create Date: 2026-12-07 16:10:00.000000

"""
from alembic import context, op
import sqlalchemy as sa

from marketplace.media.images import move_to_receipts


# revision identifiers, used by Alembic.
revision = '2402d439ac8c'
down_revision = 'a7e2f41c9d03'
branch_labels = None
depends_on = None

payments = sa.table('payments', sa.column('id', sa.Integer), sa.column('receipt_key', sa.String))


def upgrade():
    if context.is_offline_mode():
        raise RuntimeError("Moving transfer receipts to their private folder needs the storage: "
                           "run this migration online (without --sql).")
    bind = op.get_bind()
    legacy = bind.execute(sa.select(payments.c.id, payments.c.receipt_key).where(
        payments.c.receipt_key.is_not(None), ~payments.c.receipt_key.startswith('receipts/'))
        .order_by(payments.c.id)).all()
    for payment_id, key in legacy:
        bind.execute(payments.update().where(payments.c.id == payment_id)
                     .values(receipt_key=move_to_receipts(key)))


def downgrade():
    # The files stay in `receipts/`: the code before this revision loads a receipt by whatever key
    # its payment names, so it keeps working (and, as before, serves receipts through /media).
    pass

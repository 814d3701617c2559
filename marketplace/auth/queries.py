"""What the agency's overview reads of the accounts: how many hold each role, and the newest ones."""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select

from marketplace.auth.models import Role, RoleGrant, User
from marketplace.web import reads

#: accounts listed on the agency's overview
NEWEST = 20


@dataclass(frozen=True)
class NewAccount:
    name: str
    email: str
    #: sorted
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class AccountsOverview:
    """The key of the overview's kept part (web/fragments.py)."""
    #: (role, accounts holding it) for every role, in the roles' order
    role_counts: tuple[tuple[Role, int], ...]
    newest: tuple[NewAccount, ...]


@cache
def _overview_queries():
    newest = (select(User.id, User.name, User.email, User.created_at)
              .order_by(User.created_at.desc(), User.id.desc()).limit(NEWEST).subquery())
    return (select(RoleGrant.role, func.count()).group_by(RoleGrant.role),
            select(newest.c.id, newest.c.name, newest.c.email, RoleGrant.role)
            .outerjoin(RoleGrant, RoleGrant.user_id == newest.c.id)
            .order_by(newest.c.created_at.desc(), newest.c.id.desc()))


def accounts_overview() -> AccountsOverview:
    """In two statements of columns: the count of each role, and the newest accounts with theirs."""
    counting, listing = _overview_queries()
    counts = dict(reads.rows(counting).all())
    accounts: dict[int, tuple[str, str, list[Role]]] = {}
    for user_id, name, email, role in reads.rows(listing):
        roles = accounts.setdefault(user_id, (name, email, []))[2]
        if role is not None:
            roles.append(role)
    return AccountsOverview(tuple((role, counts.get(role, 0)) for role in Role),
                            tuple(NewAccount(name, email, tuple(sorted(roles)))
                                  for name, email, roles in accounts.values()))

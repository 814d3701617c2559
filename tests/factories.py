import factory
from factory.alchemy import SQLAlchemyModelFactory

from marketplace.auth.models import Role, User
from marketplace.auth.passwords import hash_password
from marketplace.extensions import db

PASSWORD = "kain-songket-pedada-7"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing once keeps the suite fast


class UserFactory(SQLAlchemyModelFactory):
    class Meta:
        model = User
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    name = factory.Faker("name", locale="id_ID")
    password_hash = _PASSWORD_HASH
    locale = "id"

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for role in extracted or [Role.CUSTOMER]:
            user.grant(role)
        if create:
            db.session.commit()

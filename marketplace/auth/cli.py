"""`flask create-user`: an account from the command line (the first admin, say)."""

import click
from flask.cli import with_appcontext

from marketplace.auth import services as accounts
from marketplace.auth.exceptions import AuthError
from marketplace.auth.models import Role
from marketplace.extensions import db


@click.command("create-user")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, default=["customer"], show_default=True,
              type=click.Choice([role.value for role in Role]))
def create_user(email, name, password, roles):
    """Create an account (for example the first admin)."""
    try:
        user = accounts.create_user(email, name, password, roles=[Role(role) for role in roles])
    except AuthError as error:
        raise click.ClickException(f"{type(error).__name__}: {error}") from error
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


commands = [create_user]

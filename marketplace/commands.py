import click
from flask import Flask
from flask.cli import with_appcontext

from marketplace.auth import services as accounts
from marketplace.auth.exceptions import AuthError
from marketplace.auth.models import Role
from marketplace.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from marketplace.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)


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


@click.command("seed-demo")
@click.option("--no-images", is_flag=True, help="Skip drawing the demo photos (faster).")
@with_appcontext
def seed_demo(no_images):
    """Load the demo data for Banyuasin; safe to run again (nothing is duplicated)."""
    created = seed(with_images=not no_images)
    db.session.commit()
    click.echo(f"Demo data: {created} new record(s).")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['email']:<32} {', '.join(account['roles'])}")

"""The ceiling for any Flask page of the marketplace: a bare Flask app (no extensions, no session,
no translations) that reads 24 rows from the same database and renders them with Jinja. Served
by bench/pages.py next to the marketplace as `gunicorn bench.ceiling_app:app`."""

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Ceiling</title></head>
<body><ul>
{% for row in rows %}<li><a href="/products/{{ row.id }}">{{ row.title }}</a> {{ row.shop }}</li>
{% endfor %}</ul></body></html>"""

ROWS = text("SELECT p.id, p.title, s.name AS shop FROM products p JOIN shops s ON s.id = p.shop_id "
            "ORDER BY p.id DESC LIMIT 24")

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)


@app.route("/")
def index():
    with engine.connect() as connection:
        rows = connection.execute(ROWS).all()
    return render_template_string(PAGE, rows=rows)

"""The agency's reports: sales, the impact of training, and the artisans' sales statements. The
queries serve the admin's report pages and the artisan's own statement (`routes`)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

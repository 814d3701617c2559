"""Running as a service: health checks for the load balancer and one log line per request."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

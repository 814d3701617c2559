"""Gunicorn settings for production, read from the environment (see .env.example and README).

    gunicorn -c gunicorn.conf.py wsgi:app
"""

import multiprocessing
import os

#: where to listen; behind a load balancer usually 0.0.0.0:8000
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: worker processes; each holds its own database pool. Gunicorn's usual rule by default.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
#: threads per worker: pages wait on PostgreSQL, Redis and S3 more than on the CPU
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
#: a worker is replaced after this many requests (plus jitter), so a slow leak never grows for long
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
#: the app writes one line per request itself (LOG_FORMAT=json); gunicorn only logs its own events
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
#: addresses allowed to set X-Forwarded-* for gunicorn; the app itself trusts PROXY_COUNT proxies
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
#: nothing is loaded before the fork: every worker opens its own database and Redis connections
preload_app = False
#: gunicorn's runtime control socket: off unless given a path, so that several servers on one
#: machine never share the default one (~/.gunicorn/gunicorn.ctl)
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

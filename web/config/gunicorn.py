"""gunicorn settings for `hearth serve --production` (see README, Production).

Workers default to one per core plus one, each with a few threads: Hearth's
requests are short and CPU-bound, and threads cover the waits on the
database. The access log leaves out query strings (they can carry a
postcode) and client addresses.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("HEARTH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HEARTH_WORKERS", _cores + 1))
threads = int(os.environ.get("HEARTH_THREADS", 4))
worker_class = "gthread"
# Load the app once, then fork: workers share the imported code.
preload_app = True
timeout = int(os.environ.get("HEARTH_WORKER_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Workers are not recycled by default: a recycled worker's kept-alive
# connections wait for it to finish (up to graceful_timeout). Set
# HEARTH_MAX_REQUESTS to recycle them if memory ever grows.
max_requests = int(os.environ.get("HEARTH_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
accesslog = "-" if os.environ.get("HEARTH_ACCESS_LOG", "true") != "false" else None
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
wsgi_app = "config.wsgi:application"

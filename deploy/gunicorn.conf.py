"""Gunicorn settings for the site, read by ehch-web.service and the cluster drill.

One file for both, so the drill serves the site exactly as a host would. The
address and the number of workers come from the environment (the unit's
environment file): ``GUNICORN_BIND`` (default ``127.0.0.1:8000``: only the
balancer on this host, or set the host's private address) and
``GUNICORN_WORKERS`` (default: one more than the processor count; each worker
is one process of about 150 MB serving one request at a time).
"""

import os
from pathlib import Path

# The checkout (or unpacked release) this file lives in; site/ is its source root.
chdir = str(Path(__file__).resolve().parents[1])
pythonpath = "site"
wsgi_app = "ehch.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) + 1)))

# A page that takes longer than this is a bug; the worker is replaced. On stop,
# requests in flight get graceful_timeout to finish while the balancer's health
# check takes the server out.
timeout = 30
graceful_timeout = 20
keepalive = 5

# Errors to standard error (the journal); access lines are HAProxy's job.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")

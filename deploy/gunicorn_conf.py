"""gunicorn settings of a Jiedao app server (make cluster; docs/deployment.md, docs/scaling.md).

    gunicorn config.wsgi:application -c deploy/gunicorn_conf.py

Read from the environment: ``GUNICORN_BIND`` (default ``127.0.0.1:8001``) and
``GUNICORN_WORKERS`` (default two per core). The app server keeps nothing another one
needs: sessions, tokens, throttles and tasks are in the database, uploads in the
shared ``MEDIA_ROOT``.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "sync"
# A 100 000-row roster imports inside the request in about 15 s (docs/deployment.md).
timeout = 120
# On TERM, requests in flight get this long to finish.
graceful_timeout = 30
# The proxy in front, whose X-Forwarded-* headers are believed.
forwarded_allow_ips = "127.0.0.1"
# Recycle workers now and then, so that a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500

"""Gunicorn settings for production and `make serve` / `make bench`; the environment wins."""

import gc
import multiprocessing
import os

# PORT moves the server, as it moves `make run` (and SITE_URL follows it, see settings.py).
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT') or '8000'}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
wsgi_app = "clusters_event.wsgi:application"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Access log lines never show the tokens of personal links or full email addresses.
logger_class = "common.log_redaction.RedactingGunicornLogger"
# Trust X-Forwarded-* (client address, scheme) only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True
# Recycle workers now and then against slow leaks. Under load every worker reaches the limit at
# about the same time; a wide jitter keeps them from all restarting (and re-importing Django)
# at once, which the benchmark showed as a dip and a 76 ms p99.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 2
graceful_timeout = 20


def post_worker_init(worker):
    """Move the loaded application's objects out of the garbage collector's way.

    Django, the URL patterns, templates and translations are long-lived; freezing them means a
    collection only walks what a request allocated (measured: about 5% of a cold agenda render).
    """
    gc.collect()
    gc.freeze()

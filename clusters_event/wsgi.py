"""WSGI entry point, e.g. `gunicorn clusters_event.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusters_event.settings")

application = get_wsgi_application()

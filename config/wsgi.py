import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Load the URLconf (and so every view and the API's routers) while the worker starts,
# not in the middle of its first request, which would otherwise take seconds.
import_module(settings.ROOT_URLCONF)

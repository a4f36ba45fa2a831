"""The baseline for ``bench/api_people.py``: one bare Django view returning a
fixed small JSON, with its own minimal settings (no apps, no middleware, no
database). Served by gunicorn exactly like the project, it measures what
Django + gunicorn cost before Jiedao adds anything.

    gunicorn --pythonpath bench api_bare_wsgi:application
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import path


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "items": [], "count": 0})


urlpatterns = [path("ping", ping)]

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"),
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_I18N=False,
)
application = get_wsgi_application()

"""The WSGI entry point, for ``smeaton serve`` and any other WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smeaton.web.settings")
application = get_wsgi_application()

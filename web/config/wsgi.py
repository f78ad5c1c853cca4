from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view now, not on the first request: with gunicorn's
# preload_app the workers are forked with the code already loaded.
if os.environ.get("HEARTH_PRELOAD_URLS", "true") != "false":
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf

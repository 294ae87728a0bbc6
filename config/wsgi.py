import os

from django.core.wsgi import get_wsgi_application

# Servers (gunicorn) run production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

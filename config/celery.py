"""The register's Celery app.

Tasks are thin wrappers over services (see each app's ``tasks.py``). With no
broker configured the settings make every task run in-process, so the embedded
demo needs neither Redis nor a worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("register")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The decisions package is not an app of its own: its tasks module is named here.
app.autodiscover_tasks(["sharing.decisions"])

"""A module-level app built from the environment, for the ``celery`` command line and Flower:
``celery --app eventwire.workers.celery_app flower``."""

from eventwire.settings import Settings
from eventwire.workers.app import create_app

app = create_app(Settings())

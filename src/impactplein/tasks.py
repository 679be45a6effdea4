"""Registry of background tasks: importing this module makes every app's tasks known to the worker.

Tasks live with the app that owns them (``<app>/tasks.py``); a task is just another caller of a
service.
"""

from impactplein.core.tasks import send_email  # noqa: F401

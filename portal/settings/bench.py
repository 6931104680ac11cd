"""`make bench`, `make bench-load`, `make bench-profile`: production settings plus the bench's commands.

The gunicorn the bench drives serves plain production settings (bench/server.py).
"""

from .production import *  # noqa: F403

INSTALLED_APPS = ["bench", *INSTALLED_APPS]

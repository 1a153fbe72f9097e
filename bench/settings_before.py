"""Seat's settings as they were before the SQLite tuning, for bench/logged_in_load.py only.

Rollback journal (the file is switched back by the benchmark), a 20 s lock wait, and the session
row rewritten on every request.
"""

from seat.settings import *  # noqa: F403
from seat.settings import DATABASES, MIDDLEWARE

DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
SESSION_SAVE_EVERY_REQUEST = True
MIDDLEWARE = [m for m in MIDDLEWARE if not m.endswith(".IdleSessionMiddleware")]

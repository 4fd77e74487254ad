"""SQLite faults for a danvan process a test starts with ``PYTHONPATH=tests/sqlite_faults``.

Python imports this module at start-up; ``SQLITE_FAULT`` says what to break:

* ``readonly``: every database file opens read-only (a test running as root cannot
  make a file it cannot write);
* ``max_pages:N``: no database grows past N pages, so SQLite fails with SQLITE_FULL
  as it does on a full disk.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

_FAULT = os.environ.get("SQLITE_FAULT", "")
_connect = sqlite3.connect


def _faulty_connect(database, *args, uri=False, **kwargs):
    if _FAULT == "readonly" and not uri:
        database, uri = f"{Path(database).resolve().as_uri()}?mode=ro", True
    conn = _connect(database, *args, uri=uri, **kwargs)
    if _FAULT.startswith("max_pages:"):
        conn.execute(f"PRAGMA max_page_count = {int(_FAULT.removeprefix('max_pages:'))}")
    return conn


if _FAULT:
    sqlite3.connect = _faulty_connect

"""One crawl per database at a time: an advisory lock on a file beside the database."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockHeld(Exception):
    """Another process holds the crawl lock of this database; one-line message."""


class CrawlLock:
    """``flock`` on ``<db>.lock``; the kernel releases it if the holder dies, even by SIGKILL."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = Path(f"{os.fspath(db_path)}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once or raise LockHeld naming the holder's pid."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(
                f"another crawl (pid {holder}) is already writing {self.path.with_suffix('')}"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Give the lock back (the lock file stays; it is harmless)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

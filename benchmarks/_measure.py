"""Run the danvan CLI and report its CPU time and peak memory as JSON on stderr.

Peak memory is this process's own high-water mark (``VmHWM``), not ``ru_maxrss``: Linux
carries ``ru_maxrss`` across ``exec``, so a process started by a large parent (the
benchmark, holding pages) reports the parent's size. Child processes (``--jobs``) are
sampled: ``tree_peak_kb`` is the largest sum of resident memory over this process and
its descendants seen at 100 ms intervals (with ``--jobs``; once a second otherwise).
"""

import atexit
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def _status_kb(pid: int | str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", "rb") as file:
                    children = list(map(int, file.read().split()))
            except OSError:
                continue
            found += children
            todo += children
    return found


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int | str) -> int:
    """Resident memory (statm's second field: one short read, no text to scan)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as file:
            return int(file.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


_tree_peak_kb = 0


# Sampling costs the measured process CPU, which a crawl's CPU figure includes (and with
# --jobs, the parent's share of the sites waits for it): every 50 ms, ~1.8 % of a core with
# a child, in pathlib globbing and status files parsed; plain reads of the task and statm
# files take half that, and every 100 ms (resident memory grows over seconds) a quarter.
# Only ``--jobs`` runs have children as a rule, so others are sampled once a second (for
# any child process a crawl may start); the process's own peak is its ``VmHWM`` anyway.
_INTERVAL = 0.1 if "--jobs" in sys.argv else 1.0


def _sample() -> None:
    global _tree_peak_kb
    me = os.getpid()
    while True:
        total = _rss_kb(me) + sum(_rss_kb(p) for p in _descendants(me))
        _tree_peak_kb = max(_tree_peak_kb, total)
        time.sleep(_INTERVAL)


def _report() -> None:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    own_peak = _status_kb("self", "VmHWM")
    figures = {"cpu": cpu, "maxrss_kb": own_peak, "tree_peak_kb": max(_tree_peak_kb, own_peak)}
    print("DANVAN-MEASURE " + json.dumps(figures), file=sys.stderr)


threading.Thread(target=_sample, daemon=True).start()
atexit.register(_report)
sys.path.insert(0, os.getcwd())  # the project's spiders/, as `python -m danvan_crawler` would
from danvan_crawler.cli import main  # noqa: E402

sys.argv[0] = "danvan"
try:
    main()
except SystemExit as exit_:
    _report()
    atexit.unregister(_report)
    raise exit_

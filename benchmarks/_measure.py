"""Run the danvan CLI and report its CPU time and peak memory as JSON on stderr.

Peak memory is this process's own high-water mark (``VmHWM``), not ``ru_maxrss``: Linux
carries ``ru_maxrss`` across ``exec``, so a process started by a large parent (the
benchmark, holding pages) reports the parent's size. Child processes (``--jobs``) are
sampled: ``tree_peak_kb`` is the largest sum of resident memory over this process and
its descendants seen at 50 ms intervals (with ``--jobs``; once a second otherwise).
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
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found += map(int, children)
            todo += map(int, children)
    return found


_tree_peak_kb = 0


# Sampling costs the measured process CPU: at 50 ms, ~1.3 % of a core (reading /proc for
# every thread's children), which a crawl's CPU figure would include. Only ``--jobs`` runs
# have children as a rule, so others are sampled once a second (for any child process a
# crawl may start); the process's own peak is its ``VmHWM`` in any case.
_INTERVAL = 0.05 if "--jobs" in sys.argv else 1.0


def _sample() -> None:
    global _tree_peak_kb
    me = os.getpid()
    while True:
        total = _status_kb("self", "VmRSS") + sum(_status_kb(p, "VmRSS") for p in _descendants(me))
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

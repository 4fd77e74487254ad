"""Run the danvan CLI and report its CPU time and peak memory (children included) as JSON on stderr."""

import atexit
import json
import os
import resource
import sys


def _report() -> None:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(
        "DANVAN-MEASURE " + json.dumps({"cpu": cpu, "maxrss_kb": max(me.ru_maxrss, kids.ru_maxrss)}),
        file=sys.stderr,
    )


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

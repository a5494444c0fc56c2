"""Run one command and write its CPU and peak RSS as JSON: ``python -m bench.launch REPORT CMD...``.

Why a launcher: Linux hands a new process the high-water RSS mark of the address space it was
forked from, and the mark survives ``exec``. So ``ru_maxrss`` of any process the benchmark
starts directly is at least the benchmark's own peak (620 MB after generating a 10,000-article
site in-process). Forked from this small, freshly exec'd process instead, a command's peak RSS
is its own. ``os.wait4`` gives exactly that child's usage (with the children it reaped).

SIGTERM or SIGINT to the launcher kills the command; the report is written either way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m bench.launch REPORT COMMAND [ARG ...]", file=sys.stderr)
        return 2
    report, command = argv[0], argv[1:]
    proc = None
    stopped = False

    def stop(signum, frame):
        nonlocal stopped
        stopped = True
        if proc is not None:
            proc.kill()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    if stopped:  # told to stop while starting it
        proc.kill()
    _, status, usage = os.wait4(proc.pid, 0)
    wall_s = time.perf_counter() - start
    returncode = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as fh:
        json.dump({"returncode": returncode, "wall_s": round(wall_s, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                   "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}, fh)
    return returncode if returncode >= 0 else 128 - returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Process measurement for the benchmark: CPU and peak RSS of one child, helper services.

``os.wait4`` gives the rusage of exactly the child it reaps (not every child the benchmark
ever waited for, as ``RUSAGE_CHILDREN`` would); a running process's CPU comes from /proc.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def proc_cpu(pid: int) -> float:
    """utime + stime of a running process, from /proc (no psutil needed)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str], env: dict, cwd: Path, log: Path, timeout: float) -> dict:
    """Run a process to its end; its wall time, CPU and peak RSS (``os.wait4`` of that process alone)."""
    return run_measured_together([(command, env, log)], cwd, timeout)[0]


def run_measured_together(runs: list[tuple[list[str], dict, Path]], cwd: Path, timeout: float) -> list[dict]:
    """Start processes (command, env, log) at once and measure each to its end, as :func:`run_measured`.

    Each runs under :mod:`bench.launch`, which measures it: measured from here, a process's peak
    RSS would start at this benchmark's own (see that module).
    """
    logs = [open(log, "wb") for _, _, log in runs]
    reports = [log.with_name(log.name + ".usage.json") for _, _, log in runs]
    try:
        # env comes from child_env, which puts this project on PYTHONPATH for bench.launch
        procs = [subprocess.Popen([sys.executable, "-m", "bench.launch", str(report), *command], cwd=cwd,
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
                 for (command, env, _), out, report in zip(runs, logs, reports)]
        timers = [threading.Timer(timeout, proc.terminate) for proc in procs]  # the launcher kills its command
        for timer in timers:
            timer.start()
        results = []
        try:
            for proc, report in zip(procs, reports):
                proc.wait()
                try:
                    usage = json.loads(report.read_text())
                except (OSError, ValueError):
                    raise RuntimeError(f"bench.launch wrote no usage report ({report}); exit {proc.returncode}")
                results.append(usage)
        finally:
            for timer in timers:
                timer.cancel()
    finally:
        for out in logs:
            out.close()
    return results


def wait_port(host: str, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {host}:{port} after {timeout}s")
            time.sleep(0.1)


class Service:
    """A helper process (origin server, moto) started and stopped around runs."""

    def __init__(self, command: list[str], port: int, log: Path):
        try:  # another process on the port would answer in our server's place, unmeasured
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            pass
        else:
            raise RuntimeError(f"port {port} is already in use: stop what listens there or pass --port")
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=self.log, stderr=subprocess.STDOUT)
        self.port = port
        try:
            wait_port("127.0.0.1", port)
        except RuntimeError:
            self.stop()
            name = command[2] if command[0] == sys.executable else Path(command[0]).name
            raise RuntimeError(f"{name} did not start on port {port} (busy? see {log})")

    def cpu(self) -> float:
        return proc_cpu(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def child_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "AWS_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def server_stats(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats__", timeout=10) as resp:
        return json.load(resp)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

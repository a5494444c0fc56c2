"""In-crawler measurements for the benchmark, off unless ``ARCHIVE_BENCH_REPORT`` names a file.

Enabled as an extension (``bench.probe.BenchProbe``); it records
- reactor lag: a LoopingCall every 10 ms notes how late it runs (anything that blocks the
  reactor, parsing included, shows up here);
- wall time per call of the archive path (middleware, WARC write, JSON lines write, storing a
  closed file) and of extraction, by wrapping those methods in this process only, and each
  call's own CPU (``own_cpu``: the calling thread's), so a slow call shows whether it worked
  or waited;
- CPU seconds and wall time of the crawl window (engine started -> spider closed), so
  Scrapy's start-up is not charged to pages; and of the close that follows (spider closed ->
  engine stopped: the last files sealed, indexed and stored, WACZ, state, manifest), whose
  CPU is the articles' too.
When the engine stops it writes all of it, with the crawl stats, as JSON to ``ARCHIVE_BENCH_REPORT``.
"""

from __future__ import annotations

import functools
import gc
import heapq
import importlib
import json
import resource
import time
from array import array
from collections import defaultdict

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.parsepool import peak_rss_kb

TICK = 0.010
# (module, attribute path) of the calls timed when present.
TIMED = (
    ("crawler.middlewares", "ArchiveMiddleware.process_response"),
    ("pipelines.warc", "WarcWriter.write_exchange"),
    ("pipelines.jsonl", "JsonLinesPipeline.process_item"),
    # runs in the JSON lines writer's own thread: its cost, not time the reactor waits
    ("pipelines.jsonl", "JsonLinesWriter.write_many"),  # a batch of up to 16 lines
    ("pipelines.session", "ArchiveSession.file_closed"),
    ("pipelines.validate", "ValidationPipeline.process_item"),
    ("crawler.parsepool", "extract_page"),  # in-process extraction only (EXTRACT_PROCESSES=0)
)


def durations() -> array:
    """Where a timed call's durations go: 8 bytes each, not a 32-byte float in a list.

    The probe must not weigh on what it measures: six timed calls at N = 10,000 kept 3.9 MB of
    floats in lists, charged to the crawler's peak RSS (1 MB as arrays).
    """
    return array("d")


def summary(values) -> dict:
    """count, total, mean, p99 and max of durations (seconds in, milliseconds out)."""
    if not values:
        return {"count": 0}
    count = len(values)
    # the p99 without sorting a copy of them all: the top 1 % is enough
    top = heapq.nlargest(count - min(count - 1, int(count * 0.99)), values)
    return {"count": count, "total_ms": round(sum(values) * 1e3, 1),
            "mean_ms": round(sum(values) / count * 1e3, 3),
            "p99_ms": round(top[-1] * 1e3, 3), "max_ms": round(top[0] * 1e3, 3)}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class BenchProbe:
    def __init__(self, crawler):
        self.path = crawler.settings.get("ARCHIVE_BENCH_REPORT")
        if not self.path:
            raise NotConfigured
        self.crawler = crawler
        self.durations: dict[str, array] = defaultdict(durations)
        # the same calls' own CPU (this thread's): wall minus this is waiting (GIL, OS, disk)
        self.cpu: dict[str, array] = defaultdict(durations)
        self.lags = durations()
        # the same calls' wall time less the collector's pauses that fell inside them: a young
        # collection runs in whatever call allocates, archive or not (crawler/gcfreeze.py)
        self.excl_gc: dict[str, array] = defaultdict(durations)
        #: wall seconds of every collection so far, and each one's by generation
        self.gc_s = 0.0
        self.collections: dict[int, array] = defaultdict(durations)
        self._gc_start: float | None = None
        gc.callbacks.append(self._collector)
        self._last = None
        self.loop = task.LoopingCall(self._tick)
        for module, attr in TIMED:
            self._wrap(module, attr)
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _wrap(self, module_name: str, attr: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return
        *owner_path, name = attr.split(".")
        owner = module
        for part in owner_path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None or getattr(original, "_bench_wrapped", False):
            return
        bucket, cpu_bucket, excl_bucket = self.durations[attr], self.cpu[attr], self.excl_gc[attr]

        @functools.wraps(original)
        def timed(*args, **kwargs):
            start, cpu_start, gc_start = time.perf_counter(), time.thread_time(), self.gc_s
            try:
                return original(*args, **kwargs)
            finally:
                took = time.perf_counter() - start
                bucket.append(took)
                cpu_bucket.append(time.thread_time() - cpu_start)
                excl_bucket.append(max(0.0, took - (self.gc_s - gc_start)))

        timed._bench_wrapped = True
        setattr(owner, name, timed)

    def _collector(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start is not None:
            took = time.perf_counter() - self._gc_start
            self._gc_start = None
            self.gc_s += took
            self.collections[info["generation"]].append(took)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.lags.append(max(0.0, now - self._last - TICK))
        self._last = now

    def engine_started(self) -> None:
        self.cpu0, self.wall0, self.started_at = _cpu(), time.perf_counter(), time.time()
        self.reactor_cpu0 = time.thread_time()  # signals run in the reactor's thread
        self.loop.start(TICK, now=True)

    def spider_closed(self, spider, reason) -> None:
        """The crawl window ends; the archive's close (its own spider_closed handler) begins."""
        if self.loop.running:
            self.loop.stop()
        self.reason = reason
        self.cpu1, self.wall1 = _cpu(), time.perf_counter()
        self.reactor_cpu1 = time.thread_time()

    def engine_stopped(self) -> None:
        if self._collector in gc.callbacks:
            gc.callbacks.remove(self._collector)
        # Extraction workers (crawler.parsepool) are the crawler's CPU too: joined here, counted.
        pool = getattr(self.crawler, "_parse_pool", None)
        if pool is not None:
            pool.close()
        workers_cpu = pool.workers_cpu_s if pool is not None else 0.0
        cpu0, wall0 = getattr(self, "cpu0", 0.0), getattr(self, "wall0", 0.0)
        cpu1, wall1 = getattr(self, "cpu1", None), getattr(self, "wall1", None)
        cpu2, wall2 = _cpu(), time.perf_counter()
        if cpu1 is None:
            cpu1, wall1 = cpu2, wall2
        report = {
            "reason": getattr(self, "reason", None),
            # the window and the close that follows it
            "cpu_s": round(cpu2 - cpu0 + workers_cpu, 3),
            "wall_s": round(wall1 - wall0, 3),
            "close_cpu_s": round(cpu2 - cpu1, 3),
            # the reactor thread's own CPU in the window: what a CPU-bound crawl is bounded by
            "reactor_cpu_s": round(getattr(self, "reactor_cpu1", 0.0) - getattr(self, "reactor_cpu0", 0.0), 3),
            "close_s": round(wall2 - wall1, 3),
            # epoch seconds: the window of several workers runs from the first start to the last close
            "started_at": getattr(self, "started_at", None),
            "closed_at": time.time() - (wall2 - wall1),
            "maxrss_kb": peak_rss_kb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "workers_cpu_s": workers_cpu,
            "workers_maxrss_kb": pool.workers_maxrss_kb if pool is not None else 0,
            "reactor_lag": summary(self.lags),
            "timings": {name: {**summary(values), "own_cpu": summary(self.cpu[name]),
                               "excl_gc": summary(self.excl_gc[name])}
                        for name, values in self.durations.items()},
            # the collector's pauses over the whole run, start-up's gc.freeze() included
            "collections": {str(generation): summary(values) for generation, values in sorted(self.collections.items())},
            "stats": self.crawler.stats.get_stats(),
        }
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(report, fh, default=str, indent=1)

"""Article pages parsed in worker processes, for crawls that the CPU limits, not the site.

One process runs Scrapy's reactor, the downloads and the archive on one core. Parsing a 100 KB
page, the extraction chain and the page's outlinks are about 5 ms of that core per article
(bench/), a third of the crawl's CPU. With ``EXTRACT_PROCESSES`` = N, N worker processes do
that part: the spider sends the page's bytes and gets back the :class:`Extraction` and, when
the archive wants them, the outlinks (kept in ``response.meta`` for its metadata record).
Items, pointers, validation and archive records are the same either way.

Off by default (0): a polite crawl (AutoThrottle, a download delay) waits on the site, and a
worker costs CPU of its own (start-up, sending each page) and ~70 MB. Worth it for a replay of a
large archive or an unthrottled crawl of a mirror on a machine with spare cores (README,
Benchmarks). If a worker dies (out of memory, a signal), the crawl logs it once, counts
``extract/pool/broken`` and parses in its own process from then on: no page is lost.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import resource
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy import Request, signals

from crawler.extract import Extraction, SiteRules, extract, page_selector
from crawler.gcfreeze import freeze_startup_objects
from crawler.outlinks import OUTLINKS, page_outlinks
from crawler.percrawler import OnePerCrawler

logger = logging.getLogger(__name__)


def worker_count(settings) -> int:
    """``EXTRACT_PROCESSES`` as a number of worker processes (a bad value: a clear error)."""
    value = settings.get("EXTRACT_PROCESSES", 0)
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0:
        raise ValueError(f"EXTRACT_PROCESSES must be a number of worker processes (0: none), not {value!r}")
    return count


def extract_page(response, rules: SiteRules, site: str, outlinks: bool = False) -> tuple[Extraction, list[str] | None]:
    """The extraction and, with ``outlinks``, an article's outlinks.

    The extraction's own walk of the tree collects the hrefs (``PageHead``): the archive
    finding them later, once the tree was out of the CPU's caches, took 0.18 ms of the reactor
    per article, and an XPath right after the extraction still ~0.1 ms in a crawl (bench/)."""
    result = extract(response.text, response.url, rules=rules, site=site, selector=page_selector(response),
                     links=outlinks)
    links = page_outlinks(response, result.hrefs) if outlinks and result.is_article else None
    result.hrefs = None  # not sent back from a worker, nor kept: the outlinks are what is used
    return result, links


def _in_worker(cls, url: str, body: bytes, headers: dict, encoding: str | None,
               rules: SiteRules, site: str, outlinks: bool) -> tuple[Extraction, list[str] | None]:
    # Without a request, page_selector has no meta to keep the tree in: parse it once here.
    request = Request(url)
    response = cls(url=url, body=body, headers=headers, encoding=encoding, request=request)
    return extract_page(response, rules, site, outlinks=outlinks)


WORKER_NICENESS = 10


def _worker_started(gc_freeze: bool) -> None:
    """A worker's start-up: deaf to stop signals, below the reactor's priority, the same GC tuning.

    Ctrl-C and a service manager's SIGTERM reach the whole process group: the crawl's process
    stops gracefully and ends its workers itself, after their last pages. When the cores are
    busy, the kernel runs the reactor first; the worker takes what CPU is left."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    if gc_freeze:
        freeze_startup_objects()


def _ready() -> int:
    return os.getpid()


def peak_rss_kb(pid: int | str = "self") -> int:
    """A process's own peak RSS in KB (``VmHWM``), or 0 where /proc does not say.

    Not ``ru_maxrss``: Linux starts that at the high-water mark of the address space the process
    was forked from, so a spawned worker would report at least its crawler's peak at the time.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class ParsePool(OnePerCrawler):
    """The crawl's extraction workers (none when ``EXTRACT_PROCESSES`` is 0)."""

    crawler_attr = "_parse_pool"

    def __init__(self, crawler):
        self.crawler = crawler
        self.processes = worker_count(crawler.settings)
        self.executor: ProcessPoolExecutor | None = None
        self.broken = False
        #: which pages' outlinks are wanted (set by the archive's metadata records,
        #: pipelines.article_records): found with the extraction, in a worker or here
        self.wants_outlinks: Callable[[object], bool] | None = None
        self._picklable: dict[int, bool] = {}
        #: the workers' CPU seconds and largest peak RSS (KB), known once they are joined at close
        self.workers_cpu_s = 0.0
        self.workers_maxrss_kb = 0
        self._children0 = None
        self._started: list = []  # the _ready futures: each worker's pid
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self, spider) -> None:
        if self.processes and self.executor is None:
            # spawn, not fork: the crawl's process has threads (reactor pool, JSON lines writer),
            # and a forked child could inherit one of their locks held.
            context = multiprocessing.get_context("spawn")
            self._children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            self.executor = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=_worker_started,
                initargs=(self.crawler.settings.getbool("ARCHIVE_GC_FREEZE", True),))
            # start them while discovery runs
            self._started = [self.executor.submit(_ready) for _ in range(self.processes)]
            logger.info("Extraction in %d worker process%s (EXTRACT_PROCESSES)", self.processes,
                        "" if self.processes == 1 else "es")

    def spider_closed(self, spider) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (they are idle once the spider closes) and account for their CPU."""
        if self.executor is None:
            return
        pids = {f.result() for f in self._started if f.done() and not f.cancelled() and f.exception() is None}
        peaks = [peak_rss_kb(pid) for pid in pids]  # read while they live; idle now, so final
        self.executor.shutdown(wait=True, cancel_futures=True)  # joined: their rusage is ours now
        self.executor = None
        after, before = resource.getrusage(resource.RUSAGE_CHILDREN), self._children0
        self.workers_cpu_s = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)
        self.workers_maxrss_kb = max(peaks, default=0) or after.ru_maxrss
        self.crawler.stats.set_value("extract/pool/cpu_s", self.workers_cpu_s)

    def _can_send(self, rules: SiteRules) -> bool:
        known = self._picklable.get(id(rules))
        if known is None:
            try:
                pickle.dumps(rules)
                known = True
            except Exception as exc:
                logger.warning("Site rules cannot go to a worker process (%s); parsing in-process", exc)
                known = False
            self._picklable[id(rules)] = known
        return known

    async def extract(self, response, rules: SiteRules, site: str) -> Extraction:
        """The page's extraction, in a worker when there is one, else here; outlinks into meta."""
        outlinks = self.wants_outlinks is not None and self.wants_outlinks(response)
        result, links = await self._extract(response, rules, site, outlinks)
        if links is not None:
            response.meta[OUTLINKS] = links
        return result

    async def _extract(self, response, rules: SiteRules, site: str,
                       outlinks: bool) -> tuple[Extraction, list[str] | None]:
        if self.executor is None or self.broken or not self._can_send(rules):
            return extract_page(response, rules, site, outlinks=outlinks)
        # What TextResponse decodes the body with: Content-Type, and an encoding given to the
        # response explicitly (``_encoding``: Scrapy keeps no public name for it).
        content_type = response.headers.get(b"Content-Type")
        headers = {"Content-Type": content_type} if content_type else {}
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(
                self.executor, _in_worker, type(response), response.url, response.body, headers,
                response._encoding, rules, site, outlinks)
        except BrokenProcessPool:
            if not self.broken:  # the pages in flight with it all come back here: say it once
                self.broken = True
                self.crawler.stats.inc_value("extract/pool/broken")
                logger.error("An extraction worker process died; parsing in the crawl's process from now on")
            self.crawler.stats.inc_value("extract/pool/retried_here")
            return extract_page(response, rules, site, outlinks=outlinks)
        self.crawler.stats.inc_value("extract/pool/pages")
        return found

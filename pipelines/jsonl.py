"""JSON lines: one article per line, gzip-compressed, rolled over by item count."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

from twisted.internet.task import LoopingCall

from pipelines.spool import HashingFile, RollingFile

# zlib level for the JSON lines. On the benchmark's articles (site version 4, ~16 KB of JSON
# each; 2,000 lines outside a crawl): level 6 costs 0.49 ms of CPU per article for 2.83 KB,
# level 4 0.30 ms for 2.95 KB, level 1 0.15 ms for 3.68 KB (+25 %); serializing is 0.15 ms.
# The lines themselves are the same at any level.
COMPRESS_LEVEL = 4


class JsonLinesWriter:
    """Writes dicts as UTF-8 JSON lines into rolling ``.jsonl.gz`` spool files."""

    def __init__(self, rolling: RollingFile):
        self.rolling = rolling
        self.gzip: gzip.GzipFile | None = None
        self._thread: ThreadPoolExecutor | None = None
        rolling.start = self._start_file
        rolling.finish = self._finish_file

    def _start_file(self, fh: HashingFile, name: str) -> None:
        # mtime=0 keeps the bytes a function of the content alone.
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=COMPRESS_LEVEL)

    def _finish_file(self, fh: HashingFile) -> None:
        self.gzip.close()
        self.gzip = None

    def write(self, item: dict) -> None:
        self.write_many([item])

    def write_many(self, items: list[dict]) -> None:
        """Serialize every item, then compress and write them in one piece per file.

        In the writer's thread, a batch holds and releases the GIL once where an item at a
        time handed it to and from the reactor several times per item (bench/)."""
        lines = [json.dumps(item, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8") + b"\n"
                 for item in items]
        while lines:
            self.rolling.current()
            room = self.rolling.room() or len(lines)
            chunk, lines = lines[:room], lines[room:]
            self.gzip.write(b"".join(chunk))
            self.rolling.written(len(chunk))

    def submit(self, item: dict) -> Future:
        """:meth:`write` in the writer's own thread (see :meth:`submit_many`)."""
        return self.submit_many([item])

    def submit_many(self, items: list[dict]) -> Future:
        """:meth:`write_many` in the writer's own thread, batches in submission order.

        Serialising and compressing an article takes milliseconds; there it never holds the
        reactor, and zlib releases the GIL, so compression runs beside the crawl on another core.
        """
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-jsonl")
        return self._thread.submit(self.write_many, items)

    def close(self) -> None:
        if self._thread is not None:  # every submitted item is written before the file ends
            self._thread.shutdown(wait=True)
            self._thread = None
        self.rolling.close()


class JsonLinesPipeline:
    """Item pipeline: every article that passed validation becomes one JSON line.

    Lines are written in the writer's thread, ``BATCH`` items at a time (or what came within
    ``FLUSH_SECONDS``, and the rest at close), and the item goes on at once: an item waiting
    for its line would keep its response and parsed page alive in Scrapy's scraper (with 16
    pages in flight that was +150 MB of peak RSS, bench/). One hand-off per batch instead of
    per item took ~0.1 ms of the reactor per article (bench/). Up to ``MAX_PENDING`` batches
    may be in the writer's queue; beyond that the pipeline waits for the oldest. A failed write
    turns the crawl red (``archive/items/write_errors``, a problem in the manifest)."""

    BATCH = 16
    FLUSH_SECONDS = 1.0
    MAX_PENDING = 4
    clock = None  # the reactor; tests set a twisted.internet.task.Clock

    def __init__(self, crawler):
        self.crawler = crawler
        self.pending: deque[Future] = deque()
        self.batch: list[dict] = []
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.timer = LoopingCall(self.flush)
        if self.clock is not None:
            self.timer.clock = self.clock
        self.timer.start(self.FLUSH_SECONDS, now=False)

    async def process_item(self, item):
        self.batch.append(dict(item))
        if len(self.batch) >= self.BATCH:
            self.flush()
            if len(self.pending) > self.MAX_PENDING:
                await asyncio.wrap_future(self.pending[0])
        return item

    def flush(self) -> None:
        """The items batched so far, to the writer's thread."""
        if not self.batch:
            return
        from pipelines.session import ArchiveSession

        session = ArchiveSession.of(self.crawler)
        batch, self.batch = self.batch, []
        future = session.items.submit_many(batch)
        future.add_done_callback(partial(self._written, session, [item.get("url") for item in batch]))
        pending = self.pending
        pending.append(future)
        while pending and pending[0].done():  # the timer's batches too: a slow crawl keeps none
            pending.popleft()

    def close_spider(self) -> None:
        """Before the archive session closes the writer (its ``spider_closed``): the last batch."""
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.flush()

    def _written(self, session, urls: list[str | None], future: Future) -> None:
        """In the writer's thread, the only one counting these two stats."""
        error = future.exception()
        if error is None:
            self.crawler.stats.inc_value("archive/items_written", len(urls))
            return
        self.crawler.stats.inc_value("archive/items/write_errors", len(urls))
        for url in urls:
            session.problem(f"JSON line not written for {url}: {error!r}")

"""JSON lines: one article per line, gzip-compressed, rolled over by item count."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

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
        self.rolling.current()
        line = json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)
        self.gzip.write(line.encode("utf-8") + b"\n")
        self.rolling.written(1)

    def submit(self, item: dict) -> Future:
        """:meth:`write` in the writer's own thread, one item at a time in submission order.

        Serialising and compressing an article takes milliseconds; there it never holds the
        reactor, and zlib releases the GIL, so compression runs beside the crawl on another core.
        """
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-jsonl")
        return self._thread.submit(self.write, item)

    def close(self) -> None:
        if self._thread is not None:  # every submitted item is written before the file ends
            self._thread.shutdown(wait=True)
            self._thread = None
        self.rolling.close()


class JsonLinesPipeline:
    """Item pipeline: every article that passed validation becomes one JSON line.

    The line is written in the writer's thread and the item goes on at once: an item waiting
    for its line would keep its response and parsed page alive in Scrapy's scraper (with 16
    pages in flight that was +150 MB of peak RSS, bench/). Up to ``MAX_PENDING`` lines may be
    in the writer's queue; beyond that the pipeline waits for the oldest. A failed write turns
    the crawl red (``archive/items/write_errors``, a problem in the manifest)."""

    MAX_PENDING = 32

    def __init__(self, crawler):
        self.crawler = crawler
        self.pending: deque[Future] = deque()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        from pipelines.session import ArchiveSession

        session = ArchiveSession.of(self.crawler)
        future = session.items.submit(dict(item))
        future.add_done_callback(partial(self._written, session, item.get("url")))
        pending = self.pending
        pending.append(future)
        while pending and pending[0].done():
            pending.popleft()
        if len(pending) > self.MAX_PENDING:
            await asyncio.wrap_future(pending[0])
        return item

    def _written(self, session, url: str | None, future: Future) -> None:
        """In the writer's thread, the only one counting these two stats."""
        error = future.exception()
        if error is None:
            self.crawler.stats.inc_value("archive/items_written")
            return
        self.crawler.stats.inc_value("archive/items/write_errors")
        session.problem(f"JSON line not written for {url}: {error!r}")

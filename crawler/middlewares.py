"""The archive middleware: capture every HTTP exchange exactly as it came off the wire.

Why at priority 950: ``process_response`` runs from the highest number down, so at 950 we see
each response before HttpCacheMiddleware (900), DownloaderStats (850), RedirectMiddleware (600)
and HttpCompressionMiddleware (590): the body is still content-encoded, redirects and errors
have not been followed or dropped yet, and the request carries every header Scrapy added.
Writing happens in :mod:`pipelines.warc`; this class only captures and points the spider at
the record (``response.meta["warc"]``).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

from crawler.replay import REPLAYED  # responses read back from a WARC
from pipelines.session import ArchiveSession
from pipelines.warc import sha1_digest

logger = logging.getLogger(__name__)


class ArchiveMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.session = ArchiveSession.of(crawler)
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        stats = self.crawler.stats
        if REPLAYED in response.flags or "cached" in response.flags:
            return response  # already archived: it came from a WARC or the HTTP cache
        state = self.session.state  # incremental crawls: identical payloads become revisits
        try:
            digest = sha1_digest(response.body)  # once, for the revisit lookup and the record
            original = state.revisit_of(response, digest) if state is not None else None
            pointer, date = self.session.warc.write_exchange(request, response, revisit_of=original,
                                                             payload_digest=digest)
            if state is not None:
                state.archived(response, pointer, self.session.warc.last_record)
        except Exception as exc:  # a lost record must be loud, never silent
            stats.inc_value("archive/warc/write_errors")
            self.session.problem(f"WARC write failed for {response.url}: {exc!r}")
            self.stop_crawl()
            # No item may come out of a response the archive does not hold.
            raise IgnoreRequest(f"not archived (WARC write failed): {response.url}") from exc
        request.meta["warc"] = pointer
        request.meta["warc_date"] = date
        stats.inc_value("archive/warc/responses")
        if original:
            stats.inc_value("archive/warc/revisits")
        return response

    def stop_crawl(self) -> None:
        """An archive that cannot be written makes every further request a loss: stop."""
        if not self.stopping and self.crawler.engine is not None:
            self.stopping = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="warc_write_failed"))

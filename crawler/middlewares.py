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

from pipelines.session import ArchiveSession

logger = logging.getLogger(__name__)


class ArchiveMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.session = ArchiveSession.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        stats = self.crawler.stats
        state = self.session.state  # incremental crawls: identical payloads become revisits
        try:
            original = state.revisit_of(response) if state is not None else None
            pointer = self.session.warc.write_exchange(request, response, revisit_of=original)
            if state is not None:
                state.archived(response, pointer, self.session.warc.last_record)
        except Exception as exc:  # a lost record must be loud, never silent
            stats.inc_value("archive/warc/write_errors")
            self.session.problem(f"WARC write failed for {response.url}: {exc!r}")
            return response
        request.meta["warc"] = pointer
        stats.inc_value("archive/warc/responses")
        if original:
            stats.inc_value("archive/warc/revisits")
        return response

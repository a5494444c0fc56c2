"""Incremental crawls: ask only for what changed, emit only what changed.

Uses the crawl state the archive session loaded from the store (:mod:`pipelines.state`):

- :class:`IncrementalMiddleware` (downloader middleware, priority 800: inside DownloaderStats
  at 850 and the archive middleware at 950, so a 304 is counted in
  ``downloader/response_count`` and archived before it is turned away) skips an article request
  whose sitemap ``lastmod`` is older than our last visit, makes the other known article
  requests conditional (``If-None-Match`` / ``If-Modified-Since``), and ends a 304 answer
  there: the exchange is in the WARC, there is nothing new to parse.
- :class:`IncrementalItemPipeline` drops an item whose ``content_sha256`` (title and body) equals
  the last one emitted for its URL, so a page whose ads or sidebar changed yields no item.

Article requests are the ones :meth:`crawler.spiders.base.NewsSpider.article_request` makes
(``discovered_by`` in their meta); sitemaps and feeds are always fetched in full, since a 304
would leave nothing to discover from. A full crawl (``-a full=1`` or
``ARCHIVE_INCREMENTAL=False``) does none of this but still records what it sees.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem, IgnoreRequest

from pipelines.session import ArchiveSession

logger = logging.getLogger(__name__)

CONDITIONAL = "incremental_conditional"  # request meta: we added validators to this request
CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class Unchanged(IgnoreRequest):
    """An article request ended because the page did not change (counted, not an error)."""


class NotModified(Unchanged):
    """The server answered 304 to a conditional request."""


class SessionComponent:
    """A Scrapy component that works on the crawl's archive session (and so its state)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.session = ArchiveSession.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class IncrementalMiddleware(SessionComponent):
    """Skips, or makes conditional, requests for article pages the state already knows."""

    def process_request(self, request):
        state = self.session.state
        if state is None or not state.incremental or "discovered_by" not in request.meta:
            return None
        if request.meta.pop(CONDITIONAL, False):  # copied over by a redirect or a retry
            for name in CONDITIONAL_HEADERS:
                request.headers.pop(name, None)
        entry = state.get(request.url)
        if entry is None:
            return None
        lastmod = request.meta.get("lastmod")
        if lastmod:
            unchanged = state.unchanged_since_visit(request.url, lastmod)
            if unchanged is None:
                self.stats.inc_value("incremental/lastmod_unreadable")
                logger.warning("Unreadable sitemap lastmod %r for %s: fetched", lastmod, request.url)
            elif unchanged:
                self.stats.inc_value("incremental/skipped/lastmod")
                logger.debug("Not modified since %s (sitemap lastmod %s): %s", entry.visited, lastmod, request.url)
                raise Unchanged(f"sitemap lastmod {lastmod} older than the last visit: {request.url}")
        if entry.etag:
            request.headers[b"If-None-Match"] = entry.etag
        if entry.last_modified:
            request.headers[b"If-Modified-Since"] = entry.last_modified
        if entry.etag or entry.last_modified:
            request.meta[CONDITIONAL] = True
            self.stats.inc_value("incremental/conditional_requests")
        return None

    def process_response(self, request, response):
        if response.status == 304 and request.meta.get(CONDITIONAL):
            self.stats.inc_value("incremental/not_modified")
            logger.debug("Not modified (304): %s", request.url)
            raise NotModified(f"not modified: {request.url}")
        return response


class IncrementalItemPipeline(SessionComponent):
    """Emits an article only when it is new or its title or body changed."""

    def process_item(self, item):
        state = self.session.state
        if state is None or not item.get("content_sha256"):
            return item
        verdict = state.item_verdict(item["url"], item["content_sha256"])
        self.stats.inc_value(f"incremental/items/{verdict}")
        if verdict == "unchanged" and state.incremental:
            raise DropItem(f"unchanged since the last crawl: {item['url']}", log_level="DEBUG")
        state.emitted(item["url"], item["content_sha256"])
        return item

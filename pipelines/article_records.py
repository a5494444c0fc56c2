"""A WARC ``metadata`` record per article, so the archive explains the dataset built from it.

Written when an article item has been scraped (passed validation and was written), next to
the response it came from (``WARC-Concurrent-To`` its response record): the item id
(``content_sha256``), the crawler and schema versions that extracted it, and the page's
outlinks, as ``application/warc-fields`` lines. A replayed response is not archived again, so neither is its metadata.
"""

from __future__ import annotations

import logging
from importlib import metadata

from scrapy import signals

from crawler.items import SCHEMA_VERSION
from crawler.outlinks import outlinks
from crawler.parsepool import ParsePool
from crawler.replay import REPLAYED
from pipelines.session import ArchiveSession

logger = logging.getLogger(__name__)


def extraction_version() -> str:
    try:
        return f"defense-news-crawler/{metadata.version('defense-news-crawler')}"
    except metadata.PackageNotFoundError:
        return "defense-news-crawler/unknown"


class ArticleRecords:
    def __init__(self, crawler):
        self.crawler = crawler
        self.session = ArchiveSession.of(crawler)
        self.version = extraction_version()
        # outlinks found where the page is parsed, with the extraction (crawler.parsepool)
        ParsePool.of(crawler).wants_outlinks = self.archives
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @staticmethod
    def archives(response) -> bool:
        """A replayed response is not archived again, so neither is its metadata."""
        return REPLAYED not in response.flags

    def item_scraped(self, item, response, spider) -> None:
        pointer = item.get("warc")
        if not pointer or not self.archives(response) or not hasattr(response, "css"):
            return
        fields = [
            ("item-id", item.get("content_sha256") or item["url"]),
            ("canonical-url", item.get("canonical_url") or ""),
            ("schema-version", str(SCHEMA_VERSION)),
            ("extraction-version", self.version),
            ("spider", spider.name),
        ]
        try:
            self.session.warc.write_metadata(item["url"], pointer["record_id"], fields, outlinks(response))
        except Exception as exc:  # loud, like any lost record
            self.crawler.stats.inc_value("archive/warc/write_errors")
            self.session.problem(f"WARC metadata write failed for {item['url']}: {exc!r}")
            return
        self.crawler.stats.inc_value("archive/warc/metadata")

"""Keep the garbage collector off the objects that live as long as the process.

Scrapy, Twisted, lxml, dateparser and the spiders leave ~130,000 objects behind at start-up
(modules, classes, tables). Every full collection walked all of them again: ~130 ms each, a
millisecond of CPU per article over a crawl, and pauses that hold the reactor (bench/).
``gc.freeze()`` once the spider is open moves them to a permanent generation; what the crawl
itself allocates is collected as before.

The youngest generation is also collected every ``YOUNG_THRESHOLD`` allocations instead of
every 700: a page allocates tens of thousands of short-lived objects, and the 345 young
collections of a 1,000-article crawl took 0.26 s (a quarter of a millisecond per article,
bench/). Nearly all of a page's objects die by reference counting, not by collection.
"""

from __future__ import annotations

import gc
import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

YOUNG_THRESHOLD = 20_000


def freeze_startup_objects() -> int:
    """Freeze what exists now and collect the youngest generation less often; objects frozen."""
    gc.collect()
    gc.freeze()
    young, older, oldest = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), older, oldest)
    return gc.get_freeze_count()


class FreezeStartupObjects:
    def __init__(self, crawler):
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ARCHIVE_GC_FREEZE", True):
            raise NotConfigured("ARCHIVE_GC_FREEZE is off")
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        logger.debug("Garbage collector: %d start-up objects frozen", freeze_startup_objects())

"""The ``floor`` run's spider: the opsintels crawl with nothing done to an article page.

Same discovery (sitemaps, feed, sections), same requests, downloads and decompression, but
``parse_article`` returns at once: no parse, no extraction, no item. Its CPU per page is what
Scrapy itself costs on this site and machine, the part of every other run our code cannot
remove (``python -m bench.run --runs floor``).
"""

from __future__ import annotations

from crawler.spiders.opsintels import OpsIntelsSpider


class FloorSpider(OpsIntelsSpider):
    name = "opsintels-floor"

    def parse_article(self, response):
        self.crawler.stats.inc_value("bench/floor/article_pages")
        return ()

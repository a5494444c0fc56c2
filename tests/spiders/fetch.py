"""A test-only spider that fetches the URLs it is given, through the project's full stack.

``scrapy crawl fetch -a urls=URL,URL -s SPIDER_MODULES=tests.spiders`` archives each exchange
exactly as the news spiders do (same settings, middlewares, session), without discovery.
"""

import scrapy


class FetchSpider(scrapy.Spider):
    name = "fetch"

    def __init__(self, *args, urls: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = [u for u in urls.split(",") if u]

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response):
        self.crawler.stats.inc_value("fetch/parsed")

    def failed(self, failure):
        self.crawler.stats.inc_value("fetch/failed")

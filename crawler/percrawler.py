"""Components that every part of one crawl shares: made on first use, kept on the crawler.

The archive session and the extraction pool are reached from a spider, middlewares, pipelines
and extensions alike; whichever asks first creates the crawl's one instance."""

from __future__ import annotations

from typing import Self


class OnePerCrawler:
    #: the crawler attribute that holds the instance
    crawler_attr: str = ""

    @classmethod
    def of(cls, crawler) -> Self:
        """The crawler's instance, created on first use."""
        instance = getattr(crawler, cls.crawler_attr, None)
        if instance is None:
            instance = cls(crawler)
            setattr(crawler, cls.crawler_attr, instance)
        return instance

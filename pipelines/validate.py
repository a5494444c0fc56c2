"""Validate every article against the JSON Schema before it is written.

An invalid article is dropped with a logged reason and counted
(``article/dropped/invalid``), never written half-right and never lost silently.
"""

from __future__ import annotations

from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem

from crawler.items import article_schema


class ValidationPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.validator = Draft202012Validator(article_schema())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        errors = sorted(self.validator.iter_errors(dict(item)), key=lambda e: list(e.path))
        if errors:
            self.crawler.stats.inc_value("article/dropped/invalid")
            first = errors[0]
            where = "/".join(map(str, first.path)) or "(item)"
            raise DropItem(f"invalid article {item.get('url')}: {where}: {first.message}")
        return item

"""Validate every article against the JSON Schema before it is written.

Spidermon's ``ItemValidationPipeline`` does the validation (so its ``spidermon/validation/*``
stats feed ``ItemValidationMonitor``), with the project's schema always loaded, whatever the
``SPIDERMON_*`` settings say. An invalid article is dropped with a logged reason naming its URL
and the first failing field, and counted (``article/dropped/invalid``), never written
half-right and never lost silently (Spidermon's own drop says only "Validation failed!").
"""

from __future__ import annotations

from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator

from crawler.items import article_schema


class ValidationPipeline(ItemValidationPipeline):
    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(validators={"Item": [JSONSchemaValidator(article_schema())]},
                       stats=crawler.stats, drop_items_with_errors=True)
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item):
        return super().process_item(item)

    def _drop_item(self, item, errors):
        self.stats.add_dropped_item()
        self.crawler.stats.inc_value("article/dropped/invalid")
        where, messages = min(errors.items())
        raise DropItem(f"invalid article {item.get('url')}: {where or '(item)'}: {messages[0]}")

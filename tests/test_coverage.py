"""Field coverage counted in a dict (crawler.coverage) gives the stats Spidermon's own counting gives."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from spidermon.contrib.scrapy.extensions import Spidermon

from crawler.coverage import FieldCounts
from crawler.quality import QualityGate

ENABLED = {"SPIDERMON_ENABLED": True}
ITEMS = [
    {"title": "A", "authors": ["X"], "body": "text", "published_at": None, "tags": [],
     "warc": {"filename": "a.warc.gz", "offset": 0, "length": 10, "extra": {"deep": 1, "none": None}},
     "lead_image": {"url": "u", "caption": "", "credit": "N/A"}, "section": "-", "word_count": 0,
     "flag": False},
    {"title": "B", "authors": [], "body": "", "published_at": "2024-01-01", "tags": ["t"],
     "warc": {"filename": "b.warc.gz", "offset": 5, "length": 0}, "lead_image": None, "word_count": 3},
    {"title": "", "url": "https://example.com/c", "warc": {}},
]


def spidermon_stats(settings: dict, items) -> dict:
    crawler = get_crawler(Spider, {**ENABLED, **settings})
    crawler.spider = Spider("t")
    crawler.spider.crawler = crawler
    gate = Spidermon(crawler)
    crawler.stats.open_spider()
    for item in items:
        gate.item_scraped(item, None, crawler.spider)
    return crawler.stats.get_stats()


def counted_stats(settings: dict, items) -> dict:
    crawler = get_crawler(Spider, {**ENABLED, **settings})
    counts = FieldCounts.of(Spidermon(crawler), crawler.settings)
    crawler.stats.open_spider()
    for item in items:
        counts.add(item)
    counts.flush(crawler.stats)
    return crawler.stats.get_stats()


@pytest.mark.parametrize("settings", [
    {},
    {"SPIDERMON_FIELD_COVERAGE_SKIP_NONE": True},
    {"SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": False},
    {"SPIDERMON_FIELD_COVERAGE_SKIP_FALSY": False, "SPIDERMON_FIELD_COVERAGE_SKIP_VALUES": []},
    {"SPIDERMON_FIELD_COVERAGE_SKIP_VALUES": '["-", 0]'},
])
def test_counts_are_spidermons(settings):
    expected = spidermon_stats(settings, ITEMS)
    assert expected["spidermon_item_scraped_count/dict/warc/extra/deep"] == 1  # nested dicts are counted
    assert counted_stats(settings, ITEMS) == expected


def test_levels_counted_differently_are_left_to_spidermon():
    for settings in ({"SPIDERMON_LIST_FIELDS_COVERAGE_LEVELS": 1},
                     {"SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS": 0},
                     {"SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS": {"warc": 0}}):
        crawler = get_crawler(Spider, {**ENABLED, **settings})
        assert FieldCounts.of(Spidermon(crawler), crawler.settings) is None


def test_a_flush_adds_each_count_once():
    crawler = get_crawler(Spider, ENABLED)
    counts = FieldCounts.of(Spidermon(crawler), crawler.settings)
    crawler.stats.open_spider()
    counts.add({"title": "A"})
    counts.flush(crawler.stats)
    counts.flush(crawler.stats)
    assert crawler.stats.get_value("spidermon_item_scraped_count/dict/title") == 1


def test_the_gate_counts_in_its_dict(tmp_path):
    crawler = get_crawler(Spider, {**ENABLED, "ARCHIVE_URI": str(tmp_path / "store"), "ARCHIVE_SPOOL_DIR": str(tmp_path / "spool")})
    gate = QualityGate.from_crawler(crawler)
    gate.item_scraped({"title": "A", "body": ""}, None, None)
    assert gate.field_counts.counts == {"spidermon_item_scraped_count": 1, "spidermon_item_scraped_count/dict": 1,
                                        "spidermon_item_scraped_count/dict/title": 1}

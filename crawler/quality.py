"""Quality gates: Spidermon monitors whose failures turn the crawl red, in the manifest too.

Spidermon runs its close monitors on ``spider_closed``, and so does the archive session when it
writes the manifest; Scrapy calls those handlers in connection order, which no extension
controls. :class:`QualityGate` is Spidermon's extension with its ``spider_closed`` handler left
empty: the session runs the close monitors itself (:meth:`ArchiveSession.before_manifest`),
after the files are closed and before the manifest is written. A failed monitor becomes one
``quality gate failed: …`` problem: one log line, ``ok: false`` in the manifest, exit status 1.

Thresholds are settings (``SPIDERMON_MIN_ITEMS``, ``SPIDERMON_MAX_ERRORS``,
``SPIDERMON_EXPECTED_FINISH_REASONS``, ``SPIDERMON_FIELD_COVERAGE_RULES``,
``SPIDERMON_MAX_ITEM_VALIDATION_ERRORS``, ``ARCHIVE_MAX_FALLBACK_RATE``); a site spider
overrides them in its ``custom_settings``.
"""

from __future__ import annotations

import logging
import re

from spidermon import Action, MonitorSuite, monitors
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.contrib.scrapy.monitors import (
    ErrorCountMonitor,
    FieldCoverageMonitor,
    FinishReasonMonitor,
    ItemValidationMonitor,
)
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.utils.field_coverage import calculate_field_coverage

from crawler.coverage import FieldCounts
from pipelines.session import ArchiveSession

# Fields whose fallback counter has another name (the body's chain fills body_paragraphs).
FALLBACK_STAT = {"body": "body_paragraphs"}


@monitors.name("Fallback rate")
class FallbackRateMonitor(BaseScrapyMonitor):
    """Fields filled by a fallback source too often: the site's markup has changed.

    The extraction chain degrades (site rules -> JSON-LD / Open Graph -> trafilatura) instead
    of leaving a field empty, so coverage alone does not see a redesign; the rate of
    ``article/fallback/<field>`` per extracted article does.
    """

    def test_fallback_rates_within_limits(self):
        limits = self.crawler.settings.getdict("ARCHIVE_MAX_FALLBACK_RATE")
        articles = self.data.stats.get("article/extracted", 0)
        if not articles:
            self.skipTest("no article extracted")
        failures = []
        for name, limit in limits.items():
            used = self.data.stats.get(f"article/fallback/{FALLBACK_STAT.get(name, name)}", 0)
            if used / articles > float(limit):
                failures.append(f"{name} came from a fallback in {used}/{articles} articles "
                                f"({used / articles:.0%} > {float(limit):.0%})")
        self.assertFalse(failures, "; ".join(failures) + " (has the article template changed?)")


# What shows a crawl reached articles: emitted, or known unchanged by an incremental crawl.
ARTICLES_SEEN_STATS = ("item_scraped_count", "incremental/items/unchanged", "incremental/not_modified",
                       "incremental/skipped/lastmod")


@monitors.name("Extracted Items Monitor")
class ArticlesSeenMonitor(BaseScrapyMonitor):
    """At least SPIDERMON_MIN_ITEMS articles reached: an incremental run that finds nothing
    new still saw the site's articles (304s, unchanged items, lastmod skips)."""

    def test_minimum_number_of_articles(self):
        minimum = self.crawler.settings.getint("SPIDERMON_MIN_ITEMS", 1)
        seen = sum(self.data.stats.get(name, 0) or 0 for name in ARTICLES_SEEN_STATS)
        self.assertGreaterEqual(seen, minimum, f"{seen} articles emitted or found unchanged, "
                                               f"expected at least {minimum}")


def failure_message(error: str) -> str:
    """The assertion message of a failed monitor, on one line, without the traceback."""
    _, _, message = error.rpartition("AssertionError:")
    message = message or error.strip().splitlines()[-1]
    message = message.replace("The following items did not meet field coverage rules:", "")
    return re.sub(r"\s+", " ", message).strip()


class RecordFailures(Action):
    """Turns every failed monitor into a problem of the crawl (exit status, manifest)."""

    def run_action(self):
        session = ArchiveSession.of(self.data.crawler)
        for failed in self.result.monitors_failed_results:
            session.problem(f"quality gate failed: {failed.item.monitor_name}: {failure_message(failed.error)}")


class CloseMonitors(MonitorSuite):
    """What every crawl must meet at close (``SPIDERMON_SPIDER_CLOSE_MONITORS``)."""

    monitors = [
        ArticlesSeenMonitor,
        FinishReasonMonitor,
        ErrorCountMonitor,
        ItemValidationMonitor,
        FieldCoverageMonitor,
        FallbackRateMonitor,
    ]
    monitors_failed_actions = [RecordFailures]


class OneLineResult(SpiderMonitorResult):
    """Spidermon's log of a run, without the traceback of each failure: RecordFailures
    reports every failure in one line."""

    def write_errors(self):
        pass

    def log(self, msg, level=logging.DEBUG):
        self.spider.logger.log(level, "[Spidermon] %s", msg)  # Spider.log() is deprecated


class OneLineRunner(SpiderMonitorRunner):
    def create_result(self):
        return OneLineResult(self.spider)


class QualityGate(Spidermon):
    """Spidermon, with its close monitors run by the archive session before the manifest."""

    @classmethod
    def from_crawler(cls, crawler):
        gate = super().from_crawler(crawler)
        gate.field_counts = FieldCounts.of(gate, crawler.settings)
        ArchiveSession.of(crawler).before_manifest(gate.run_close_monitors)
        return gate

    def item_scraped(self, item, response, spider):
        """Field coverage counted in a dict (crawler.coverage), added to the stats at close."""
        if self.field_counts is None:
            return super().item_scraped(item, response, spider)
        self.field_counts.add(item)

    def spider_closed(self, spider):
        """Signal handler left empty on purpose: see :meth:`run_close_monitors`."""

    def run_close_monitors(self, spider, reason: str) -> None:
        """What Spidermon does on spider_closed (field coverage, close suites), in our order."""
        stats = self.crawler.stats
        if self.field_counts is not None:
            self.field_counts.flush(stats)
        for name, value in calculate_field_coverage(stats.get_stats()).items():
            stats.set_value(name, value)
        data = {"stats": stats.get_stats(), "stats_history": getattr(spider, "stats_history", []),
                "crawler": self.crawler, "spider": spider, "sc_spider_name": spider.name, "job": None}
        for suite in self.spider_closed_suites:
            OneLineRunner(spider=spider).run(suite, **data)
        for task in self.periodic_tasks.pop(spider, []):
            task.stop()

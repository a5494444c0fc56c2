"""Scale-out: N workers share one frontier on Redis (scrapy-redis) and one crawl id.

With ``REDIS_URL`` set, the :class:`SharedFrontier` add-on switches the scheduler to
scrapy-redis's (a shared request queue) and the duplicate filter to
:class:`RedisCanonicalDupeFilter`: scrapy-redis 0.9.1's own filter fingerprints URLs with
w3lib's ``canonicalize_url``, so it is subclassed (its public ``request_fingerprint`` /
``request_seen``) to use the project's fingerprinter (:mod:`crawler.dupefilter`: tracking
parameters, slash and scheme ignored) and its redirect rule. Our spiders keep their own
``async def start()``; scrapy-redis's ``RedisSpider`` (start URLs from Redis, no async start in
0.9.1) is not used: every worker yields the same discovery requests, the shared filter lets
the first through.

Keys live under ``{ARCHIVE_CRAWL_ID}:{spider}:…`` and persist while workers come and go; every
worker writes uniquely named files (``{spider}-{worker}-…``) and its own manifest part
``manifest-{worker}.json`` under the shared crawl prefix. The worker whose part makes
``ARCHIVE_WORKERS`` parts writes ``manifest.json`` (the crawl's one commit marker: every part's
files, ok only when every part is) and deletes the crawl's Redis keys.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from datetime import datetime, timezone

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter

from crawler.dupefilter import redirected_to_itself
from pipelines.manifest import MANIFEST_NAME, write_manifest
from pipelines.session import ArchiveSession

logger = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname().split('.')[0] or 'localhost'}-{os.getpid()}"


# Add-on priority (15) is below the project's settings (20) that these replace, such as
# DUPEFILTER_CLASS; "project" overrides them and still yields to -s on the command line.
PRIORITY = "project"


class SharedFrontier:
    """Scrapy add-on: configures the shared frontier when ``REDIS_URL`` is set, else nothing."""

    def update_settings(self, settings):
        if not settings.get("REDIS_URL"):
            return
        crawl_id = settings.get("ARCHIVE_CRAWL_ID")
        if not crawl_id:  # checked with a clear message by the crawl command
            return
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", PRIORITY)
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue", PRIORITY)
        settings.set("DUPEFILTER_CLASS", "crawler.frontier.RedisCanonicalDupeFilter", PRIORITY)
        settings.set("SCHEDULER_PERSIST", True, PRIORITY)  # one worker leaving must not flush the rest
        settings.set("SCHEDULER_QUEUE_KEY", f"{crawl_id}:%(spider)s:requests", PRIORITY)
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{crawl_id}:%(spider)s:dupefilter", PRIORITY)
        if not settings.get("ARCHIVE_WORKER_ID"):
            settings.set("ARCHIVE_WORKER_ID", default_worker_id(), PRIORITY)
        # A worker's share may hold no article: "no article" and minimum counts are judged on
        # the union, when the last part commits the crawl (FrontierCommit).
        settings.set("ARCHIVE_REQUIRE_ARTICLES", False, PRIORITY)
        settings.set("SPIDERMON_MIN_ITEMS", 0, PRIORITY)
        settings.set_in_component_priority_dict("EXTENSIONS", FrontierCommit, 200)


class RedisCanonicalDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared filter, with the project's fingerprints and redirect rule."""

    fingerprinter = None

    @classmethod
    def from_spider(cls, spider):
        dupefilter = super().from_spider(spider)
        dupefilter.fingerprinter = spider.crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request):
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request):
        if redirected_to_itself(request):
            return False
        return super().request_seen(request)


class FrontierCommit:
    """Keeps an idle worker while others may still add requests; commits the crawl if last.

    scrapy-redis closes a worker as soon as the shared queue is empty, even while another
    worker is about to add requests (its RedisSpider instead never closes, or closes after a
    fixed idle time). Here every worker records its state (busy / idle / closed) in a Redis
    hash; an idle worker leaves only when the queue is empty, all ``ARCHIVE_WORKERS`` workers
    have joined and none is busy. Scrapy re-checks an idle spider every few seconds.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.settings = crawler.settings
        self.server = redis.Redis.from_url(crawler.settings.get("REDIS_URL"), decode_responses=True)
        self.session = ArchiveSession.of(crawler)
        self.session.after_manifest(self.part_stored)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.busy, signal=signals.request_reached_downloader)
        self.session.before_manifest(self.leaving)
        self.worker = crawler.settings.get("ARCHIVE_WORKER_ID")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.spider_name = spider.name
        self.crawler.stats.set_value("item_scraped_count", 0)  # a worker's share may be empty
        self.server.hset(self.key("workers"), self.worker, "busy")

    def busy(self, request, spider):
        self.server.hset(self.key("workers"), self.worker, "busy")

    def spider_idle(self, spider):
        self.server.hset(self.key("workers"), self.worker, "idle")
        workers = self.server.hgetall(self.key("workers"))
        queued = self.server.zcard(self.key("requests"))
        everyone = len(workers) >= self.settings.getint("ARCHIVE_WORKERS", 1)
        if queued or not everyone or any(state == "busy" for state in workers.values()):
            raise DontCloseSpider

    def leaving(self, spider, reason):
        self.server.hset(self.key("workers"), self.worker, "closed")

    def key(self, name: str) -> str:
        return f"{self.settings.get('ARCHIVE_CRAWL_ID')}:{self.spider_name}:{name}"

    def keys(self) -> list[str]:
        return [self.key(name) for name in ("requests", "dupefilter", "parts", "workers")]

    def part_stored(self, manifest: dict, key: str) -> None:
        parts_key = self.key("parts")
        done = self.server.rpush(parts_key, key)
        expected = self.settings.getint("ARCHIVE_WORKERS", 1)
        logger.info("Manifest part %d of %d stored: %s", done, expected, key)
        if done < expected:
            return
        keys = self.server.lrange(parts_key, 0, -1)
        parts = [json.loads(self.session.store.read_bytes(k)) for k in keys]
        combined = combine_parts(parts, keys)
        key = manifest["prefix"] + MANIFEST_NAME
        path = self.session.spool_dir / key
        write_manifest(combined, path)
        self.session.store.put(path, key)
        path.unlink()
        self.server.delete(*self.keys())
        if not combined["ok"]:
            self.session.problem(f"crawl {combined['crawl_id']} committed as failed: {'; '.join(combined['problems'])}")
        logger.info("Crawl %s committed by %d worker(s): %s", combined["crawl_id"], len(parts), key)


def combine_parts(parts: list[dict], keys: list[str]) -> dict:
    """One manifest for the whole crawl from its workers' parts."""
    files = sorted((f for p in parts for f in p["files"]), key=lambda f: f["key"])
    problems = [f"{p['worker']}: {problem}" for p in parts for problem in p["problems"]]
    items = sum(p["counts"]["items"] for p in parts)
    if not items:
        problems.append("no article in any worker's share")
    first = parts[0]
    return {
        "manifest_version": first["manifest_version"],
        "crawl_id": first["crawl_id"],
        "spider": first["spider"],
        "site": first["site"],
        "prefix": first["prefix"],
        "started_at": min(p["started_at"] for p in parts),
        "finished_at": max(p["finished_at"] for p in parts),
        "committed_at": datetime.now(timezone.utc).isoformat(),
        "schema_version": first["schema_version"],
        "ok": not problems,
        "problems": problems,
        "parts": [{"worker": p["worker"], "key": k, "ok": p["ok"], "finish_reason": p["finish_reason"],
                   "counts": p["counts"]} for p, k in zip(parts, keys)],
        "counts": {name: sum(p["counts"][name] for p in parts) for name in first["counts"]},
        "files": files,
    }

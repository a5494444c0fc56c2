"""One crawl's archive session: crawl id, spool, writers, store and manifest.

Registered as an extension, and shared with the archive middleware and the item pipelines
through :meth:`ArchiveSession.of`, so that one object owns every file a crawl writes and can
write the manifest after all of them are stored.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler import logfilters
from crawler.items import SCHEMA_VERSION
from crawler.percrawler import OnePerCrawler
from pipelines.crawlstats import STATS_NAME, format_counts, summary_fields, write_stats
from pipelines.jsonl import JsonLinesWriter
from pipelines.manifest import MANIFEST_NAME, build_manifest, write_manifest
from pipelines.recovery import NOT_STORED, CrawlLock, RecoveryReport, recover, remove_empty_dirs
from pipelines.spool import ClosedFile, RollingFile
from pipelines.state import CrawlState, open_state, save_state
from pipelines.store import StoreError, open_store
from pipelines.uploader import Upload, Uploader
from pipelines.warc import WarcWriter

logger = logging.getLogger(__name__)

OK_FINISH_REASONS = {"finished", "closespider_timeout", "closespider_itemcount", "closespider_pagecount"}


def new_crawl_id(now: datetime) -> str:
    """Sortable by time, unique across machines: ``20261127T183430Z-1a2b3c4d``."""
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def crawl_date(crawl_id: str, default: datetime) -> datetime:
    """The start time a crawl id carries (workers sharing one id share its date), else ``default``."""
    try:
        return datetime.strptime(crawl_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return default


def crawl_prefix(site: str, crawl_id: str, now: datetime) -> str:
    """The dataset layout: ``{site}/{yyyy}/{mm}/{dd}/{crawl_id}/``."""
    return f"{site}/{now:%Y/%m/%d}/{crawl_id}/"


class ArchiveSession(OnePerCrawler):
    crawler_attr = "_archive_session"

    def __init__(self, crawler):
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.store = open_store(self.settings.get("ARCHIVE_URI"), self.settings)
        self.spool_dir = Path(self.settings.get("ARCHIVE_SPOOL_DIR")).resolve()
        self.files: list[ClosedFile] = []
        self.problems: list[str] = []
        self.warc: WarcWriter | None = None
        self.items: JsonLinesWriter | None = None
        self.crawl_id: str | None = None
        self.manifest_key: str | None = None
        self.uploader = Uploader(self.store, self.settings.getint("ARCHIVE_UPLOAD_WORKERS", 2))
        self.recovery = None
        self.stats_lock = threading.Lock()
        self.unstored: list[Upload] = []
        self.lock: CrawlLock | None = None
        self.closing_hooks: list = []
        self.manifest_hooks: list = []
        self.worker_id: str | None = None
        self.state: CrawlState | None = None
        logfilters.install()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls.of(crawler)

    # -- lifecycle ---------------------------------------------------------------------------

    def spider_opened(self, spider) -> None:
        self.started_at = datetime.now(timezone.utc)
        self.spider_name = spider.name
        self.site = getattr(spider, "site", None) or spider.name
        # ARCHIVE_CRAWL_ID: workers of one shared crawl (crawler/frontier.py) share its prefix.
        self.crawl_id = self.settings.get("ARCHIVE_CRAWL_ID") or new_crawl_id(self.started_at)
        self.worker_id = self.settings.get("ARCHIVE_WORKER_ID") or None
        self.prefix = crawl_prefix(self.site, self.crawl_id, crawl_date(self.crawl_id, self.started_at))
        self.stats.set_value("archive/crawl_id", self.crawl_id)
        self.lock = CrawlLock(self.spool_dir / self.prefix)
        self.lock.acquire()
        self.recovery = self.uploader.background(self.start_storage)
        self.state = open_state(self.store, self.site, self.settings, spider, self.stats)
        warc_prefix = self.settings.get("ARCHIVE_WARC_PREFIX") or spider.name
        if self.worker_id:
            warc_prefix = f"{warc_prefix}-{self.worker_id}"
        self.warc = WarcWriter(
            RollingFile(
                self.spool_dir, self.prefix + "warc/", warc_prefix, ".warc.gz", "warc",
                on_close=self.file_closed,
                max_bytes=self.settings.getint("ARCHIVE_WARC_MAX_SIZE"),
                background=self.seal_in_background,
            ),
            info=self.warcinfo(spider),
        )
        self.items = JsonLinesWriter(
            RollingFile(
                self.spool_dir, self.prefix + "items/", warc_prefix, ".jsonl.gz", "items",
                on_close=self.file_closed,
                max_records=self.settings.getint("ARCHIVE_ITEMS_MAX_ITEMS"),
                background=self.seal_in_background,
            )
        )
        logger.info("Crawl %s: archiving into %s (spool %s)", self.crawl_id, self.store, self.spool_dir)

    def warcinfo(self, spider) -> dict:
        """What the archive says about its own making; no settings dump, so no secrets."""
        from scrapy import __version__ as scrapy_version

        return {
            "software": f"defense-news-crawler/0.1 (Scrapy {scrapy_version})",
            "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "http-header-user-agent": self.settings.get("USER_AGENT"),
            "robots": "obey" if self.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "isPartOf": self.crawl_id,
            "operator": self.settings.get("ARCHIVE_CONTACT_URL"),
            "description": f"{spider.name} crawl {self.crawl_id}",
        }

    def seal_in_background(self, job, key: str) -> None:
        """Seal a closed spool file (fsync, rename, CDXJ index, then :meth:`file_closed`) in the
        uploader's side thread: one job at a time, in order, and the crawl's close waits for them
        (``uploader.wait``) before anything reads ``files``. A failure turns the crawl red; the
        file stays in the spool for ``scrapy recover``/``upload``."""
        def run() -> None:
            try:
                job()
            except Exception as exc:
                self.problem(f"closing spool file {key} failed: {exc!r}")

        self.uploader.background(run)

    def file_closed(self, closed: ClosedFile) -> None:
        """A spool file is complete: upload it in the background; it leaves the spool once stored.

        Called from the reactor and from the sealing thread (:meth:`seal_in_background`)."""
        self.files.append(closed)
        with self.stats_lock:
            self.stats.inc_value(f"archive/{closed.kind}_files")
            self.stats.inc_value(f"archive/{closed.kind}_bytes", closed.size)
        self.uploader.submit(closed.path, closed.key, closed.sha256, on_done=self.file_stored)

    def file_stored(self, upload: Upload) -> None:
        """Runs in an upload thread: log and count (stats keys touched only from these threads)."""
        with self.stats_lock:
            if upload.ok:
                self.stats.inc_value("archive/store/uploaded")
                logger.info("Stored %s (%d bytes)", upload.key, upload.size)
                return
            self.stats.inc_value("archive/store/failed")
        self.unstored.append(upload)
        logger.error("Could not store %s; it stays in the spool at %s (`scrapy upload` or the next crawl "
                     "will upload it): %s", upload.key, upload.path, upload.error)

    def start_storage(self) -> RecoveryReport:
        """In the background at crawl start: say at once if the store is down, then upload the
        files earlier crawls left in the spool."""
        try:
            self.store.check()
        except StoreError as exc:
            self.stats.set_value("archive/store/unreachable_at_start", 1)
            logger.error("Store %s is unreachable at crawl start; the crawl goes on and its files stay in the "
                         "spool %s until they can be stored: %s", self.store, self.spool_dir, exc)
        return recover(self.spool_dir, self.uploader, self.prefix)

    def recovered(self, report: RecoveryReport) -> None:
        """What the start-of-crawl spool recovery did for earlier crawls."""
        if report.uploaded:
            self.stats.set_value("archive/store/recovered", len(report.uploaded))
        if report.failed:
            self.stats.set_value("archive/store/recovery_failed", len(report.failed))
            self.problem(f"{len(report.failed)} file(s) left by earlier crawls are still in the spool "
                         f"{self.spool_dir}: {report.failed[0]}")

    def problem(self, message: str) -> None:
        """Something that must turn the crawl red (exit status and manifest)."""
        self.problems.append(message)
        logger.error(message)

    def before_manifest(self, hook) -> None:
        """Run ``hook(spider, reason)`` at close, after the files are closed and before the
        manifest is written, so a check (the quality gate) can still turn the crawl red in it.
        Spider_closed handlers run in connection order, which no extension controls; this
        order is fixed."""
        self.closing_hooks.append(hook)

    def run_closing_hooks(self, spider, reason: str) -> None:
        for hook in self.closing_hooks:
            try:
                hook(spider, reason)
            except Exception as exc:  # a broken check must be loud, never a silent pass
                self.problem(f"closing check {getattr(hook, '__qualname__', hook)} failed to run: {exc!r}")

    def store_stats(self) -> None:
        """``stats.json`` next to the outputs, stored and listed like any other file."""
        key = self.prefix + STATS_NAME
        self.file_closed(write_stats(self.stats.get_stats(), self.spool_dir / key, key))

    async def spider_closed(self, spider, reason: str) -> None:
        for writer in (self.warc, self.items):
            if writer is not None:
                writer.close()
        # Closing hooks (WACZ packing, quality gate) see every file closed and stored.
        await maybe_deferred_to_future(deferToThread(self.uploader.wait))
        if reason not in OK_FINISH_REASONS:
            self.problems.append(f"crawl finished with reason {reason!r}")
        for check in getattr(spider, "closing_checks", lambda: [])():
            self.problem(check)
        self.run_closing_hooks(spider, reason)
        if not self.unstored:  # a state must not point at records missing from the store
            save_state(self)  # before the manifest, which lists it
        self.finished_at = datetime.now(timezone.utc)
        self.stats.set_value("archive/duration_seconds",
                             round((self.finished_at - self.started_at).total_seconds(), 3))
        self.store_stats()
        # Every file is uploaded (or has failed) before the manifest, the commit marker, is written.
        await maybe_deferred_to_future(deferToThread(self.uploader.wait))
        if self.unstored:
            first = self.unstored[0]
            self.problems.append(f"{NOT_STORED} (kept in spool {self.spool_dir}): {len(self.unstored)} of "
                                 f"{len(self.files)} file(s), e.g. {first.key}: {first.error}")
        manifest = build_manifest(
            crawl_id=self.crawl_id,
            spider=self.spider_name,
            site=self.site,
            prefix=self.prefix,
            started_at=self.started_at,
            finished_at=self.finished_at,
            finish_reason=reason,
            schema_version=SCHEMA_VERSION,
            files=self.files,
            stats=self.stats.get_stats(),
            problems=list(self.problems),
        )
        await maybe_deferred_to_future(deferToThread(self.write_manifest, manifest))
        self.uploader.close()
        if self.lock is not None:
            self.lock.release()
            remove_empty_dirs(self.spool_dir / self.prefix, self.spool_dir)
        if self.recovery is not None:  # after the manifest: other crawls' files do not taint this one
            self.recovered(self.recovery.result())
        self.log_summary(manifest)

    def after_manifest(self, hook) -> None:
        """Run ``hook(manifest, key)`` once the manifest (or a worker's part) is stored."""
        self.manifest_hooks.append(hook)

    def write_manifest(self, manifest: dict) -> None:
        key = self.prefix + MANIFEST_NAME
        if self.worker_id:  # one part per worker; the last one writes manifest.json
            manifest["worker"] = self.worker_id
            key = self.prefix + f"manifest-{self.worker_id}.json"
        path = self.spool_dir / key
        write_manifest(manifest, path)
        if any(p.startswith(NOT_STORED) for p in self.problems):
            logger.error("Manifest kept in the spool (%s): some files are not stored yet; run `scrapy upload` "
                         "once the store %s is reachable (the next crawl also does it first)", path, self.store)
            return
        upload = self.uploader.submit(path, key).result()
        if not upload.ok:
            self.problems.append(f"{NOT_STORED}: manifest {key}: {upload.error}")
            logger.error("Could not store the manifest %s; it stays in the spool: %s", key, upload.error)
            return
        self.manifest_key = key
        for hook in self.manifest_hooks:
            try:
                hook(manifest, key)
            except Exception as exc:
                self.problem(f"after storing {key}: {getattr(hook, '__qualname__', hook)} failed: {exc!r}")

    def log_summary(self, manifest: dict) -> None:
        stats = self.stats.get_stats()
        duration = (self.finished_at - self.started_at).total_seconds()
        summary = summary_fields(stats, manifest["counts"]["items"], duration)
        logger.info(
            "Crawl %s summary: %d pages, %d articles, %d bytes archived (%d WARC bytes in %d file(s)), "
            "%.1fs, drops: %s, fallbacks: %s, missing: %s, stored at %s",
            self.crawl_id,
            summary["pages"],
            summary["articles"],
            summary["bytes_archived"],
            stats.get("archive/warc_bytes", 0),
            manifest["counts"]["warc_files"],
            duration,
            format_counts(summary["drops"]),
            format_counts(summary["fallbacks"]),
            format_counts(summary["missing"]),
            f"{self.store}/{self.manifest_key}" if self.manifest_key else "spool only",
        )
        if self.problems:
            logger.error("Crawl %s FAILED: %s", self.crawl_id, "; ".join(self.problems))

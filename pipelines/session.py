"""One crawl's archive session: crawl id, spool, writers, store and manifest.

Registered as an extension, and shared with the archive middleware and the item pipelines
through :meth:`ArchiveSession.of`, so that one object owns every file a crawl writes and can
write the manifest after all of them are stored.
"""

from __future__ import annotations

import logging
import socket
import uuid
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals

from crawler import logfilters
from crawler.items import SCHEMA_VERSION
from pipelines.jsonl import JsonLinesWriter
from pipelines.manifest import MANIFEST_NAME, build_manifest, write_manifest
from pipelines.spool import ClosedFile, RollingFile
from pipelines.state import CrawlState, open_state, save_state
from pipelines.store import StoreError, open_store
from pipelines.warc import WarcWriter

logger = logging.getLogger(__name__)

OK_FINISH_REASONS = {"finished", "closespider_timeout", "closespider_itemcount", "closespider_pagecount"}


def new_crawl_id(now: datetime) -> str:
    """Sortable by time, unique across machines: ``20261127T183430Z-1a2b3c4d``."""
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def crawl_prefix(site: str, crawl_id: str, now: datetime) -> str:
    """The dataset layout: ``{site}/{yyyy}/{mm}/{dd}/{crawl_id}/``."""
    return f"{site}/{now:%Y/%m/%d}/{crawl_id}/"


class ArchiveSession:
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
        self.state: CrawlState | None = None
        logfilters.install()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler) -> "ArchiveSession":
        """The crawler's session, created on first use."""
        session = getattr(crawler, "_archive_session", None)
        if session is None:
            session = crawler._archive_session = cls(crawler)
        return session

    @classmethod
    def from_crawler(cls, crawler):
        return cls.of(crawler)

    # -- lifecycle ---------------------------------------------------------------------------

    def spider_opened(self, spider) -> None:
        self.started_at = datetime.now(timezone.utc)
        self.spider_name = spider.name
        self.site = getattr(spider, "site", None) or spider.name
        self.crawl_id = new_crawl_id(self.started_at)
        self.prefix = crawl_prefix(self.site, self.crawl_id, self.started_at)
        self.stats.set_value("archive/crawl_id", self.crawl_id)
        self.state = open_state(self.store, self.site, self.settings, spider, self.stats)
        warc_prefix = self.settings.get("ARCHIVE_WARC_PREFIX") or spider.name
        self.warc = WarcWriter(
            RollingFile(
                self.spool_dir, self.prefix + "warc/", warc_prefix, ".warc.gz", "warc",
                on_close=self.file_closed,
                max_bytes=self.settings.getint("ARCHIVE_WARC_MAX_SIZE"),
            ),
            info=self.warcinfo(spider),
        )
        self.items = JsonLinesWriter(
            RollingFile(
                self.spool_dir, self.prefix + "items/", warc_prefix, ".jsonl.gz", "items",
                on_close=self.file_closed,
                max_records=self.settings.getint("ARCHIVE_ITEMS_MAX_ITEMS"),
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

    def file_closed(self, closed: ClosedFile) -> None:
        """A spool file is complete: store it, and drop it from the spool only once stored."""
        self.files.append(closed)
        self.stats.inc_value(f"archive/{closed.kind}_files")
        self.stats.inc_value(f"archive/{closed.kind}_bytes", closed.size)
        try:
            stored = self.store.put(closed.path, closed.key)
        except StoreError as exc:
            self.stats.inc_value("archive/store/failed")
            self.problems.append(f"not stored (kept in spool): {closed.key}: {exc}")
            logger.error("Could not store %s; it stays in the spool at %s: %s", closed.key, closed.path, exc)
            return
        if stored.sha256 != closed.sha256:
            self.problems.append(f"checksum mismatch after storing {closed.key}")
            logger.error("Stored %s differs from the spool copy; kept in spool", closed.key)
            return
        closed.path.unlink()
        logger.info("Stored %s (%d bytes, %d records)", closed.key, closed.size, closed.records)

    def problem(self, message: str) -> None:
        """Something that must turn the crawl red (exit status and manifest)."""
        self.problems.append(message)
        logger.error(message)

    def spider_closed(self, spider, reason: str) -> None:
        for writer in (self.warc, self.items):
            if writer is not None:
                writer.close()
        if reason not in OK_FINISH_REASONS:
            self.problems.append(f"crawl finished with reason {reason!r}")
        for check in getattr(spider, "closing_checks", lambda: [])():
            self.problem(check)
        save_state(self)  # before the manifest, which lists it
        self.finished_at = datetime.now(timezone.utc)
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
        self.write_manifest(manifest)
        self.log_summary(manifest)

    def write_manifest(self, manifest: dict) -> None:
        key = self.prefix + MANIFEST_NAME
        path = self.spool_dir / key
        write_manifest(manifest, path)
        if any(p.startswith("not stored") for p in self.problems):
            logger.error("Manifest kept in the spool (%s): some files are not stored yet", path)
            return
        try:
            self.store.put(path, key)
        except StoreError as exc:
            self.problems.append(f"manifest not stored: {exc}")
            logger.error("Could not store the manifest %s; it stays in the spool: %s", key, exc)
            return
        path.unlink()
        self.manifest_key = key

    def log_summary(self, manifest: dict) -> None:
        stats = self.stats.get_stats()
        duration = (self.finished_at - self.started_at).total_seconds()
        logger.info(
            "Crawl %s summary: %d responses, %d articles, %d WARC bytes in %d file(s), %.1fs, stored at %s",
            self.crawl_id,
            stats.get("downloader/response_count", 0),
            manifest["counts"]["items"],
            stats.get("archive/warc_bytes", 0),
            manifest["counts"]["warc_files"],
            duration,
            f"{self.store}/{self.manifest_key}" if self.manifest_key else "spool only",
        )
        if self.problems:
            logger.error("Crawl %s FAILED: %s", self.crawl_id, "; ".join(self.problems))

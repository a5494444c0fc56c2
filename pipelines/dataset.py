"""Reading the archive as a dataset: articles across crawls and sites, latest version per URL.

Only committed crawls are read: a crawl folder is trusted once its ``manifest.json`` exists,
and then only the ``items`` files its manifest lists. A folder without manifest (a crawl that
was interrupted or is still running) is skipped with a warning, never half-read.

De-duplication streams: crawls are read newest first (manifest ``started_at``, then crawl id)
and the first version seen of each article wins, so the only state is the set of article keys
already yielded (a 16-byte digest each) — it grows with the number of distinct articles, not
with the number of crawls or versions, and no article is held in memory after it is yielded.
Within one crawl a URL is fetched once (the dupefilter keys requests by ``canonical_key``); if
two lines of one crawl still share a key, the first line written wins.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Iterator

from crawler.urls import canonical_key
from pipelines.manifest import MANIFEST_NAME
from pipelines.store import Store, StoreError, open_store
from pipelines.upgrade import SchemaVersionError, to_current

logger = logging.getLogger(__name__)

CRAWL_FILE_DIRS = ("warc", "items")


@dataclass(frozen=True)
class Crawl:
    """One committed crawl, as its manifest describes it."""

    manifest_key: str
    manifest: dict

    @property
    def crawl_id(self) -> str:
        return self.manifest["crawl_id"]

    @property
    def site(self) -> str:
        return self.manifest["site"]

    @property
    def started_at(self) -> datetime:
        return parse_time(self.manifest["started_at"])

    @property
    def item_keys(self) -> list[str]:
        return sorted(f["key"] for f in self.manifest.get("files", []) if f.get("kind") == "items")

    @property
    def items(self) -> int:
        return int(self.manifest.get("counts", {}).get("items", 0))


def parse_time(value: str | date | datetime) -> datetime:
    """An aware UTC datetime from ISO 8601 text, a date or a datetime (naive means UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def as_store(store) -> Store:
    """A Store as is; a path or URI (str or PathLike) opened with ``open_store``."""
    return store if isinstance(store, Store) else open_store(str(store))


def crawl_dir(key: str) -> str | None:
    """``site/yyyy/mm/dd/crawl_id/`` of a key written by a crawl, else None."""
    parts = key.split("/")
    if len(parts) >= 6 and (parts[5] in CRAWL_FILE_DIRS or parts[5:] == [MANIFEST_NAME]):
        return "/".join(parts[:5]) + "/"
    return None


def article_key(article: dict) -> str:
    """What makes two lines versions of one article: its canonical URL, else its fetched URL."""
    return cached_canonical_key(article.get("canonical_url") or article["url"])


# The same URLs come back crawl after crawl; canonicalizing is most of the reading time.
cached_canonical_key = lru_cache(maxsize=1 << 16)(canonical_key)


class DatasetReader:
    """Streams articles from a store; ``stats`` counts what was read, skipped and dropped."""

    def __init__(self, store, site: str | None = None, since=None):
        self.store = as_store(store)
        self.site = site
        self.since = parse_time(since) if since is not None else None
        self.stats: Counter = Counter()
        self._crawls: list[Crawl] | None = None

    def crawls(self) -> list[Crawl]:
        """Committed crawls, newest first; uncommitted folders are warned about and skipped."""
        if self._crawls is None:
            self._crawls = sorted(self._find_crawls(), key=lambda c: (c.started_at, c.crawl_id), reverse=True)
        return self._crawls

    def _find_crawls(self) -> Iterator[Crawl]:
        folders, committed = set(), set()
        for key in self.store.list(f"{self.site}/" if self.site else ""):
            folder = crawl_dir(key)
            if folder is None:
                continue
            folders.add(folder)
            if key == folder + MANIFEST_NAME:
                committed.add(folder)
        for folder in sorted(folders - committed):
            self.stats["crawls/uncommitted"] += 1
            logger.warning("Skipping %s%s: no %s (interrupted or still running)", self.store, "/" + folder,
                           MANIFEST_NAME)
        for folder in sorted(committed):
            crawl = self._load(folder + MANIFEST_NAME)
            if crawl is None:
                continue
            if self.site and crawl.site != self.site:
                continue
            if self.since and crawl.started_at < self.since:
                continue
            self.stats["crawls/read"] += 1
            yield crawl

    def _load(self, key: str) -> Crawl | None:
        try:
            crawl = Crawl(key, json.loads(self.store.read_bytes(key)))
            if not (crawl.crawl_id and crawl.site and crawl.started_at):
                raise ValueError("crawl_id, site or started_at is empty")
        except (StoreError, ValueError, KeyError, TypeError) as exc:
            self.stats["crawls/bad_manifest"] += 1
            logger.warning("Skipping crawl with unreadable manifest %s: %s", key, exc)
            return None
        return crawl

    def lines(self, crawl: Crawl) -> Iterator[dict]:
        """A crawl's articles in file order, mapped to the current schema; bad lines are dropped."""
        for key in crawl.item_keys:
            try:
                with self.store.open(key) as stream, gzip.open(stream) as raw:
                    for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), 1):
                        article = self._parse(line, key, number)
                        if article is not None:
                            yield article
            except (StoreError, OSError, EOFError, UnicodeDecodeError) as exc:
                self.stats["articles/dropped/unreadable_file"] += 1
                logger.error("Cannot read (the rest of) %s listed in %s: %s", key, crawl.manifest_key, exc)

    def _parse(self, line: str, key: str, number: int) -> dict | None:
        try:
            return to_current(json.loads(line))
        except SchemaVersionError as exc:
            self.stats["articles/dropped/schema"] += 1
            logger.warning("Dropping %s line %d: %s", key, number, exc)
        except ValueError as exc:
            self.stats["articles/dropped/bad_json"] += 1
            logger.warning("Dropping %s line %d: not JSON (%s)", key, number, exc)
        return None

    def articles(self, latest: bool = True) -> Iterator[dict]:
        """Articles of every committed crawl, newest crawl first; one per article if ``latest``."""
        seen: set[bytes] = set()
        for crawl in self.crawls():
            for article in self.lines(crawl):
                article["crawl_id"] = crawl.crawl_id
                if latest:
                    digest = hashlib.blake2b(article_key(article).encode(), digest_size=16).digest()
                    if digest in seen:
                        self.stats["articles/older_versions"] += 1
                        continue
                    seen.add(digest)
                self.stats["articles/yielded"] += 1
                yield article


def iter_articles(uri, site: str | None = None, since=None, latest: bool = True) -> Iterator[dict]:
    """Articles in a store (path, ``file://`` or ``s3://`` URI), in the current schema.

    ``site`` keeps one site; ``since`` (datetime, date or ISO text; naive means UTC) keeps crawls
    started at or after it; ``latest`` keeps the newest version of each article (by crawl
    start), ``latest=False`` yields every version. Each article gains ``crawl_id``.
    """
    return DatasetReader(uri, site=site, since=since).articles(latest=latest)


def read_range(store: Store, key: str, offset: int, length: int) -> bytes:
    """``length`` bytes at ``offset`` of a stored file.

    Uses the store's own ``read_range`` when it has one (for S3, a ranged GET), else seeks,
    else skips forward through the stream (correct on any store, but reads the bytes before).
    """
    ranged = getattr(store, "read_range", None)
    if ranged is not None:
        return ranged(key, offset, length)
    with store.open(key) as fh:
        if fh.seekable():
            fh.seek(offset)
        else:
            while offset:
                skipped = len(fh.read(min(offset, 1 << 20)))
                if not skipped:
                    raise StoreError(f"{key} ends before offset {offset}")
                offset -= skipped
        return fh.read(length)


def source_record(store, article: dict):
    """The WARC response record an article (or snapshot row) was extracted from (warcio)."""
    from warcio.archiveiterator import ArchiveIterator

    store = as_store(store)
    pointer = article["warc"]
    member = read_range(store, pointer["path"], pointer["offset"], pointer["length"])
    return next(iter(ArchiveIterator(io.BytesIO(member))))

"""One WACZ (Web Archive Collection Zipped, spec 1.1.1) per crawl, for ReplayWeb.page and pywb.

Built at crawl close, before the manifest, from the crawl's stored WARC files and CDXJ indexes:

    archive/NAME.warc.gz          every WARC file of the crawl, byte for byte   (ZIP_STORED)
    indexes/index.cdxj            the per-file CDXJ indexes merged, byte order  (ZIP_STORED)
    pages/pages.jsonl             one line per article: url, title, ts          (ZIP_STORED)
    datapackage.json              every file above with its sha256 and size
    datapackage-digest.json       the sha256 of datapackage.json

Everything is streamed (file to zip entry in chunks, indexes merged with ``heapq.merge``), so
memory does not grow with the archive. Stored entries matter: replay tools read WARC records
and index blocks by offset inside the zip, which compression would make impossible.
The pages list is collected while crawling (one line per article written) in a spool file.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import json
import logging
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from scrapy import signals

from pipelines.spool import OPEN_SUFFIX, ClosedFile
from pipelines.store import file_digest

logger = logging.getLogger(__name__)

WACZ_VERSION = "1.1.1"
CHUNK = 1 << 20
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


@dataclass
class Entry:
    path: str
    sha256: str
    size: int


def _copy_stored(zf: zipfile.ZipFile, name: str, source: BinaryIO) -> Entry:
    """Stream ``source`` into an uncompressed zip entry, hashing as it goes."""
    info = zipfile.ZipInfo(name, date_time=datetime.now(timezone.utc).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    sha, size = hashlib.sha256(), 0
    with zf.open(info, "w", force_zip64=True) as dst:
        while chunk := source.read(CHUNK):
            dst.write(chunk)
            sha.update(chunk)
            size += len(chunk)
    return Entry(name, sha.hexdigest(), size)


class _Lines(io.RawIOBase):
    """A readable byte stream over an iterator of text lines (to stream a merge into a zip)."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buf) < size:
            line = next(self._lines, None)
            if line is None:
                break
            self._buf += line.encode("utf-8")
        out, self._buf = (self._buf, b"") if size < 0 else (self._buf[:size], self._buf[size:])
        return out


def write_wacz(
    path: Path,
    warcs: list[tuple[str, Callable[[], BinaryIO]]],
    indexes: list[Callable[[], BinaryIO]],
    pages: Path | None,
    title: str,
    software: str,
) -> None:
    """Write a WACZ at ``path`` from openers of WARC files (by name) and of sorted CDXJ files."""
    entries: list[Entry] = []
    with zipfile.ZipFile(path, "w", allowZip64=True) as zf:
        for name, opener in warcs:
            with opener() as src:
                entries.append(_copy_stored(zf, f"archive/{name}", src))
        streams = [io.TextIOWrapper(opener(), encoding="utf-8") for opener in indexes]
        try:
            entries.append(_copy_stored(zf, "indexes/index.cdxj", _Lines(heapq.merge(*streams))))
        finally:
            for stream in streams:
                stream.close()
        header = io.BytesIO((json.dumps(PAGES_HEADER) + "\n").encode())
        page_lines = open(pages, "rb") if pages and pages.exists() else io.BytesIO()
        with page_lines:
            entries.append(_copy_stored(zf, "pages/pages.jsonl", _Chain(header, page_lines)))
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title,
            "created": now,
            "modified": now,
            "software": software,
            "resources": [
                {"name": os.path.basename(e.path), "path": e.path, "hash": f"sha256:{e.sha256}", "bytes": e.size}
                for e in entries
            ],
        }
        data = json.dumps(package, indent=2).encode("utf-8")
        zf.writestr("datapackage.json", data, compress_type=zipfile.ZIP_STORED)
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
        zf.writestr("datapackage-digest.json", json.dumps(digest, indent=2), compress_type=zipfile.ZIP_STORED)


class _Chain(io.RawIOBase):
    """Read several binary streams one after the other."""

    def __init__(self, *streams: BinaryIO):
        self._streams = list(streams)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while self._streams:
            data = self._streams[0].read(size)
            if data:
                return data
            self._streams.pop(0)
        return b""


class WaczPackager:
    """Extension: collects the pages list while crawling, packs the WACZ at crawl close."""

    def __init__(self, crawler):
        from pipelines.session import ArchiveSession

        self.crawler = crawler
        self.session = ArchiveSession.of(crawler)
        self.pages_path: Path | None = None
        self.pages = None
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        self.session.before_manifest(lambda spider, reason: self.package())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, response, spider) -> None:
        if self.pages is None:
            self.pages_path = self.session.spool_dir / (self.session.prefix + "pages.jsonl" + OPEN_SUFFIX)
            self.pages_path.parent.mkdir(parents=True, exist_ok=True)
            self.pages = open(self.pages_path, "a", encoding="utf-8")
        page = {"id": item.get("content_sha256") or item["url"], "url": item["url"], "title": item.get("title"),
                "ts": response.meta.get("warc_date") or item.get("crawled_at")}
        self.pages.write(json.dumps(page, ensure_ascii=False) + "\n")

    def package(self) -> None:
        if self.pages is not None:
            self.pages.close()
        warcs = [f for f in self.session.files if f.kind == "warc"]
        try:
            if warcs and self.crawler.settings.getbool("ARCHIVE_WACZ", True):
                self._package(warcs)
        finally:  # the pages list is scratch: never left in the spool for `scrapy upload`
            if self.pages_path is not None:
                self.pages_path.unlink(missing_ok=True)

    def _package(self, warcs: list[ClosedFile]) -> None:
        session, store = self.session, self.session.store
        cdxjs = sorted((f for f in session.files if f.kind == "cdxj"), key=lambda f: f.key)
        # Workers of a shared crawl each pack their own WARCs: one name per worker, or the
        # last worker's WACZ would replace the others' in the store.
        worker = f"-{session.worker_id}" if session.worker_id else ""
        name = f"{session.spider_name}{worker}-{session.crawl_id}.wacz"
        key = f"{session.prefix}wacz/{name}"
        path = session.spool_dir / (key + OPEN_SUFFIX)
        path.parent.mkdir(parents=True, exist_ok=True)
        def source(key: str):
            # A file the store could not take is still in the spool: pack that copy.
            spooled = session.spool_dir / key
            return open(spooled, "rb") if spooled.is_file() else store.open(key)

        try:
            write_wacz(
                path,
                [(f.key.rsplit("/", 1)[-1], lambda k=f.key: source(k)) for f in sorted(warcs, key=lambda f: f.key)],
                [lambda k=f.key: source(k) for f in cdxjs],
                self.pages_path,
                title=f"{session.spider_name} crawl {session.crawl_id}" + (
                    f", worker {session.worker_id}" if session.worker_id else ""),
                software=self.crawler.settings.get("USER_AGENT") or "defense-news-crawler",
            )
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written .open WACZ left behind
            raise
        final = path.with_name(name)
        os.replace(path, final)
        digest = file_digest(final)
        with zipfile.ZipFile(final) as zf:
            pages = max(0, sum(1 for _ in zf.open("pages/pages.jsonl")) - 1)
        session.file_closed(ClosedFile(final, key, digest.size, digest.sha256, pages, "wacz"))
        logger.info("Packed %s: %d WARC file(s), %d pages", key, len(warcs), pages)

"""Re-run a spider over archived WARCs, with no network: ``scrapy crawl SPIDER -a replay=URI``.

The replay is a download handler for http and https: every request the spider makes is
answered from the archive's response record for that URL, exactly as stored (status line,
every header, body still content-encoded), so the whole middleware chain runs as it did live
(HttpCompression decodes, Redirect follows archived 3xx, robots.txt comes from the archive).
Nothing reaches the network; a URL the archive does not hold fails with :class:`NotArchived`.
This re-extracts a whole archive when the loaders improve, and makes archived pages fixtures.

``URI`` is a store (a folder, ``file://`` or ``s3://``) or a part of one (a crawl prefix), or a
single ``.warc.gz`` file. Pass the archive root to keep the items' ``warc.path`` identical to the
live crawl's. Damaged files are reported with file and offset; their intact records and the
other files are still replayed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from io import BytesIO

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url

from pipelines.session import ArchiveSession
from pipelines.store import LocalStore, open_store
from pipelines.warcscan import Damage, Member, scan

logger = logging.getLogger(__name__)

REPLAYED = "replayed"  # response flag: the archive middleware does not archive it again
HANDLER = "crawler.replay.ReplayDownloadHandler"
WARC_SUFFIXES = (".warc.gz",)


class NotArchived(IgnoreRequest):
    """The archive holds no response for this URL."""


def configure(settings, uri: str) -> None:
    """Switch a crawler to replay ``uri``: archive-backed downloads, no politeness delays."""
    settings.set("ARCHIVE_REPLAY", uri, priority="spider")
    settings.set("DOWNLOAD_HANDLERS", {"http": HANDLER, "https": HANDLER}, priority="spider")
    for name, value in {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False}.items():
        settings.set(name, value, priority="spider")


@dataclass
class Capture:
    """Where one archived response record is."""

    path: Path
    key: str
    offset: int
    length: int
    status: int
    record_id: str
    date: str
    rec_type: str
    digest: str | None
    refers_to_uri: str | None = None


def archive_files(uri: str, settings=None, spool: Path | None = None) -> list[tuple[str, Path]]:
    """``(key, local path)`` of every WARC under ``uri``; remote files are copied locally first."""
    local = Path(uri)
    if local.is_file():
        return [(local.name, local)]
    store = open_store(uri, settings)
    keys = [k for k in store.list("") if k.endswith(WARC_SUFFIXES)]
    if isinstance(store, LocalStore):
        return [(k, store.path(k)) for k in keys]
    cache = Path(tempfile.mkdtemp(prefix="replay-", dir=spool))
    out = []
    for key in keys:
        target = cache / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with store.open(key) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        out.append((key, target))
    return out


class ArchiveIndex:
    """URL → archived captures, built by one streaming pass over the WARC files."""

    def __init__(self):
        self.by_url: dict[str, list[Capture]] = {}
        self.by_digest: dict[str, Capture] = {}
        self.damage: list[str] = []
        self.files = 0

    def add_file(self, key: str, path: Path) -> None:
        self.files += 1
        with open(path, "rb") as fh:
            for part in scan(fh):
                if isinstance(part, Damage):
                    where = f"resumed at {part.resumed_at}" if part.resumed_at is not None else "rest of file skipped"
                    self.damage.append(f"{key}: damaged at offset {part.offset}: {part.reason} ({where})")
                    continue
                self._add(key, path, part)

    def _add(self, key: str, path: Path, member: Member) -> None:
        record = member.record()
        if record.rec_type not in ("response", "revisit"):
            return
        headers = record.rec_headers
        capture = Capture(
            path=path, key=key, offset=member.offset, length=member.length,
            status=int(record.http_headers.get_statuscode()) if record.http_headers else 0,
            record_id=headers.get_header("WARC-Record-ID"), date=headers.get_header("WARC-Date"),
            rec_type=record.rec_type, digest=headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI"),
        )
        url = headers.get_header("WARC-Target-URI")
        self.by_url.setdefault(canonicalize_url(url), []).append(capture)
        if record.rec_type == "response" and capture.digest:
            self.by_digest.setdefault(capture.digest, capture)

    def lookup(self, url: str) -> Capture | None:
        """The capture to answer with: the last one that was not a server error, else the last."""
        captures = self.by_url.get(canonicalize_url(url))
        if not captures:
            return None
        ok = [c for c in captures if c.status < 500]
        return (ok or captures)[-1]


def read_record(capture: Capture):
    """The record at a capture's offset, checked on its own."""
    with open(capture.path, "rb") as fh:
        fh.seek(capture.offset)
        data = fh.read(capture.length)
    part = next(scan(BytesIO(data), resync=False), None)
    if not isinstance(part, Member):
        raise NotArchived(f"record {capture.record_id} unreadable in {capture.key} at offset {capture.offset}")
    return part.record()


def scrapy_headers(http) -> Headers:
    """Every value of every header, repeated ones (Set-Cookie) kept as a list."""
    grouped: dict[str, list[str]] = {}
    for name, value in http.headers:
        grouped.setdefault(name, []).append(value)
    return Headers(grouped)


class ReplayDownloadHandler(BaseDownloadHandler):
    """Answers http(s) requests from the archive given by ``ARCHIVE_REPLAY``."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.stats = crawler.stats
        # One handler object per scheme (http, https): they share one index per crawler.
        self.index = getattr(crawler, "_replay_index", None) or self._build_index(crawler)
        crawler._replay_index = self.index

    def _build_index(self, crawler) -> ArchiveIndex:
        session = ArchiveSession.of(crawler)
        uri = crawler.settings.get("ARCHIVE_REPLAY")
        index = ArchiveIndex()
        spool = Path(crawler.settings.get("ARCHIVE_SPOOL_DIR"))
        spool.mkdir(parents=True, exist_ok=True)
        for key, path in archive_files(uri, crawler.settings, spool):
            index.add_file(key, path)
        self.stats.set_value("replay/files", index.files)
        for message in index.damage:
            self.stats.inc_value("replay/damaged")
            session.problem(f"replay: {message}")
        if not index.files:
            session.problem(f"replay: no .warc.gz file found at {uri}")
        logger.info("Replaying %d WARC file(s) from %s: %d URLs", index.files, uri, len(index.by_url))
        return index

    async def download_request(self, request):
        capture = self.index.lookup(request.url)
        if capture is None:
            self.stats.inc_value("replay/not_archived")
            raise NotArchived(f"not in the archive: {request.url}")
        record = read_record(capture)
        body = record.raw_stream.read()
        if capture.rec_type == "revisit":
            original = self.index.by_digest.get(capture.digest)
            if original is None:
                self.stats.inc_value("replay/not_archived")
                raise NotArchived(f"revisit without its original payload: {request.url}")
            body = read_record(original).raw_stream.read()
        http = record.http_headers
        headers = scrapy_headers(http)
        url = record.rec_headers.get_header("WARC-Target-URI")
        respcls = responsetypes.from_args(headers=headers, url=url, body=body)
        self.stats.inc_value("replay/responses")
        request.meta["warc"] = {
            "filename": capture.key.rsplit("/", 1)[-1], "path": capture.key,
            "record_id": capture.record_id, "offset": capture.offset, "length": capture.length,
        }
        request.meta["warc_date"] = capture.date
        return respcls(
            url=url, status=capture.status, headers=headers, body=body, request=request,
            flags=[REPLAYED], ip_address=_ip(record), protocol=http.protocol,
        )


def _ip(record):
    from ipaddress import ip_address

    value = record.rec_headers.get_header("WARC-IP-Address")
    try:
        return ip_address(value) if value else None
    except ValueError:
        return None


__all__ = ["configure", "ReplayDownloadHandler", "NotArchived", "ArchiveIndex", "REPLAYED"]

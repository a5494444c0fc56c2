"""Crawl state for incremental runs, kept in the archive store so any machine can resume it.

Per URL it remembers what the next run needs to avoid re-downloading and re-archiving: the
last ETag / Last-Modified, when the URL was last answered (2xx or 304), the payload digest and
the WARC record holding that payload (so an identical payload becomes a ``revisit`` record
instead of a second copy), and the ``content_sha256`` of the last item emitted for it.

Storage, through the Store interface only (local folder and S3 alike): every crawl writes a
new immutable object ``{site}/state/crawl-state-{saved}-{crawl_id}.jsonl.gz`` and never
overwrites one; the next run loads the newest readable one (keys sort by time). An aborted run
saves nothing, so the previous state stays current; two runs that overlap each merge the
newest stored state into theirs just before saving (newest visit per URL wins), so neither
corrupts the other and at worst some pages are fetched once more. Older objects are history:
only the newest is read, and they may be deleted (e.g. an S3 lifecycle rule).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from crawler.urls import canonical_key
from pipelines.spool import ClosedFile
from pipelines.store import Store, StoreError, file_digest
from pipelines.warc import sha1_digest

logger = logging.getLogger(__name__)

STATE_VERSION = 1
STATE_DIR = "state/"
STATE_NAME = re.compile(r"^crawl-state-\d{8}T\d{12}Z-[\w-]+\.jsonl\.gz$")
TRUE_WORDS = ("1", "true", "yes", "on")


def dedupable(status: int, body: bytes) -> bool:
    """Whether a response may be archived as a revisit of an identical earlier payload.

    Only successful, complete, non-empty payloads: an empty body (304, most redirects) says
    nothing about content, and a partial one (206) is not the resource.
    """
    return 200 <= status < 300 and status not in (204, 206) and bool(body)


def parse_http_date(value) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value.decode("latin-1") if isinstance(value, bytes) else value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def parse_lastmod(value: str) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime) as an aware datetime, or None if unreadable.

    A date without a time means "some time that day": it is read as the end of the day, so a
    page changed later on the day of our visit is still fetched.
    """
    text = (value or "").strip()
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text)
            return day.replace(tzinfo=timezone.utc) + timedelta(days=1)
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat()


@dataclass(slots=True)  # one per URL the site ever showed us: keep them small
class UrlState:
    """What the crawl knows about one URL (keyed by :func:`crawler.urls.canonical_key`)."""

    url: str
    #: our clock, when the URL was last answered with 2xx or 304 (orders concurrent updates)
    seen_at: str
    status: int
    #: the server's ``Date`` of that answer: compared with sitemap lastmod (same clock)
    server_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    payload_digest: str | None = None
    #: the full ``response`` record holding this payload (uri, date, record_id, filename,
    #: path, offset, length); a revisit's target, never a revisit itself
    capture: dict | None = None
    #: ``content_sha256`` of the last item emitted for this URL
    content_sha256: str | None = None

    @property
    def visited(self) -> datetime:
        return datetime.fromisoformat(self.server_date or self.seen_at)


class CrawlState:
    """The per-URL state of one site, loaded at crawl start and saved at close."""

    def __init__(self, site: str, *, incremental: bool = True, revisits: bool = True):
        self.site = site
        #: False for a full crawl: nothing known is used, but what is seen is still recorded
        self.incremental = incremental
        #: write revisit records for payloads already archived
        self.revisits = revisits
        self.urls: dict[str, UrlState] = {}
        #: payload digest -> the capture (``UrlState.capture``) of the first URL seen with it.
        #: The same dict, not a copy (~290 B per URL at N = 10,000, bench/): a capture is never
        #: changed in place, a new one replaces it.
        self.by_digest: dict[str, dict] = {}
        self.loaded_from: str | None = None

    def __len__(self) -> int:
        return len(self.urls)

    # -- reading -----------------------------------------------------------------------------

    def get(self, url: str) -> UrlState | None:
        return self.urls.get(canonical_key(url))

    def unchanged_since_visit(self, url: str, lastmod: str) -> bool | None:
        """True when the sitemap's ``lastmod`` is older than our last visit; None if unreadable."""
        entry = self.get(url)
        if entry is None:
            return False
        when = parse_lastmod(lastmod)
        if when is None:
            return None
        return when < entry.visited

    def revisit_of(self, response, digest: str | None = None) -> dict | None:
        """The earlier capture of this exact payload, if any: then archive a revisit.

        ``digest``: the body's payload digest, when the caller has it already."""
        if not self.revisits or not dedupable(response.status, response.body):
            return None
        digest = digest or sha1_digest(response.body)
        capture = self.by_digest.get(digest)
        return None if capture is None else {**capture, "payload_digest": digest}

    # -- recording ---------------------------------------------------------------------------

    def archived(self, response, pointer: dict, record: dict) -> None:
        """An exchange was written to the WARC (``record``: what WarcWriter wrote)."""
        if response.status == 304:
            self._answered(response)
            return
        if not 200 <= response.status < 300:
            return
        entry = self._answered(response)
        entry.etag = _header(response, b"ETag")
        entry.last_modified = _header(response, b"Last-Modified")
        entry.status = response.status
        if record.get("type") == "revisit" and record.get("refers_to"):
            entry.capture = {k: v for k, v in record["refers_to"].items() if k != "payload_digest"}
            entry.payload_digest = record["payload_digest"]
            return
        entry.payload_digest = record.get("payload_digest")
        entry.capture = {"uri": record["uri"], "date": record["date"], "record_id": record["record_id"],
                         **{k: pointer[k] for k in ("filename", "path", "offset", "length")}}
        if entry.payload_digest and dedupable(response.status, response.body):
            self.by_digest.setdefault(entry.payload_digest, entry.capture)

    def _answered(self, response) -> UrlState:
        key = canonical_key(response.url)
        now = datetime.now(timezone.utc)
        server_date = parse_http_date(response.headers.get(b"Date"))
        entry = self.urls.get(key)
        if entry is None:
            entry = self.urls[key] = UrlState(url=response.url, seen_at=_iso(now), status=response.status)
        entry.url = response.url
        entry.seen_at = _iso(now)
        entry.server_date = _iso(server_date) if server_date else None
        if response.status == 304:  # a 304 may refresh the validators
            entry.etag = _header(response, b"ETag") or entry.etag
            entry.last_modified = _header(response, b"Last-Modified") or entry.last_modified
        return entry

    def item_verdict(self, url: str, content_sha256: str) -> str:
        """``new``, ``changed`` or ``unchanged`` against the last item emitted for ``url``."""
        entry = self.get(url)
        if entry is None or entry.content_sha256 is None:
            return "new"
        return "unchanged" if entry.content_sha256 == content_sha256 else "changed"

    def emitted(self, url: str, content_sha256: str) -> None:
        entry = self.get(url)
        if entry is not None:
            entry.content_sha256 = content_sha256

    def merge(self, other: "CrawlState") -> None:
        """Fold in a state saved meanwhile by another run: per URL the newest visit wins."""
        for key, theirs in other.urls.items():
            mine = self.urls.get(key)
            if mine is None or datetime.fromisoformat(theirs.seen_at) > datetime.fromisoformat(mine.seen_at):
                self.urls[key] = theirs
        for digest, capture in other.by_digest.items():
            self.by_digest.setdefault(digest, capture)

    # -- persistence -------------------------------------------------------------------------

    @staticmethod
    def prefix(site: str) -> str:
        return f"{site}/{STATE_DIR}"

    @classmethod
    def keys(cls, store: Store, site: str) -> list[str]:
        """Stored state objects of ``site``, oldest first."""
        prefix = cls.prefix(site)
        return [k for k in store.list(prefix) if STATE_NAME.match(k[len(prefix):])]

    @classmethod
    def read(cls, store: Store, key: str, site: str) -> "CrawlState":
        """One stored state object; StoreError if it cannot be read or is not a state."""
        state = cls(site)
        try:
            with store.open(key) as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
                header = json.loads(fh.readline())
                if header.get("state_version") != STATE_VERSION:
                    raise StoreError(f"{key}: unsupported state_version {header.get('state_version')!r}")
                names = {f.name for f in fields(UrlState)}
                for line in fh:
                    row = json.loads(line)
                    state.urls[row.pop("key")] = UrlState(**{k: v for k, v in row.items() if k in names})
        except (OSError, EOFError, ValueError, TypeError, KeyError) as exc:
            raise StoreError(f"unreadable crawl state {key}: {exc}") from exc
        for entry in state.urls.values():
            if entry.capture and entry.payload_digest:
                state.by_digest.setdefault(entry.payload_digest, entry.capture)
        state.loaded_from = key
        return state

    @classmethod
    def load_newest(cls, store: Store, site: str, stats=None) -> "CrawlState | None":
        """The newest readable state of ``site``; an unreadable one is logged, counted, skipped."""
        try:
            keys = cls.keys(store, site)
        except StoreError as exc:
            if stats is not None:
                stats.inc_value("incremental/state/unreadable")
            logger.error("Cannot list the crawl state of %s: %s; fetching everything", site, exc)
            return None
        for key in reversed(keys):
            try:
                return cls.read(store, key, site)
            except StoreError as exc:
                if stats is not None:
                    stats.inc_value("incremental/state/unreadable")
                logger.error("%s; trying the previous one", exc)
        return None

    def save(self, store: Store, spool_dir: Path, crawl_id: str) -> ClosedFile:
        """Write a new state object into the store (merged with any newer one); StoreError on failure."""
        newest = self.keys(store, self.site)
        if newest and newest[-1] != self.loaded_from:
            other = self.load_newest(store, self.site)
            if other is not None and other.loaded_from != self.loaded_from:
                logger.info("Merging crawl state %s saved meanwhile by another run", other.loaded_from)
                self.merge(other)
        saved_at = datetime.now(timezone.utc)
        key = f"{self.prefix(self.site)}crawl-state-{saved_at:%Y%m%dT%H%M%S%f}Z-{crawl_id}.jsonl.gz"
        path = Path(spool_dir) / key
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # not ".open": not a spool file to recover
        header = {"state_version": STATE_VERSION, "site": self.site, "crawl_id": crawl_id,
                  "saved_at": _iso(saved_at), "based_on": self.loaded_from, "urls": len(self.urls)}
        try:
            with gzip.open(partial, "wt", encoding="utf-8") as fh:
                fh.write(json.dumps(header, sort_keys=True) + "\n")
                for key_, entry in sorted(self.urls.items()):
                    fh.write(json.dumps({"key": key_, **asdict(entry)}, sort_keys=True, ensure_ascii=False) + "\n")
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"cannot write crawl state {path}: {exc.strerror or exc}") from exc
        local = file_digest(path)
        stored = store.put(path, key)
        if stored.sha256 != local.sha256:
            raise StoreError(f"stored crawl state {key} differs from the spool copy")
        path.unlink()
        self.loaded_from = key
        return ClosedFile(path, key, local.size, local.sha256, len(self.urls), "state")


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def is_full_crawl(settings, spider) -> bool:
    """``-a full=1`` or ``ARCHIVE_INCREMENTAL=False``: fetch and emit everything."""
    return (not settings.getbool("ARCHIVE_INCREMENTAL", True)
            or str(getattr(spider, "full", "") or "").strip().lower() in TRUE_WORDS)


def open_state(store: Store, site: str, settings, spider, stats) -> CrawlState:
    """The state a crawl starts from: the newest stored one, or an empty one for a full crawl."""
    full = is_full_crawl(settings, spider)
    revisits = settings.getbool("ARCHIVE_REVISITS", True)
    loaded = None if full else CrawlState.load_newest(store, site, stats)
    state = loaded or CrawlState(site)
    state.incremental, state.revisits = not full, revisits
    stats.set_value("incremental/mode", "full" if full else "incremental")
    stats.set_value("incremental/state/urls_loaded", len(state))
    if loaded:
        logger.info("Incremental crawl from state %s (%d URLs)", loaded.loaded_from, len(loaded))
    elif not full:
        logger.info("No crawl state for %s in the store yet: this run fetches everything", site)
    return state


def save_state(session) -> None:
    """Save the session's state before its manifest, listed in it; only if every file was stored.

    A state pointing at WARC records that are not in the store would make later revisits
    refer to nothing, so a crawl with unstored files keeps the previous state.
    """
    state = getattr(session, "state", None)
    if state is None:
        return
    if any(p.startswith("not stored") for p in session.problems):
        logger.error("Crawl state not saved: some files are not stored; the next run uses the previous state")
        return
    try:
        closed = state.save(session.store, session.spool_dir, session.crawl_id)
    except StoreError as exc:
        session.stats.inc_value("incremental/state/save_failed")
        session.problem(f"crawl state not stored: {exc}")
        return
    session.files.append(closed)
    session.stats.set_value("incremental/state/urls_saved", closed.records)
    logger.info("Stored crawl state %s (%d URLs)", closed.key, closed.records)

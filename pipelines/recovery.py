"""Spool recovery: upload what earlier runs left in the spool, each crawl's manifest last.

Runs at the start of every crawl (in the background) and as ``scrapy upload``. A crawl that is
still running holds a lock on its spool folder and is skipped; ``.open`` files are half-written
(the process died) and are left alone with a warning. A manifest that stayed in the spool
because its files could not be stored is rewritten without those store problems once they are.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipelines.manifest import MANIFEST_NAME, write_manifest
from pipelines.spool import OPEN_SUFFIX
from pipelines.store import StoreError, file_digest
from pipelines.uploader import Uploader

logger = logging.getLogger(__name__)

CRAWL_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
LOCK_NAME = ".crawl.lock"
# Problems the session records when a file or the manifest could not be stored.
NOT_STORED = "not stored"


class CrawlLock:
    """An exclusive lock on a crawl's spool folder, held while the crawl runs (released on exit)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / LOCK_NAME
        self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)

    def acquire(self, blocking: bool = True) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            return True
        except BlockingIOError:
            return False

    def release(self, remove: bool = True) -> None:
        if remove:
            self.path.unlink(missing_ok=True)
        os.close(self.fd)


@dataclass
class SpooledCrawl:
    prefix: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    partial: list[Path] = field(default_factory=list)


@dataclass
class RecoveryReport:
    uploaded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    committed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_spooled(spool_dir: Path, skip: str | None = None) -> list[SpooledCrawl]:
    """Crawls with files in the spool, keyed by their store prefix (``…/{crawl_id}/``)."""
    crawls: dict[str, SpooledCrawl] = {}
    if not spool_dir.is_dir():
        return []
    for path in sorted(spool_dir.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        parts = path.relative_to(spool_dir).parts
        index = next((i for i, part in enumerate(parts[:-1]) if CRAWL_ID.match(part)), None)
        if index is None:
            continue
        prefix = "/".join(parts[: index + 1]) + "/"
        if prefix == skip:
            continue
        crawl = crawls.setdefault(prefix, SpooledCrawl(prefix, spool_dir / prefix))
        if path.name.endswith(OPEN_SUFFIX):
            crawl.partial.append(path)
        elif path.name == MANIFEST_NAME and len(parts) == index + 2:
            crawl.manifest = path
        else:
            crawl.files.append(path)
    return list(crawls.values())


def recover(spool_dir: Path, uploader: Uploader, skip: str | None = None) -> RecoveryReport:
    """Upload every closed file of every finished crawl in the spool; manifests last."""
    report = RecoveryReport()
    spool_dir = Path(spool_dir).resolve()
    for crawl in find_spooled(spool_dir, skip):
        try:
            lock = CrawlLock(crawl.folder)
        except OSError as exc:
            report.failed.append(f"{crawl.prefix}: cannot lock its spool folder: {exc}")
            continue
        if not lock.acquire(blocking=False):
            lock.release(remove=False)
            logger.info("Spool: %s belongs to a running crawl; left to it", crawl.prefix)
            continue
        try:
            recover_crawl(spool_dir, crawl, uploader, report)
        except (OSError, ValueError) as exc:  # unreadable spool file or manifest: say so, go on
            report.failed.append(f"{crawl.prefix}: {type(exc).__name__}: {exc}")
            logger.error("Spool: cannot recover %s: %s", crawl.prefix, exc)
        finally:
            lock.release()
            remove_empty_dirs(crawl.folder, spool_dir)
    return report


def recover_crawl(spool_dir: Path, crawl: SpooledCrawl, uploader: Uploader, report: RecoveryReport) -> None:
    for path in crawl.partial:
        report.warnings.append(f"half-written file left by an interrupted crawl, not uploaded: {path}")
        logger.warning("Spool: %s was never closed (interrupted crawl); left in the spool, not uploaded", path)
    manifest = read_manifest(crawl.manifest, report) if crawl.manifest else None
    listed = {f["key"]: f for f in manifest["files"]} if manifest else {}
    try:
        cleaned = uploader.store.abort_incomplete(crawl.prefix)
        if cleaned:
            logger.info("Spool: aborted %d incomplete multipart upload(s) under %s", cleaned, crawl.prefix)
    except StoreError as exc:
        report.failed.append(f"{crawl.prefix}: {exc}")
        logger.error("Spool: cannot reach the store for %s; its files stay in the spool: %s", crawl.prefix, exc)
        return
    futures = []
    for path in crawl.files:
        key = path.relative_to(spool_dir).as_posix()
        expected = listed.get(key, {}).get("sha256")
        if expected and file_digest(path).sha256 != expected:
            report.failed.append(f"{key}: spooled file does not match its recorded sha256 (damaged?); not uploaded")
            logger.error("Spool: %s differs from its manifest entry; not uploaded, left in the spool", key)
            continue
        futures.append(uploader.submit(path, key, expected))
    late = []
    for future in futures:
        upload = future.result()
        if upload.ok:
            report.uploaded.append(upload.key)
            late.append(upload.key)
            logger.info("Spool: stored %s (%d bytes)", upload.key, upload.size)
        else:
            report.failed.append(f"{upload.key}: {upload.error}")
            logger.error("Spool: could not store %s; it stays in the spool: %s", upload.key, upload.error)
    if crawl.manifest and manifest is None:
        return
    if manifest is None:
        if crawl.files:
            report.warnings.append(f"{crawl.prefix}: no manifest (crawl interrupted?): files stored, crawl not committed")
            logger.warning("Spool: %s has no manifest (interrupted crawl?): its files are stored but the crawl "
                           "is not committed", crawl.prefix)
        return
    if len(late) < len(crawl.files):
        return
    commit_manifest(crawl, manifest, late, uploader, report)


def read_manifest(path: Path, report: RecoveryReport) -> dict | None:
    """The spooled manifest, or None (reported) when it is unreadable: files are still uploaded."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and all("key" in f and "sha256" in f for f in manifest["files"]):
            return manifest
    except (ValueError, KeyError, TypeError):
        pass
    report.failed.append(f"{path}: unreadable manifest; the crawl's files are uploaded but it stays uncommitted")
    logger.error("Spool: manifest %s is unreadable; uploading its crawl's files without committing it", path)
    return None


def commit_manifest(crawl: SpooledCrawl, manifest: dict, late: list[str], uploader: Uploader,
                    report: RecoveryReport) -> None:
    """Check every listed file is in the store, then store the manifest: the crawl's commit."""
    store = uploader.store
    for entry in manifest["files"]:
        try:
            stored = store.stat(entry["key"])
        except StoreError as exc:
            report.failed.append(f"{entry['key']}: {exc}")
            return
        if stored is None or stored.size != entry["size"] or stored.sha256 not in ("", entry["sha256"]):
            report.failed.append(f"{entry['key']}: listed in the manifest but missing or different in {store}")
            logger.error("Spool: %s lists %s, which is missing or different in the store; manifest kept",
                         crawl.prefix, entry["key"])
            return
    problems = [p for p in manifest.get("problems", []) if not p.startswith(NOT_STORED)]
    manifest.update(problems=problems, ok=not problems)
    manifest["recovered"] = {"at": datetime.now(timezone.utc).isoformat(), "files": sorted(late)}
    write_manifest(manifest, crawl.manifest)
    key = crawl.prefix + MANIFEST_NAME
    upload = uploader.submit(crawl.manifest, key).result()
    if not upload.ok:
        report.failed.append(f"{key}: {upload.error}")
        logger.error("Spool: could not store the manifest %s; it stays in the spool: %s", key, upload.error)
        return
    report.committed.append(crawl.prefix)
    logger.info("Spool: crawl %s committed (%d file(s) uploaded late)", crawl.prefix, len(late))


def remove_empty_dirs(folder: Path, root: Path) -> None:
    """Drop the crawl's now-empty folders and their empty parents, up to the spool root."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        _rmdir(path)
    while folder != root and root in folder.parents and _rmdir(folder):
        folder = folder.parent


def _rmdir(path: Path) -> bool:
    try:
        path.rmdir()
        return True
    except OSError:
        return False

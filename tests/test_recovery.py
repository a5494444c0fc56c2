"""Spool recovery into a local store: closed files first, manifest last, live and partial files left."""

from __future__ import annotations

import hashlib
import json

from pipelines.recovery import CrawlLock, recover
from pipelines.store import LocalStore
from pipelines.uploader import Uploader

DONE = "site/2026/01/01/20260101T000000Z-00000001/"
LIVE = "site/2026/01/01/20260101T000000Z-00000002/"


def spool_file(spool, key, data=b"data"):
    path = spool / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"key": key, "kind": "warc", "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "records": 1}


def run_recovery(spool, store):
    uploader = Uploader(store)
    try:
        return recover(spool, uploader)
    finally:
        uploader.close()


def test_recover_commits_finished_crawls_and_leaves_live_and_partial_files(tmp_path, caplog):
    spool, store = tmp_path / "spool", LocalStore(tmp_path / "store")
    entry = spool_file(spool, DONE + "warc/a.warc.gz")
    spool_file(spool, DONE + "warc/b.warc.gz.open")
    manifest = {"prefix": DONE, "files": [entry], "ok": False,
                "problems": [f"not stored (kept in spool): {entry['key']}: down", "crawl finished with reason 'x'"]}
    spool_file(spool, DONE + "manifest.json", json.dumps(manifest).encode())
    spool_file(spool, LIVE + "warc/c.warc.gz")
    live = CrawlLock(spool / LIVE)
    assert live.acquire(blocking=False)
    try:
        report = run_recovery(spool, store)
    finally:
        live.release()
    assert report.ok and report.uploaded == [entry["key"]] and report.committed == [DONE]
    assert list(store.list()) == [DONE + "manifest.json", entry["key"]]
    stored = json.loads(store.read_bytes(DONE + "manifest.json"))
    assert stored["problems"] == ["crawl finished with reason 'x'"] and stored["recovered"]["files"] == [entry["key"]]
    assert (spool / DONE / "warc/b.warc.gz.open").exists() and "never closed" in caplog.text
    assert (spool / LIVE / "warc/c.warc.gz").exists()


def test_spooled_file_that_differs_from_its_manifest_is_not_committed(tmp_path):
    spool, store = tmp_path / "spool", LocalStore(tmp_path / "store")
    entry = spool_file(spool, DONE + "warc/a.warc.gz")
    spool_file(spool, DONE + "warc/a.warc.gz", b"changed")
    spool_file(spool, DONE + "manifest.json", json.dumps({"prefix": DONE, "files": [entry], "problems": []}).encode())
    report = run_recovery(spool, store)
    assert not report.ok and "does not match its recorded sha256" in report.failed[0]
    assert list(store.list()) == [] and (spool / DONE / "manifest.json").exists()
    assert (spool / DONE / "warc/a.warc.gz").exists()


def test_unreadable_manifest_is_reported_and_files_still_uploaded(tmp_path):
    spool, store = tmp_path / "spool", LocalStore(tmp_path / "store")
    entry = spool_file(spool, DONE + "warc/a.warc.gz")
    spool_file(spool, DONE + "manifest.json", b"{not json")
    report = run_recovery(spool, store)
    assert not report.ok and "unreadable manifest" in report.failed[0]
    assert list(store.list()) == [entry["key"]] and (spool / DONE / "manifest.json").exists()

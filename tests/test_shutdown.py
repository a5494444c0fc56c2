"""Bounded runs and graceful SIGTERM: what was fetched is closed, stored and committed."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, run_crawl
from tests.site import TestSite

POLL = 0.05


def wait_for(condition, what: str, limit: float = 60.0):
    """Poll ``condition`` until true; fail after ``limit`` seconds (bounded, not a sync sleep)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(POLL)


def assert_every_listed_file_is_valid(archive, manifest):
    for entry in manifest["files"]:
        data = (archive / entry["key"]).read_bytes()
        assert len(data) == entry["size"] and hashlib.sha256(data).hexdigest() == entry["sha256"], entry["key"]
        if entry["kind"] == "warc":
            with open(archive / entry["key"], "rb") as fh:
                assert sum(1 for r in ArchiveIterator(fh) if r.rec_type != "warcinfo") == entry["records"]
        elif entry["kind"] == "items":
            assert len(gzip.decompress(data).splitlines()) == entry["records"]


def test_sigterm_mid_crawl_stores_files_and_writes_the_manifest(tmp_path):
    archive, spool = tmp_path / "archive", tmp_path / "spool"
    with TestSite() as site:
        # One request at a time, half a second apart: the crawl (~30 pages) outlasts the signal,
        # and only the one request in the downloader is finished after it.
        command = [sys.executable, "-m", "scrapy", "crawl", "opsintels", "-a", f"base_url={site.base_url}",
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.5",
                   "-s", "CONCURRENT_REQUESTS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY_JITTER=0"]
        env = {**os.environ, "ARCHIVE_URI": str(archive), "ARCHIVE_SPOOL_DIR": str(spool), "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            articles = {a["slug"] for a in site.articles}
            wait_for(lambda: any(path.strip("/") in articles for path in list(site.hits)), "a first article fetch")
            proc.send_signal(signal.SIGTERM)
            log, _ = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 1, log[-3000:]
    assert "Received SIGTERM, shutting down gracefully" in log
    [path] = list(archive.rglob("manifest.json"))
    manifest = json.loads(path.read_text())
    assert manifest["finish_reason"] == "shutdown"
    assert manifest["ok"] is False and "crawl finished with reason 'shutdown'" in manifest["problems"]
    kinds = {f["kind"] for f in manifest["files"]}
    assert {"warc", "stats"} <= kinds
    assert 0 < manifest["stats"]["downloader/response_count"] < 25  # stopped early, not finished
    assert_every_listed_file_is_valid(archive, manifest)
    assert not [p for p in spool.rglob("*") if p.is_file()], "files left in the spool"
    assert log.strip().splitlines()[-1].startswith("crawl failed: crawl finished with reason 'shutdown'")
    assert "Traceback" not in log


def test_item_count_bound_is_a_normal_finish(tmp_path):
    with TestSite() as site:
        result = run_crawl("opsintels", site.base_url, tmp_path, settings={"CLOSESPIDER_ITEMCOUNT": "5"})
    manifest = result.manifest
    assert manifest["finish_reason"] == "closespider_itemcount"
    assert result.returncode == 0, result.log[-3000:]
    assert manifest["ok"] and manifest["counts"]["items"] >= 5
    assert_every_listed_file_is_valid(result.archive, manifest)

"""Scale-out: two workers share one frontier on a real redis-server, one crawl id."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import redis
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, run_crawl

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None,
                                reason="redis-server not installed (apt-get install -y redis-server)")
FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}


@pytest.fixture
def redis_url(tmp_path):
    """Our own redis-server on a random loopback port, in its own folder, no persistence."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert proc.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=30)


def responses(archive: Path, manifest: dict) -> Counter:
    urls = Counter()
    for entry in manifest["files"]:
        if entry["kind"] == "warc":
            with open(archive / entry["key"], "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        urls[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return urls


def items(archive: Path, manifest: dict) -> dict[str, dict]:
    out = {}
    for entry in manifest["files"]:
        if entry["kind"] == "items":
            with gzip.open(archive / entry["key"], "rt", encoding="utf-8") as fh:
                for line in fh:
                    item = json.loads(line)
                    out[item["url"]] = item
    return out


def test_two_workers_share_the_frontier_and_commit_one_crawl(opsintels_site, redis_url, tmp_path):
    opsintels_site.reset()
    single = run_crawl("opsintels", opsintels_site.base_url, tmp_path / "single", settings=FAST)
    assert single.returncode == 0, single.log[-3000:]

    opsintels_site.reset()
    archive, crawl_id = tmp_path / "shared" / "archive", "20261127T120000Z-shared"
    workers = []
    for worker in ("w1", "w2"):
        command = [sys.executable, "-m", "scrapy", "crawl", "opsintels", "-a", f"base_url={opsintels_site.base_url}"]
        for name, value in {**FAST, "CONCURRENT_REQUESTS": "2"}.items():  # leave work for the other
            command += ["-s", f"{name}={value}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHIVE_URI": str(archive),
               "ARCHIVE_SPOOL_DIR": str(tmp_path / "shared" / f"spool-{worker}"), "REDIS_URL": redis_url,
               "ARCHIVE_CRAWL_ID": crawl_id, "ARCHIVE_WORKER_ID": worker, "ARCHIVE_WORKERS": "2"}
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True))
    logs = [w.communicate(timeout=180)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], "\n".join(log[-2000:] for log in logs)

    prefix = f"opsintels/2026/11/27/{crawl_id}/"
    manifest = json.loads((archive / prefix / "manifest.json").read_text())
    parts = {p["worker"]: p for p in manifest["parts"]}
    assert set(parts) == {"w1", "w2"} and manifest["ok"], manifest["problems"]
    for worker in ("w1", "w2"):
        assert (archive / prefix / f"manifest-{worker}.json").is_file()
    assert all(f["key"].startswith(prefix) for f in manifest["files"] if f["kind"] != "state")  # state: per site
    names = [f["key"].rsplit("/", 1)[1] for f in manifest["files"] if f["kind"] in ("warc", "items")]
    assert len(names) == len(set(names)) and all(n.startswith(("opsintels-w1-", "opsintels-w2-")) for n in names)
    # Each worker packs its own WARCs into its own WACZ: none replaces another in the store.
    waczs = {f["key"].rsplit("/", 1)[1]: f for f in manifest["files"] if f["kind"] == "wacz"}
    assert sorted(waczs) == [f"opsintels-{w}-{crawl_id}.wacz" for w in ("w1", "w2")]
    packed = []
    for name, entry in waczs.items():
        with zipfile.ZipFile(archive / entry["key"]) as zf:
            warcs = [n.rsplit("/", 1)[1] for n in zf.namelist() if n.startswith("archive/")]
        worker = name.split("-")[1]
        assert warcs and all(w.startswith(f"opsintels-{worker}-") for w in warcs)
        packed += warcs
    assert sorted(packed) == sorted(n for n in names if n.endswith(".warc.gz"))

    # No URL fetched more often than by one worker alone (robots.txt: each worker obeys it).
    shared, alone = responses(archive, manifest), responses(single.archive, single.manifest)
    robots = opsintels_site.base_url + "/robots.txt"
    assert shared.pop(robots) in (1, 2) and alone.pop(robots) == 1  # a worker that got no request: none
    assert shared == alone
    # The union of the workers' items is the single-worker crawl's.
    shared_items, single_items = items(archive, manifest), items(single.archive, single.manifest)
    assert set(shared_items) == set(single_items)
    for url, item in single_items.items():
        assert shared_items[url]["content_sha256"] == item["content_sha256"]
    assert manifest["counts"]["items"] == len(single_items)
    # The last worker cleaned the crawl's keys up.
    assert not redis.Redis.from_url(redis_url).keys(f"{crawl_id}:*")


def test_redis_without_a_crawl_id_is_a_clear_usage_error(redis_url, tmp_path):
    result = run_crawl("opsintels", "http://127.0.0.1:9", tmp_path, env={"REDIS_URL": redis_url})
    assert result.returncode == 2
    assert "ARCHIVE_CRAWL_ID" in result.log and "Traceback" not in result.log


def test_shared_filter_keeps_the_project_fingerprints(redis_url):
    """Tracking parameters, trailing slash and scheme do not make a page new, across workers."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from crawler.frontier import RedisCanonicalDupeFilter
    from crawler.spiders.opsintels import OpsIntelsSpider

    crawler = get_crawler(OpsIntelsSpider, settings_dict={
        "REDIS_URL": redis_url, "SCHEDULER_DUPEFILTER_KEY": "t:%(spider)s:dupefilter",
        "REQUEST_FINGERPRINTER_CLASS": "crawler.dupefilter.CanonicalRequestFingerprinter"})
    spider = OpsIntelsSpider.from_crawler(crawler)
    worker1, worker2 = RedisCanonicalDupeFilter.from_spider(spider), RedisCanonicalDupeFilter.from_spider(spider)
    assert not worker1.request_seen(Request("https://opsintels.com/some-story/?utm_source=x&fbclid=y"))
    assert worker2.request_seen(Request("http://opsintels.com/some-story"))
    assert not worker2.request_seen(Request("https://opsintels.com/another-story/"))
    assert redis.Redis.from_url(redis_url).scard("t:opsintels:dupefilter") == 2

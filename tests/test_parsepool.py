"""Extraction in worker processes (EXTRACT_PROCESSES): the same items and records, nothing lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import urllib.request
from dataclasses import replace

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.outlinks import OUTLINKS, outlinks, page_outlinks
from crawler.parsepool import ParsePool, _ready, extract_page, worker_count
from crawler.replay import REPLAYED
from crawler.spiders.opsintels import OpsIntelsSpider
from tests.conftest import ROOT
from tests.site.opsintels import SEED_SLUG

VOLATILE = ("crawled_at", "warc")  # when and where this crawl archived the page


def metadata_records(result) -> dict[str, list[tuple[str, str]]]:
    """url -> the fields of its article's WARC metadata record."""
    out = {}
    for path in result.files("warc"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "metadata":
                    lines = record.content_stream().read().decode().splitlines()
                    out[record.rec_headers.get_header("WARC-Target-URI")] = [tuple(line.split(": ", 1)) for line in lines]
    return out


def test_a_crawl_with_a_worker_gives_the_same_items_and_records(opsintels_site, opsintels_crawl, crawl):
    opsintels_site.reset()
    result = crawl("opsintels", opsintels_site.base_url, settings={"EXTRACT_PROCESSES": "1"})
    assert result.returncode == 0, result.log[-3000:]
    assert "Extraction in 1 worker process (EXTRACT_PROCESSES)" in result.log
    inline = {i["url"]: {k: v for k, v in i.items() if k not in VOLATILE} for i in opsintels_crawl.items()}
    pooled = {i["url"]: {k: v for k, v in i.items() if k not in VOLATILE} for i in result.items()}
    assert pooled == inline and len(pooled) >= 5
    stats = result.manifest["stats"]
    assert stats["extract/pool/pages"] == stats["article/extracted"] + stats.get("article/skipped/not_article", 0) \
        + stats.get("article/dropped/empty", 0)
    assert "extract/pool/broken" not in stats and stats["extract/pool/cpu_s"] > 0  # in stats.json too
    assert metadata_records(result) == metadata_records(opsintels_crawl)  # outlinks found in the worker


def _response(site_html: str, url: str) -> HtmlResponse:
    return HtmlResponse(url, body=site_html.encode(), headers={"Content-Type": "text/html; charset=utf-8"},
                        request=Request(url))


@pytest.fixture
def article(opsintels_site):
    """The seed article, as the test site serves it."""
    url = f"{opsintels_site.base_url}/{SEED_SLUG}/"
    with urllib.request.urlopen(url) as page:
        return url, page.read().decode()


@pytest.fixture
def pool():
    crawler = get_crawler(settings_dict={"EXTRACT_PROCESSES": 1})
    pool = ParsePool.of(crawler)
    pool.spider_opened(None)
    yield pool
    pool.close()


def test_a_dead_worker_loses_no_page(pool, article):
    """A worker killed mid-crawl (OOM killer): the page is extracted here, said once, counted."""
    url, html = article
    worker = pool.executor.submit(_ready).result(timeout=60)
    os.kill(worker, signal.SIGKILL)
    rules, site = OpsIntelsSpider.rules, OpsIntelsSpider.site
    first = asyncio.run(pool.extract(_response(html, url), rules, site))
    response = _response(html, url)
    second = asyncio.run(pool.extract(response, rules, site))
    expected, links = extract_page(_response(html, url), rules, site, outlinks=True)
    assert first.article == second.article == expected.article and expected.article["title"]
    assert OUTLINKS not in response.meta and outlinks(response) == links and links  # the archive finds them here
    assert pool.broken
    stats = pool.crawler.stats
    assert stats.get_value("extract/pool/broken") == 1
    assert stats.get_value("extract/pool/retried_here") == 1  # the second page never went to it


def test_a_worker_extracts_what_the_crawl_process_would(pool, article):
    url, html = article
    pool.wants_outlinks = lambda response: True  # as pipelines.article_records sets it
    response = _response(html, url)
    result = asyncio.run(pool.extract(response, OpsIntelsSpider.rules, OpsIntelsSpider.site))
    expected, links = extract_page(_response(html, url), OpsIntelsSpider.rules, OpsIntelsSpider.site, outlinks=True)
    assert result.article == expected.article and result.missing == expected.missing
    assert response.meta[OUTLINKS] == links
    assert pool.crawler.stats.get_value("extract/pool/pages") == 1
    pool.close()
    assert pool.workers_cpu_s > 0 and pool.workers_maxrss_kb > 0  # joined and accounted for


def test_rules_that_cannot_travel_are_applied_here(pool, article, caplog):
    url, html = article
    rules = replace(OpsIntelsSpider.rules, content_source=lambda sel: {})  # a lambda does not pickle
    result = asyncio.run(pool.extract(_response(html, url), rules, OpsIntelsSpider.site))
    assert result.article["title"]
    assert "cannot go to a worker process" in caplog.text
    assert pool.crawler.stats.get_value("extract/pool/pages") is None


def test_outlinks_come_with_the_extraction_when_the_archive_records_them(article, tmp_path):
    """In the crawl's process too, on the tree the extraction has just walked; not in a crawl
    that keeps no metadata records (bench's bare run), nor for a replayed page."""
    from pipelines.article_records import ArticleRecords

    url, html = article
    rules, site = OpsIntelsSpider.rules, OpsIntelsSpider.site
    crawler = get_crawler(settings_dict={"ARCHIVE_URI": str(tmp_path / "archive"),
                                         "ARCHIVE_SPOOL_DIR": str(tmp_path / "spool")})
    pool = ParsePool.of(crawler)
    unarchived = _response(html, url)
    asyncio.run(pool.extract(unarchived, rules, site))
    assert OUTLINKS not in unarchived.meta
    ArticleRecords.from_crawler(crawler)
    archived = _response(html, url)
    assert asyncio.run(pool.extract(archived, rules, site)).article["title"]
    assert archived.meta[OUTLINKS] == page_outlinks(_response(html, url)) and len(archived.meta[OUTLINKS]) > 5
    replayed = _response(html, url)
    replayed.flags.append(REPLAYED)
    asyncio.run(pool.extract(replayed, rules, site))
    assert OUTLINKS not in replayed.meta


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_a_bad_extract_processes_is_a_usage_error(value):
    assert worker_count_error(value)
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "opsintels", "-s", f"EXTRACT_PROCESSES={value}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "EXTRACT_PROCESSES must be a number of worker processes" in proc.stderr
    assert "Traceback" not in proc.stderr


def worker_count_error(value) -> bool:
    from scrapy.settings import Settings

    try:
        worker_count(Settings({"EXTRACT_PROCESSES": value}))
    except ValueError:
        return True
    return False


def test_worker_count():
    from scrapy.settings import Settings

    assert worker_count(Settings()) == 0
    assert worker_count(Settings({"EXTRACT_PROCESSES": "2"})) == 2


def test_every_spiders_rules_can_go_to_a_worker():
    """Rules that do not pickle would quietly keep a spider's extraction in the crawl's process."""
    import pickle

    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    spiders = [loader.load(name) for name in loader.list()]
    assert len(spiders) >= 10
    for spider in spiders:
        assert pickle.loads(pickle.dumps(spider.rules)) == spider.rules, spider.name

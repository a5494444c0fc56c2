"""Quality gates: Spidermon monitors turn a crawl red (exit status, one line, manifest)."""

from __future__ import annotations

import json

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.validate import ValidationPipeline
from tests.site import TestSite

FAILED = "crawl failed: "


def last_line(result) -> str:
    return result.log.strip().splitlines()[-1]


def test_a_good_crawl_passes_every_gate(opsintels_crawl):
    manifest = opsintels_crawl.manifest
    assert manifest["ok"] and manifest["problems"] == []
    stats = manifest["stats"]
    assert stats["spidermon_field_coverage/dict/title"] == 1.0
    assert stats["spidermon/validation/items"] == manifest["counts"]["items"]
    assert "quality gate failed" not in opsintels_crawl.log


def test_stats_json_is_stored_next_to_the_outputs_and_listed(opsintels_crawl):
    manifest = opsintels_crawl.manifest
    [entry] = [f for f in manifest["files"] if f["kind"] == "stats"]
    assert entry["key"] == manifest["prefix"] + "stats.json"
    stats = json.loads((opsintels_crawl.archive / entry["key"]).read_text())
    assert stats["article/extracted"] == manifest["counts"]["items"]
    assert stats["downloader/response_count"] == manifest["stats"]["downloader/response_count"]
    assert stats["finish_reason"] == "finished"
    assert stats["archive/duration_seconds"] > 0


def test_summary_line_has_the_crawl_figures(opsintels_crawl):
    [line] = [l for l in opsintels_crawl.log.splitlines() if " summary: " in l]
    stats = opsintels_crawl.manifest["stats"]
    assert f"{stats['downloader/response_count']} pages" in line
    assert f"{opsintels_crawl.manifest['counts']['items']} articles" in line
    archived = stats["archive/warc_bytes"] + stats["archive/items_bytes"]
    assert f"{archived} bytes archived" in line
    assert f"fallbacks: authors={stats['article/fallback/authors']}," in line
    assert "drops: none" in line


def test_redesign_turns_the_scheduled_crawl_red(crawl):
    with TestSite(variant="redesign") as site:
        result = crawl("opsintels", site.base_url)
    assert result.returncode == 1, result.log[-3000:]
    assert last_line(result).startswith(FAILED + "quality gate failed: Fallback rate: body came from a fallback in")
    manifest = result.manifest
    assert manifest["ok"] is False
    assert any(p.startswith("quality gate failed: Fallback rate: body ") for p in manifest["problems"])
    assert "Traceback" not in result.log


def test_thresholds_are_settings_and_failures_are_in_the_manifest(opsintels_site, crawl):
    opsintels_site.reset()
    result = crawl("opsintels", opsintels_site.base_url, settings={
        "SPIDERMON_FIELD_COVERAGE_RULES": json.dumps({"dict/authors": 1.0, "dict/title": 1.0}),
        "SPIDERMON_MIN_ITEMS": "1000",
    })
    assert result.returncode == 1
    problems = result.manifest["problems"]
    assert any("Field Coverage Monitor" in p and "dict/authors (expected 1.0" in p and "dict/title" not in p
               for p in problems), problems
    assert any("Extracted Items Monitor" in p and "expected at least 1000" in p for p in problems), problems
    assert all("\n" not in p for p in problems)
    assert last_line(result).startswith(FAILED)


def test_invalid_article_is_dropped_with_its_reason_and_counted():
    crawler = get_crawler(settings_dict={})
    pipeline = ValidationPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=r"invalid article https://opsintels.com/x/: "):
        pipeline.process_item({"url": "https://opsintels.com/x/", "title": ""})
    assert crawler.stats.get_value("article/dropped/invalid") == 1
    assert crawler.stats.get_value("spidermon/validation/items/errors") == 1
    # the same compiled validator, a second item: errors are per item, named by field path
    with pytest.raises(DropItem, match=r"invalid article https://opsintels.com/y/: warc.offset: Number too low"):
        pipeline.process_item({**_valid_article(), "url": "https://opsintels.com/y/",
                               "warc": {**_valid_article()["warc"], "offset": -1}})
    assert crawler.stats.get_value("spidermon/validation/fields/errors/number_too_low/warc.offset") == 1
    assert pipeline.process_item(_valid_article()) == _valid_article()
    assert crawler.stats.get_value("article/dropped/invalid") == 2


def _valid_article() -> dict:
    return {
        "schema_version": 1, "url": "https://opsintels.com/z/", "site": "OpsIntels", "title": "T",
        "authors": [], "captions": [], "body": "B", "body_paragraphs": ["B"], "word_count": 1,
        "crawled_at": "2026-11-27T00:00:00+00:00", "content_sha256": "0" * 64,
        "warc": {"filename": "a.warc.gz", "path": "c/a.warc.gz", "record_id": "<urn:uuid:1>", "offset": 0, "length": 9},
    }

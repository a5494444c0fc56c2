"""Captured pages (tests/fixtures/captures/<site>/*.warc.gz + .json) and the capture command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.capture import read_page
from crawler.extract import decode_html, extract_article
from tests.site import TestSite

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "tests" / "fixtures" / "captures"
FIXTURES = sorted(CAPTURES.glob("*/*.json"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_captured_page_still_extracts_as_recorded(fixture):
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    html, ctype = read_page(fixture.parent / f"{fixture.stem}.warc.gz", expected["url"])
    article = extract_article(decode_html(html, ctype), expected["url"], expected["spider"])
    article.pop("crawled_at"), article.pop("warc")
    assert article == expected["article"]


def test_there_is_at_least_one_capture():
    assert FIXTURES, "tests/fixtures/captures holds no fixture"


def scrapy(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


@pytest.fixture(scope="module")
def defensepost_site():
    with TestSite(site="defensepost") as site:
        yield site


def test_capture_command_writes_warc_and_expected_json(defensepost_site, tmp_path):
    article = defensepost_site.article("germany-orders-more-patriot-systems")
    url = defensepost_site.url(article["path"])
    proc = scrapy("capture", url, "--spider", "defensepost", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    warc = tmp_path / "defensepost" / "germany-orders-more-patriot-systems.warc.gz"
    fixture = json.loads((tmp_path / "defensepost" / "germany-orders-more-patriot-systems.json").read_text())
    assert fixture["url"] == url and fixture["spider"] == "defensepost" and fixture["site"] == "defensepost"
    assert fixture["article"]["title"] == article["title"]
    assert fixture["article"]["authors"] == article["authors"] == []  # "AFP" is not a person
    assert fixture["article"]["body_paragraphs"] == article["body_paragraphs"]
    with open(warc, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    assert records[0][0] == "warcinfo"
    assert ("response", url) in records and ("request", url) in records
    # the CLI reads the fixture WARC and prints the same article
    cli = subprocess.run([sys.executable, "-m", "crawler.extract", str(warc), "--spider", "defensepost"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    printed = json.loads(cli.stdout)
    assert {k: v for k, v in printed.items() if k not in ("crawled_at", "warc")} == fixture["article"]


def test_capture_of_a_missing_page_fails_in_one_line(defensepost_site, tmp_path):
    proc = scrapy("capture", defensepost_site.url("/2025/01/01/no-such-story/"), "--spider", "defensepost",
                  "--out", str(tmp_path))
    assert proc.returncode == 1
    assert "capture failed: no HTML page was fetched" in proc.stderr and "404" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not any(tmp_path.rglob("*.json"))


def test_capture_rejects_an_unknown_spider(tmp_path):
    proc = scrapy("capture", "http://127.0.0.1:9/x", "--spider", "nope", "--out", str(tmp_path))
    assert proc.returncode == 2 and "unknown spider 'nope'" in proc.stderr and "Traceback" not in proc.stderr


def test_capture_without_spider_uses_the_generic_rules(tmp_path):
    with TestSite(site="twz") as site:
        article = site.article("destroyer-fires-sm-6-in-red-sea-intercept")
        proc = scrapy("capture", site.url(article["path"]), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    fixture = json.loads((tmp_path / "127-0-0-1" / "destroyer-fires-sm-6-in-red-sea-intercept.json").read_text())
    assert fixture["spider"] == "news" and fixture["site"] == "127-0-0-1"
    assert fixture["article"]["title"] == article["title"]
    assert fixture["article"]["body_paragraphs"] == article["body_paragraphs"]

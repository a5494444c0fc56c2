"""``extract_article`` and ``python -m crawler.extract`` on saved pages and WARC files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest

from crawler.extract import extract_article
from tests.site import TestSite

ROOT = Path(__file__).resolve().parent.parent
CAPTURE = ROOT / "tests" / "fixtures" / "captures" / "breakingdefense" / "air-force-eyes-second-b-21-production-line"


@pytest.fixture(scope="module")
def staff_page(tmp_path_factory):
    """A Naval News page credited to "Naval News Staff", saved to a file, and its expectations."""
    with TestSite(site="navalnews") as site:
        article = site.article("saab-unveils-new-uuv-at-dsei")
        html = urlopen(site.url(article["path"])).read()
    path = tmp_path_factory.mktemp("pages") / "page.html"
    path.write_bytes(html)
    return path, article


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "crawler.extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_extract_article_with_a_spider_applies_its_rules(staff_page):
    path, article = staff_page
    item = extract_article(path.read_bytes(), article["url"], spider="navalnews")
    assert item["site"] == "navalnews"
    assert item["title"] == article["title"]
    assert item["authors"] == []  # a desk, not a person
    assert item["body_paragraphs"] == article["body_paragraphs"]
    assert item["published_at"] == "2025-09-09T16:45:00+01:00"
    assert item["crawled_at"] is None and item["warc"] is None


def test_extract_article_without_a_spider_uses_the_generic_chain(staff_page):
    path, article = staff_page
    item = extract_article(path.read_bytes(), article["url"])
    assert item["title"] == article["title"]
    assert item["published_at"] == article["published_at"]
    assert set(article["body_paragraphs"]) <= set(item["body_paragraphs"])


def test_cli_html_file_with_spider(staff_page):
    path, article = staff_page
    proc = run_cli(path, "--url", article["url"], "--spider", "navalnews")
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    assert printed == extract_article(path.read_bytes(), article["url"], spider="navalnews")


def test_cli_warc_file_prints_each_html_page():
    expected = json.loads(CAPTURE.with_suffix(".json").read_text())
    proc = run_cli(CAPTURE.with_suffix(".warc.gz"), "--spider", "breakingdefense")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    printed = json.loads(lines[0])
    assert printed["url"] == expected["url"]
    assert printed["title"] == expected["article"]["title"]
    assert printed["body"] == expected["article"]["body"]


@pytest.mark.parametrize("args, message, code", [
    (["/no/such/page.html", "--url", "https://example.com/a/"], "error: cannot read /no/such/page.html", 2),
    (["/no/such/crawl.warc.gz"], "error: cannot read /no/such/crawl.warc.gz", 2),
    ([CAPTURE.with_suffix(".json"), "--url", "https://example.com/a/", "--spider", "nope"], "unknown spider 'nope'", 2),
    ([CAPTURE.with_suffix(".json")], "--url is required", 2),
    ([CAPTURE.with_suffix(".warc.gz"), "--url", "https://example.com/other/"], "no HTML response for", 1),
])
def test_cli_bad_input_gives_one_clear_line(args, message, code):
    proc = run_cli(*args)
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_cli_rejects_a_file_that_is_not_a_warc(tmp_path):
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(b"<html>not a warc</html>")
    proc = run_cli(bogus)
    assert proc.returncode == 2
    assert "is not a readable WARC file" in proc.stderr and "Traceback" not in proc.stderr

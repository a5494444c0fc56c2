"""Incremental crawls end to end: the same crawl run again into the same store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import CrawlResult, run_crawl
from tests.site import TestSite

REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
NEW_TEXT = ["The ministry revised its estimate on Friday, citing new procurement figures.",
            "Officials said the programme would be reviewed again next spring."]


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]


def crawl_again(site: TestSite, tmp_path: Path, *args: str) -> CrawlResult:
    """A crawl into the store earlier runs used; its result holds only its own manifest."""
    site.hits.clear()
    result = run_crawl("opsintels", site.base_url, tmp_path, *args)
    assert result.returncode == 0, result.log[-5000:]
    result.manifests = result.manifests[-1:]  # crawl ids sort by time: the newest is this run's
    return result


def records(result: CrawlResult) -> list:
    out = []
    for path in result.files("warc"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.payload = record.content_stream().read()  # read while the file is open
                out.append(record)
    return out


def exchanges(result: CrawlResult) -> dict[str, list[tuple[str, str]]]:
    """slug -> [(record type, HTTP status)] of the response and revisit records."""
    out: dict[str, list] = {}
    for r in records(result):
        if r.rec_type in ("response", "revisit"):
            out.setdefault(slug_of(r.rec_headers.get_header("WARC-Target-URI")), []).append(
                (r.rec_type, r.http_headers.get_statuscode()))
    return out


@pytest.fixture
def site():
    with TestSite() as site:
        yield site


@pytest.fixture
def first_run(site, tmp_path):
    result = crawl_again(site, tmp_path)
    expected = {a["slug"] for a in site.articles if a.get("expect_item", True)}
    assert {slug_of(i["url"]) for i in result.items()} == expected
    return result


def plain_article(site: TestSite) -> str:
    """An article without redirect, retry or tracking quirks."""
    return next(a["slug"] for a in site.articles if a.get("expect_item", True) and not
                {"retired_slug", "flaky_500", "tracking_params"} & set(a["quirks"]))


def test_second_run_fetches_and_emits_only_what_changed(site, tmp_path, first_run):
    changed = plain_article(site)
    site.set_article_text(changed, NEW_TEXT)

    second = crawl_again(site, tmp_path)

    items = second.items()
    assert [slug_of(i["url"]) for i in items] == [changed]
    assert items[0]["body_paragraphs"] == NEW_TEXT
    seen = exchanges(second)
    assert seen[changed] == [("response", "200")]
    unchanged = {a["slug"] for a in site.articles if a.get("expect_item", True)} - {changed}
    for slug in unchanged:  # skipped by sitemap lastmod, or asked conditionally and answered 304
        assert site.hits[f"/{slug}/"] == 0 or seen[slug] == [("response", "304")], (slug, seen.get(slug))
    stats = second.manifest["stats"]
    not_modified = sum(v == [("response", "304")] for v in seen.values())
    assert stats["incremental/not_modified"] == not_modified
    assert not_modified + stats.get("incremental/skipped/lastmod", 0) >= len(unchanged)
    assert stats["incremental/items/changed"] == 1
    assert sum(len(v) for v in seen.values()) == stats["downloader/response_count"]

    # The state is a new object each run; the previous one is kept.
    states = sorted((tmp_path / "archive" / "opsintels" / "state").iterdir())
    assert len(states) == 2
    assert [f["key"] for f in second.manifest["files"] if f["kind"] == "state"] == \
        [states[-1].relative_to(tmp_path / "archive").as_posix()]

    third = crawl_again(site, tmp_path, "-a", "full=1")
    expected = {a["slug"] for a in site.articles if a.get("expect_item", True)}
    assert {slug_of(i["url"]) for i in third.items()} == expected
    assert third.manifest["stats"]["incremental/mode"] == "full"
    assert "incremental/not_modified" not in third.manifest["stats"]


def test_sitemap_lastmod_skips_unchanged_articles_without_a_request(site, tmp_path, first_run):
    changed = plain_article(site)
    site.set_article_text(changed, NEW_TEXT)

    # Discovery through the sitemap only (spider arguments override the feed and section lists),
    # so every article request carries the sitemap's lastmod.
    second = crawl_again(site, tmp_path, "-a", "feed_paths=", "-a", "section_paths=")

    assert [slug_of(i["url"]) for i in second.items()] == [changed]
    assert site.hits[f"/{changed}/"] == 1
    unchanged = {a["slug"] for a in site.articles if a.get("expect_item", True)} - {changed}
    assert {slug: site.hits[f"/{slug}/"] for slug in unchanged} == dict.fromkeys(unchanged, 0)
    assert second.manifest["stats"]["incremental/skipped/lastmod"] == len(unchanged)


def test_unchanged_page_served_again_is_archived_as_a_revisit(site, tmp_path, first_run):
    site.ignore_conditionals = True  # a server that answers 200 to every conditional request

    second = crawl_again(site, tmp_path)

    originals = {(r.rec_headers.get_header("WARC-Payload-Digest")): r
                 for r in records(first_run) if r.rec_type == "response"}
    revisits = [r for r in records(second) if r.rec_type == "revisit"]
    articles = {a["slug"] for a in site.articles if a.get("expect_item", True)}
    revisited_articles = {slug_of(r.rec_headers.get_header("WARC-Target-URI")) for r in revisits} & articles
    assert revisited_articles, "no article page was archived as a revisit"
    for revisit in revisits:
        headers = revisit.rec_headers
        original = originals[headers.get_header("WARC-Payload-Digest")]
        assert headers.get_header("WARC-Profile") == REVISIT_PROFILE
        assert headers.get_header("WARC-Refers-To") == original.rec_headers.get_header("WARC-Record-ID")
        assert headers.get_header("WARC-Refers-To-Target-URI") == original.rec_headers.get_header("WARC-Target-URI")
        assert headers.get_header("WARC-Refers-To-Date") == original.rec_headers.get_header("WARC-Date")
        assert revisit.http_headers.get_statuscode() == "200"
        assert revisit.payload == b""  # headers only: the body is the original's
    assert second.items() == []  # the same pages: nothing new to emit
    stats = second.manifest["stats"]
    assert stats["incremental/items/unchanged"] >= len(revisited_articles)
    responses = sum(r.rec_type == "response" for r in records(second))
    assert responses + len(revisits) == stats["downloader/response_count"]
    assert stats["archive/warc/revisits"] == len(revisits)
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run([str(warcio), "check", "-v", *map(str, second.files("warc"))],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

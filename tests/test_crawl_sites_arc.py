"""End to end: the Arc XP spiders (Defense News, C4ISRNET, Military Times) and Defense One crawl
their mirrors on the test site; every article's fields match what the mirror says it holds."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.loaders import AGENCY_BYLINES
from tests.conftest import run_crawl
from tests.site import TestSite

ARC_SITES = ("defensenews", "c4isrnet", "militarytimes")
SITES = (*ARC_SITES, "defenseone")
CASES = [(name, article) for name in SITES for article in TestSite(site=name).articles]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """``crawled(site)``: (running mirror, crawl result), one crawl per site for the module."""
    cache, mirrors = {}, []

    def get(name):
        if name not in cache:
            mirror = TestSite(site=name).start()
            mirrors.append(mirror)
            result = run_crawl(name, mirror.base_url, tmp_path_factory.mktemp(name))
            assert result.returncode == 0, result.log[-5000:]
            cache[name] = (mirror, result)
        return cache[name]

    yield get
    for mirror in mirrors:
        mirror.stop()


def items_by_slug(result):
    out = {}
    for item in result.items():
        segments = [s for s in urlsplit(item["url"]).path.split("/") if s]
        slug = segments[-2] if segments[-1].isdigit() else segments[-1]  # Defense One: …/{slug}/{id}/
        out[slug] = item
    return out


@pytest.mark.parametrize("name,article", CASES, ids=[f"{n}-{a['slug'][:40]}" for n, a in CASES])
def test_every_article_matches_its_expectations(crawled, name, article):
    _, result = crawled(name)
    item = items_by_slug(result).get(article["slug"])
    assert item is not None, f"no item for {article['slug']}"
    assert item["site"] == name
    assert item["title"] == article["title"]
    assert item["authors"] == article["authors"]
    assert item["captions"] == article["captions"]
    assert item["body_paragraphs"] == article["body_paragraphs"]
    assert item["published_at"] == article["published_at"]
    assert item["published_at"][-6] in "+-" and item["published_at"][-3] == ":"  # an offset, never naive
    assert item["section"] == article["section"]
    assert item["canonical_url"] == article["url"]
    if article["lead_image_credit"]:
        assert item["lead_image"]["credit"] == article["lead_image_credit"]
    for text in article["not_in_body"]:
        assert text not in item["body"], text


@pytest.mark.parametrize("name", SITES)
def test_only_articles_become_items_and_no_agency_is_an_author(crawled, name):
    mirror, result = crawled(name)
    items = result.items()
    assert sorted(i["url"].replace(mirror.base_url, mirror.origin) for i in items) == \
        sorted(a["url"] for a in mirror.articles)
    for item in items:
        assert not {a.casefold() for a in item["authors"]} & AGENCY_BYLINES, item["authors"]
        assert not any(s in item["title"] for s in (" | ", " - Defense One")), item["title"]
    assert result.manifest["stats"]["article/extracted"] == len(mirror.articles)


@pytest.mark.parametrize("name", ARC_SITES)
def test_arc_discovery_uses_the_outbound_feeds(crawled, name):
    mirror, result = crawled(name)
    targets = [target for _, target, _ in mirror.log]
    feeds = [t for t in targets if t.startswith("/arc/outboundfeeds/")]
    # the query string is part of Arc feed URLs: every request kept it
    assert feeds and all("?outputType=xml" in t for t in feeds)
    for path in ("/arc/outboundfeeds/news-sitemap/", "/arc/outboundfeeds/sitemap-index/",
                 "/arc/outboundfeeds/rss/"):
        assert mirror.hits[path] == 1, path
    if mirror.app.site.get("sitemap_style") == "paged":  # sitemap/?outputType=xml&from=N
        assert mirror.hits["/arc/outboundfeeds/sitemap/"] == 2
    else:
        assert any(t.startswith("/arc/outboundfeeds/sitemap/2025-08-") for t in targets)  # per-day sitemaps
    assert mirror.hits["/arc/outboundfeeds/video-sitemap/"] == 0  # not followed
    assert mirror.hits[mirror.app.site["video"]] == 0  # listed in a sitemap, not an article URL
    for article in mirror.articles:
        assert mirror.hits[urlsplit(article["url"]).path] == 1  # sitemaps and feeds overlap: fetched once


def test_defensenews_page_without_story_json_falls_back_and_says_so(crawled):
    """A page whose Fusion.globalContent holds no story: JSON-LD and stable hooks fill the fields,
    the fallback is counted, the paragraph Arc renders twice is kept once."""
    _, result = crawled("defensenews")
    stats = result.manifest["stats"]
    assert stats["article/fallback/body_paragraphs"] == 1
    assert stats["article/fallback/title"] == 1
    assert "article/missing/body" not in stats


def test_defenseone_discovery_reads_its_feeds(crawled):
    mirror, result = crawled("defenseone")
    assert mirror.hits["/rss/all/"] == 1 and mirror.hits["/rss/technology/"] == 1
    assert result.manifest["stats"]["discovery/article_urls/feed"] == len(mirror.articles)


def test_since_skips_older_day_sitemaps_but_not_the_feeds(crawl):
    with TestSite(site="defensenews") as mirror:
        result = crawl("defensenews", mirror.base_url, "-a", "since=2025-08-20")
        assert result.returncode == 0, result.log[-3000:]
        assert mirror.hits["/arc/outboundfeeds/sitemap/2025-08-19/"] == 0
        assert mirror.hits["/arc/outboundfeeds/sitemap/2025-08-20/"] == 1
        assert result.manifest["stats"]["discovery/skipped_old_sitemap"] == 1
        # the 2025-08-19 story is still in the feeds, so it is still crawled
        assert len(result.items()) == len(mirror.articles)


def test_a_malformed_since_fails_the_crawl_in_one_line(crawl):
    with TestSite(site="defensenews") as mirror:
        result = crawl("defensenews", mirror.base_url, "-a", "since=last-week")
        assert result.returncode == 1
        assert "crawl failed: -a since='last-week': expected a date like 2025-08-01" in result.log
        assert "Traceback" not in result.log
        assert not [t for _, t, _ in mirror.log if t != "/robots.txt"]

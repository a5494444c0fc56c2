"""The generic ``news`` spider on a mirror, and site spiders degrading to the same chain."""

from __future__ import annotations

import pytest

from crawler.spiders.news import GenericNewsSpider, site_name
from tests.site import TestSite


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def twz_generic(tmp_path_factory):
    """``scrapy crawl news -a site=https://www.twz.com -a base_url=<mirror>``."""
    from tests.conftest import run_crawl

    with TestSite(site="twz") as site:
        result = run_crawl("news", site.base_url, tmp_path_factory.mktemp("news"), "-a", "site=https://www.twz.com")
        yield result, site.articles, dict(site.hits)


def test_generic_spider_extracts_every_article_of_the_mirror(twz_generic):
    result, expectations, _ = twz_generic
    assert result.returncode == 0, result.log[-3000:]
    items = {slug_of(i["url"]): i for i in result.items()}
    assert set(items) == {a["slug"] for a in expectations}
    for article in expectations:
        item = items[article["slug"]]
        assert item["site"] == "twz"
        assert item["title"] == article["title"]
        assert item["authors"] == article["authors"]
        assert item["published_at"] == article["published_at"]
        assert item["body_paragraphs"] == article["body_paragraphs"]
        assert item["canonical_url"] == article["url"]


def test_generic_spider_discovers_through_robots_sitemaps_and_announced_feed(twz_generic):
    result, expectations, hits = twz_generic
    stats = result.manifest["stats"]
    assert hits.get("/robots.txt", 0) >= 1
    assert hits.get("/feed") == 1          # only announced by <link rel=alternate> on the home page
    assert "/feed/" not in hits and "/rss/" not in hits  # no guessing when the home page says
    assert hits.get("/sitemap.xml", 0) >= 3  # the index from robots.txt and its day sitemaps
    assert stats["discovery/feeds"] == 1
    # no site rules: generic article markup is the body's first source, not a fallback
    assert stats.get("article/fallback/body_paragraphs", 0) == 0
    assert stats["article/extracted"] == len(expectations)


def test_generic_spider_needs_a_site():
    with pytest.raises(ValueError, match="-a site="):
        GenericNewsSpider()


@pytest.mark.parametrize("host, name", [
    ("www.twz.com", "twz"), ("breakingdefense.com", "breakingdefense"),
    ("www.example-defense.co.uk", "example-defense"), ("news.example.org", "news-example"),
    ("127.0.0.1", "127-0-0-1"),
])
def test_site_name_from_host(host, name):
    assert site_name(host) == name


def test_generic_spider_mirrors_and_filters_urls():
    spider = GenericNewsSpider(site="https://www.twz.com", base_url="http://127.0.0.1:9")
    assert spider.site == "twz" and spider.start_url == "https://www.twz.com"
    assert spider.site_url("https://www.twz.com/air/x?utm_source=a") == "http://127.0.0.1:9/air/x"
    assert spider.is_article_url("https://www.twz.com/air/x")
    for url in ("https://www.twz.com/category/air/", "https://www.twz.com/feed/", "https://www.twz.com/tag/f-35/",
                "https://www.twz.com/wp-content/uploads/a.jpg", "https://other.example/air/x"):
        assert not spider.is_article_url(url), url


def test_redesign_degrades_to_the_fallback_chain(crawl):
    """OpsIntels without its content widget: bodies still come out, counted as fallbacks."""
    with TestSite(variant="redesign") as site:
        # the quality gate turns such a crawl red (tests/test_quality.py); here: what was extracted
        result = crawl("opsintels", site.base_url, settings={"ARCHIVE_MAX_FALLBACK_RATE": "{}"})
        expectations = {a["slug"]: a for a in site.articles}
    assert result.returncode == 0, result.log[-3000:]
    items = result.items()
    assert {slug_of(i["url"]) for i in items} == set(expectations)
    for item in items:
        assert item["body_paragraphs"] == expectations[slug_of(item["url"])]["body_paragraphs"], item["url"]
    stats = result.manifest["stats"]
    assert stats["article/fallback/body_paragraphs"] == stats["article/extracted"] == len(items)
    assert "article/missing/body_paragraphs" not in stats



def _home(html):
    from scrapy.http import HtmlResponse

    return HtmlResponse("https://www.twz.com/", body=html.encode(), encoding="utf-8")


def test_home_page_feeds_announced_or_guessed():
    spider = GenericNewsSpider(site="https://www.twz.com")
    announced = _home('<html><head><link rel="alternate" type="application/rss+xml" href="/feed">'
                      '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
                      '<link rel="alternate" type="application/json" href="/wp-json/"></head></html>')
    assert [r.url for r in spider.parse_home(announced)] == ["https://www.twz.com/feed"]
    silent = _home("<html><head><title>Home</title></head></html>")
    assert [r.url for r in spider.parse_home(silent)] == ["https://www.twz.com/feed/", "https://www.twz.com/rss/"]

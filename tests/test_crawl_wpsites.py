"""End to end: each WordPress site spider crawls its mirror (tests/site/wpnews) into a local store."""

from __future__ import annotations

import pytest

from tests.conftest import run_crawl
from tests.site import TestSite

WP_SITES = ("breakingdefense", "twz", "navalnews", "defensepost")


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module", params=WP_SITES)
def site_crawl(request, tmp_path_factory):
    """(site, crawl result, items by slug) for one site: one crawl per site per module."""
    with TestSite(site=request.param) as site:
        result = run_crawl(request.param, site.base_url, tmp_path_factory.mktemp(request.param))
        expectations = site.articles
        hits = dict(site.hits)
    assert result.returncode == 0, result.log[-5000:]
    items = {slug_of(item["url"]): item for item in result.items()}
    return request.param, result, items, expectations, hits


def test_every_article_and_only_articles(site_crawl):
    name, result, items, expectations, _ = site_crawl
    assert set(items) == {a["slug"] for a in expectations}
    assert result.manifest["site"] == name
    assert result.manifest["stats"].get("article/dropped/invalid", 0) == 0


def test_fields_match_the_site_markup(site_crawl):
    name, _, items, expectations, _ = site_crawl
    for article in expectations:
        item = items[article["slug"]]
        assert item["site"] == name
        assert item["title"] == article["title"], article["slug"]
        assert item["authors"] == article["authors"], article["slug"]
        assert item["captions"] == article["captions"], article["slug"]
        assert item["body_paragraphs"] == article["body_paragraphs"], article["slug"]
        assert item["published_at"] == article["published_at"], article["slug"]
        assert item["modified_at"] == article["modified_at"], article["slug"]
        assert item["section"] == article["section"]
        assert item["tags"] == article["tags"]
        assert item["canonical_url"] == article["url"]
        lead = item["lead_image"] or {}
        assert lead.get("url") == article["lead_image_url"]
        assert lead.get("credit") == article["lead_image_credit"]
        for text in article["not_in_body"]:
            assert text not in item["body"], (article["slug"], text)


def test_site_rules_leave_nothing_to_fallbacks(site_crawl):
    """The spiders' rules match their site's markup: no field came from a fallback source."""
    _, result, _, _, _ = site_crawl
    stats = result.manifest["stats"]
    fallbacks = {k: v for k, v in stats.items() if k.startswith("article/fallback/")}
    assert fallbacks == {}
    assert stats["discovery/article_urls"] == stats["article/extracted"]


def test_discovery_uses_what_the_site_publishes(site_crawl):
    name, result, _, _, hits = site_crawl
    stats = result.manifest["stats"]
    assert stats["discovery/sitemaps"] >= 2  # an index (or robots.txt) and at least one urlset
    assert stats.get("discovery/feeds", 0) >= 1
    assert stats.get("discovery/invalid_sitemap", 0) == 0 and stats.get("discovery/invalid_feed", 0) == 0
    if name in ("breakingdefense", "defensepost"):  # Google News sitemaps (<news:news>)
        assert hits.get("/news-sitemap.xml") == 1
    if name == "twz":  # msm-sitemap day sitemaps are followed from robots.txt
        assert any(path == "/sitemap.xml" for path in hits) and stats["discovery/sitemaps"] >= 3
    if name == "navalnews":  # video posts are not articles
        assert "/video/2025/09/fdi-frigate-walkaround/" not in hits

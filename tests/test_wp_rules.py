"""Shared rules the WordPress sites needed: desk bylines, caption credit labels, spider arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract import _credit
from crawler.loaders import is_person_name
from crawler.spiders.breakingdefense import BreakingDefenseSpider
from crawler.spiders.defensepost import DefensePostSpider
from crawler.spiders.navalnews import NavalNewsSpider
from crawler.spiders.twz import TwzSpider

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["Naval News Staff", "Defense Desk", "Breaking Defense Newsroom", "AFP"])
def test_desks_and_agencies_are_not_people(name):
    assert not is_person_name(name)


@pytest.mark.parametrize("name", ["Xavier Vavasseur", "Joe Staffieri", "Anna Deskova"])
def test_people_stay_people(name):
    assert is_person_name(name)


@pytest.mark.parametrize("caption, credit", [
    ("A Patriot launcher. (Photo: Bundeswehr)", "Bundeswehr"),
    ("The B-21 Raider. (U.S. Air Force photo)", "U.S. Air Force photo"),
    ("Leaders meet. (Belarusian Presidential Press Service via AP)", "Belarusian Presidential Press Service via AP"),
    ("A rendering of the frigate. (Fincantieri Marinette Marine)", None),
])
def test_caption_credits(caption, credit):
    assert _credit(caption) == credit


@pytest.mark.parametrize("spider, article, not_article", [
    (BreakingDefenseSpider, "https://breakingdefense.com/2025/08/some-story/",
     ["https://breakingdefense.com/category/air/", "https://breakingdefense.com/author/x/",
      "https://breakingdefense.com/2025/08/some-story/feed/", "https://breakingdefense.com/about/"]),
    (TwzSpider, "https://www.twz.com/sea/some-story",
     ["https://www.twz.com/sea", "https://www.twz.com/author/tyler-rogoway", "https://www.twz.com/category/air/",
      "https://www.twz.com/wp-content/uploads/2025/08/a.jpg"]),
    (NavalNewsSpider, "https://www.navalnews.com/event-news/dsei-2025/2025/09/some-story/",
     ["https://www.navalnews.com/video/2025/09/a-video/", "https://www.navalnews.com/naval-news/",
      "https://www.navalnews.com/category/naval-news/"]),
    (DefensePostSpider, "https://thedefensepost.com/2025/08/21/some-story/",
     ["https://thedefensepost.com/2025/08/some-story/", "https://thedefensepost.com/tag/ukraine/"]),
])
def test_article_url_patterns(spider, article, not_article):
    instance = spider()
    assert instance.is_article_url(article)
    for url in not_article:
        assert not instance.is_article_url(url), url


def test_news_spider_without_site_is_a_usage_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news"], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "ARCHIVE_URI": str(tmp_path / "a"),
                               "ARCHIVE_SPOOL_DIR": str(tmp_path / "s"), "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 2
    assert "needs -a site=" in proc.stderr and "Traceback" not in proc.stderr


def test_generic_chain_strips_the_site_name_the_page_declares():
    """No JSON-LD, no <h1>: the title comes from og:title, minus " | <og:site_name>"."""
    from crawler.extract import extract_article

    html = """<html lang="en"><head><meta property="og:type" content="article">
    <meta property="og:title" content="Germany Orders More Patriot Systems | The Defense Post">
    <meta property="og:site_name" content="The Defense Post">
    <meta property="article:published_time" content="2025-08-21T11:20:00+00:00"></head>
    <body><div class="entry-content"><p>Germany has ordered two more Patriot systems.</p></div></body></html>"""
    article = extract_article(html, "https://thedefensepost.com/2025/08/21/germany-patriot/")
    assert article["title"] == "Germany Orders More Patriot Systems"
    assert article["published_at"] == "2025-08-21T11:20:00+00:00"

"""The generic spider: any news site that publishes a sitemap or a feed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy

from crawler.extract import page_selector
from crawler.spiders.base import NewsSpider
from crawler.spiders.wordpress import WP_DENY_PATHS

COMMENT_FEED = re.compile(r"/comments?/feed/?$", re.I)  # WordPress comment feeds: replies, not articles
GUESSED_FEED_PATHS = ("/feed/", "/rss/")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def site_name(host: str) -> str:
    """``www.example-defense.co.uk`` → ``example-defense``: the short name in storage keys."""
    labels = host.lower().removeprefix("www.").split(".")
    if all(label.isdigit() for label in labels):  # an IP address (a local mirror)
        return "-".join(labels)
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac"):
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return "-".join(labels) or host


class GenericNewsSpider(NewsSpider):
    """
    Domain
      Any news site given with ``-a site=``. Discovery: robots.txt ``Sitemap:`` lines,
      /sitemap.xml, /sitemap_index.xml, /news-sitemap.xml, the feeds the home page announces
      (``<link rel=alternate type=application/rss+xml>``) or, if it announces none, /feed/ and
      /rss/. Every site URL found
      there that is not an archive, feed or static file is fetched, and kept when its metadata
      says it is an article (JSON-LD Article types or ``og:type`` article). Fields come from
      structured metadata, generic article markup and trafilatura for the body.
    Caveats
      No site rules: every field read from markup or trafilatura is counted as a fallback.
      Taxonomy sitemaps (category, tag, author, page) are not followed.
    Spider arguments
      site      the site's origin, e.g. ``-a site=https://example-defense-site.com`` (required)
      base_url  crawl a mirror of that site instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "news"
    required_args = ("site",)
    required_args_example = "-a site=https://example-defense-site.com"
    sitemap_paths = ("/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
    sitemap_follow = (r"^(?!.*/(category|tag|post_tag|author|page|video|attachment)[-_]?sitemap)",)
    feed_paths = ()  # the home page's announced feeds, else GUESSED_FEED_PATHS (see parse_home)
    article_paths = (r"^/.+",)
    deny_paths = WP_DENY_PATHS + (r"^/(topics?|sections?|authors?|people|newsletters?|about|contact)(/[^/]*)?/?$",)

    def __init__(self, *args, site: str | None = None, **kwargs):
        if not site:
            raise ValueError("the news spider needs -a site=https://example.com")
        if "://" not in site:
            site = "https://" + site
        parts = urlsplit(site)
        self.start_url = f"{parts.scheme}://{parts.netloc}"
        host = (parts.hostname or "").lower()
        self.allowed_domains = [host.removeprefix("www.")]
        self.site = site_name(host)
        super().__init__(*args, **kwargs)

    async def start(self):
        async for request in super().start():
            yield request
        yield scrapy.Request(self.origin() + "/", callback=self.parse_home, errback=self.home_failed)

    def parse_home(self, response):
        """Feeds announced by the home page (``<link rel=alternate>``); the usual paths if none."""
        announced = [response.urljoin(link.attrib["href"]) for link in page_selector(response).css("link[rel~=alternate][href]")
                     if (link.attrib.get("type") or "").lower() in FEED_TYPES
                     and not COMMENT_FEED.search(link.attrib["href"])]
        if not announced:
            yield from self.guessed_feeds()
        for url in announced:
            yield scrapy.Request(self.site_url(url), callback=self.parse_feed, errback=self.on_error)

    def home_failed(self, failure):
        self.on_error(failure)
        yield from self.guessed_feeds()

    def guessed_feeds(self):
        for path in GUESSED_FEED_PATHS:
            yield scrapy.Request(self.origin() + path, callback=self.parse_feed, errback=self.on_error)

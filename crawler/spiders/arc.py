"""The shared base of Arc XP (Fusion) news sites: outbound feeds for discovery, ANS for extraction."""

import re
from datetime import date

from crawler.arc import fusion_article
from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider

FEEDS = "/arc/outboundfeeds"
DAY_SITEMAP = re.compile(rf"{FEEDS}/sitemap/(\d{{4}}-\d{{2}}-\d{{2}})/")


def arc_rules(*site_names: str) -> SiteRules:
    """Rules for an Arc XP site: the story JSON first, then hooks that survive class-name hashing.

    Styled-component classes look like ``default__ArticleBody-sc-1mncpzl-2 kXoXGb``: the hash
    changes on every deploy, the component name does not, hence ``[class*=ArticleBody]``.
    """
    return SiteRules(
        site_names=site_names,
        content_source=fusion_article,
        scope_css=("article[class*=ArticleBody]", "article.article-body", "main article", "main"),
        title_css=("h1[class*=Headline]", "h1.headline", "h1"),
        byline_css=("[class*=Byline] a[href*='/author/']", ".byline a[href*='/author/']", "[class*=Byline]"),
        body_css=("[class*=ArticleBody]", ".article-body", "[itemprop=articleBody]"),
        caption_css=(".a-caption", "figcaption"),
        remove_css=("[class*=Interstitial]", "[class*=RelatedContent]",
                    "[class*=Newsletter]", "[class*=AdUnit]"),
    )


class ArcSpider(NewsSpider):
    """An Arc XP site: set ``name``, ``site``, ``start_url``, ``allowed_domains``, ``sections``
    and ``rules = arc_rules("Site Name")``.

    Discovery reads the outbound feeds Arc sites publish, always with ``?outputType=xml`` (the
    form public feed lists use; the query string is kept on every request): the news sitemap
    (last 48 hours), the sitemap index (one sitemap per day or per page: the whole archive), the
    site RSS feed and one RSS feed per section. Articles are ``/{section}[/{subsection}…]/{yyyy}/{mm}/{dd}/{slug}/``.

    Spider arguments:
      since     skip the per-day sitemaps of days before this date (``-a since=2025-08-01``);
                the news sitemap and the feeds are always read
    """

    #: section slugs with their own RSS feed (``/arc/outboundfeeds/rss/category/{slug}/``)
    sections: tuple[str, ...] = ()

    sitemap_paths = (f"{FEEDS}/news-sitemap/?outputType=xml", f"{FEEDS}/sitemap-index/?outputType=xml")
    # children of the index: per-day (``sitemap/2025-08-21/``) or paged (``sitemap/?from=100``)
    # sitemaps, whichever the site's index lists; never the video sitemap
    sitemap_follow = (rf"{FEEDS}/(?!video)[a-z-]*sitemap[a-z-]*/",)
    article_paths = (r"^(/[a-z0-9-]+)+/\d{4}/\d{2}/\d{2}/[^/]+/?$",)
    deny_paths = (r"^/(arc|pf|video|videos|photos|galleries|podcasts?|author|resizer)/",)

    def __init__(self, *args, since: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed_paths = (f"{FEEDS}/rss/?outputType=xml",
                           *(f"{FEEDS}/rss/category/{slug}/?outputType=xml" for slug in self.sections))
        self.since, self.argument_problems = None, []
        try:
            self.since = date.fromisoformat(since).isoformat() if since else None
        except ValueError:
            self.argument_problems.append(f"-a since={since!r}: expected a date like 2025-08-01")

    async def start(self):
        """Nothing is fetched when an argument is wrong: the crawl fails with one clear line."""
        if self.argument_problems:
            self.logger.error("; ".join(self.argument_problems))
            return
        async for request in super().start():
            yield request

    def follow_sitemap(self, url: str) -> bool:
        """The base spider's, minus the per-day sitemaps older than ``since``."""
        day = DAY_SITEMAP.search(url)
        if day and self.since and day.group(1) < self.since:
            self.crawler.stats.inc_value("discovery/skipped_old_sitemap")
            return False
        return super().follow_sitemap(url)

    def closing_checks(self) -> list[str]:
        return self.argument_problems or super().closing_checks()

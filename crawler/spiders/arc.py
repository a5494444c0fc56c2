"""The shared base of Arc XP (Fusion) news sites: outbound feeds for discovery, ANS for extraction."""

from crawler.arc import fusion_article
from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider

FEEDS = "/arc/outboundfeeds"


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
        remove_css=("[class*=Byline]", "[class*=Interstitial]", "[class*=RelatedContent]",
                    "[class*=Newsletter]", "[class*=AdUnit]"),
    )


class ArcSpider(NewsSpider):
    """An Arc XP site: set ``name``, ``site``, ``start_url``, ``allowed_domains``, ``sections``
    and ``rules = arc_rules("Site Name")``.

    Discovery reads the outbound feeds every Arc site publishes (the query string is part of the
    URL: without ``outputType=xml`` Arc answers with something else): the news sitemap (last 48
    hours), the sitemap index (one sitemap per day, the whole archive), the site RSS feed and one
    RSS feed per section. Articles are ``/{section}[/{subsection}…]/{yyyy}/{mm}/{dd}/{slug}/``.
    """

    #: section slugs with their own RSS feed (``/arc/outboundfeeds/rss/category/{slug}/``)
    sections: tuple[str, ...] = ()

    sitemap_paths = (f"{FEEDS}/news-sitemap/?outputType=xml", f"{FEEDS}/sitemap-index/?outputType=xml")
    sitemap_follow = (rf"{FEEDS}/sitemap/\d{{4}}-\d{{2}}-\d{{2}}/",)
    article_paths = (r"^(/[a-z0-9-]+)+/\d{4}/\d{2}/\d{2}/[^/]+/?$",)
    deny_paths = (r"^/(arc|pf|video|videos|photos|galleries|podcasts?|author|resizer)/",)

    @property
    def feed_paths(self) -> tuple[str, ...]:
        return (f"{FEEDS}/rss/?outputType=xml",
                *(f"{FEEDS}/rss/category/{slug}/?outputType=xml" for slug in self.sections))

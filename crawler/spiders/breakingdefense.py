"""Breaking Defense (https://breakingdefense.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider
from crawler.spiders.wordpress import WP_DENY_PATHS


class BreakingDefenseSpider(NewsSpider):
    """
    Domain
      Breaking Defense, US defense-industry and policy news. WordPress with Yoast SEO (sitemap
      index, Yoast News SEO sitemap, JSON-LD ``@graph``); also exposes ``/wp-json/wp/v2/posts``.
    Caveats
      Permalinks are /YYYY/MM/slug/. Dates are US Eastern with their offset (-04:00/-05:00),
      kept as published. Sponsored posts are authored by the publisher (no person author).
      A newsletter box and "RELATED" lines sit inside ``.entry-content``; the box is removed,
      the RELATED line is the site's own text and is kept. ``<title>`` ends in " - Breaking Defense".
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "breakingdefense"
    site = "breakingdefense"
    start_url = "https://breakingdefense.com"
    allowed_domains = ["breakingdefense.com"]
    sitemap_paths = ("/news-sitemap.xml", "/sitemap_index.xml")
    sitemap_follow = (r"/post-sitemap\d*\.xml",)
    feed_paths = ("/feed/",)
    article_paths = (r"^/\d{4}/\d{2}/[^/]+/?$",)
    deny_paths = WP_DENY_PATHS
    rules = SiteRules(
        site_names=("Breaking Defense",),
        title_css=("h1.entry-title",),
        byline_css=(".post-byline .author-name", "a[rel=author]"),
        body_css=(".entry-content",),
        caption_css=(".wp-caption-text",),
        remove_css=(".bd-newsletter-signup", ".post-tags"),
    )

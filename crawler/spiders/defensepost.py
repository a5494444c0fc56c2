"""The Defense Post (https://thedefensepost.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider
from crawler.spiders.wordpress import WP_DENY_PATHS


class DefensePostSpider(NewsSpider):
    """
    Domain
      The Defense Post, global defense news. WordPress with Yoast SEO (sitemap index, News
      sitemap, JSON-LD ``@graph``), ``/feed/`` and native WordPress comments.
    Caveats
      Permalinks are /YYYY/MM/DD/slug/. Wire copy is published under an "AFP" WordPress user,
      which Yoast declares a Person: it is an agency, so such articles have no author.
      Comments follow the article (never body, also not in the trafilatura fallback).
      "Read also" boxes inside the content are removed.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "defensepost"
    site = "defensepost"
    start_url = "https://thedefensepost.com"
    allowed_domains = ["thedefensepost.com"]
    sitemap_paths = ("/news-sitemap.xml", "/sitemap_index.xml")
    sitemap_follow = (r"/post-sitemap\d*\.xml",)
    feed_paths = ("/feed/",)
    article_paths = (r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$",)
    deny_paths = WP_DENY_PATHS
    rules = SiteRules(
        site_names=("The Defense Post",),
        title_css=("h1.entry-title",),
        byline_css=(".entry-meta .author .fn", ".byline"),
        body_css=(".entry-content",),
        caption_css=("figcaption",),
        remove_css=(".read-also",),
    )

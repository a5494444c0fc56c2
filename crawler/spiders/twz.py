"""The War Zone (https://www.twz.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider
from crawler.spiders.wordpress import WP_DENY_PATHS


class TwzSpider(NewsSpider):
    """
    Domain
      The War Zone, military technology and conflict reporting. WordPress VIP with Yoast
      JSON-LD; sitemaps from msm-sitemap (one per day) listed in robots.txt; feed at ``/feed``.
    Caveats
      Permalinks are /<section>/<slug> without date or trailing slash; sections (air, sea,
      land, news-features…) are single-segment and must not be taken for articles. Day sitemaps
      are ``/sitemap.xml?yyyy=…&mm=…&dd=…`` (the query is the sitemap's identity). Image URLs
      carry ``?quality=85``. Embedded tweets and videos are not body; the "Contact the author"
      line sits outside the content.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "twz"
    site = "twz"
    start_url = "https://www.twz.com"
    allowed_domains = ["twz.com"]
    sitemap_paths = ("/robots.txt", "/news-sitemap.xml")
    feed_paths = ("/feed",)
    article_paths = (r"^/(?!author/|category/|tag/|page/)[a-z0-9-]+/[^/]+/?$",)
    deny_paths = WP_DENY_PATHS
    rules = SiteRules(
        site_names=("The War Zone", "TWZ"),
        title_css=("h1.article-title", "h1.entry-title"),
        byline_css=(".article-byline a[rel=author]", ".article-byline"),
        body_css=(".article-content", ".entry-content"),
        caption_css=("figcaption",),
        remove_css=(".article-contact",),
    )

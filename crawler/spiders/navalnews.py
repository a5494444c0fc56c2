"""Naval News (https://www.navalnews.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider
from crawler.spiders.wordpress import WP_DENY_PATHS


class NavalNewsSpider(NewsSpider):
    """
    Domain
      Naval News, naval defense news from France. WordPress (tagDiv "Newspaper"-style theme)
      with Yoast SEO (sitemap index, JSON-LD ``@graph``) and ``/feed/``.
    Caveats
      Permalinks are /naval-news/YYYY/MM/slug/ and, for trade shows, /event-news/<show>/YYYY/MM/slug/;
      /video/… posts are videos, not articles. Desk pieces are credited to "Naval News Staff",
      which is not a person (no author). Offsets are European (+01:00/+02:00). A "Related
      Posts" block sits inside ``.td-post-content`` and is removed.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "navalnews"
    site = "navalnews"
    start_url = "https://www.navalnews.com"
    allowed_domains = ["navalnews.com"]
    sitemap_paths = ("/sitemap_index.xml",)
    sitemap_follow = (r"/post-sitemap\d*\.xml",)
    feed_paths = ("/feed/",)
    article_paths = (r"^/naval-news/\d{4}/\d{2}/[^/]+/?$", r"^/event-news/[^/]+/\d{4}/\d{2}/[^/]+/?$")
    deny_paths = WP_DENY_PATHS + (r"^/video/",)
    rules = SiteRules(
        site_names=("Naval News",),
        title_css=(".td-post-title h1.entry-title", "h1.entry-title"),
        byline_css=(".td-post-author-name a",),
        body_css=(".td-post-content",),
        caption_css=(".wp-caption-text",),
        remove_css=(".td_block_related_posts", ".td-a-rec"),
    )

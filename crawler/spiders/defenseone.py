"""Defense One (https://www.defenseone.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider


class DefenseOneSpider(NewsSpider):
    """
    Domain
      Defense One (GovExec / Government Executive Media Group): U.S. defense and national
      security. GovExec's own platform (not WordPress, not Arc): server-rendered pages,
      ``/rss/all/`` and one feed per section (``/rss/technology/``…). Discovery is these feeds
      only (no public sitemap was found): a crawl sees the latest items of each feed.
    Caveats
      Article URLs end in a numeric id, ``/{section}/{yyyy}/{mm}/{slug}/{id}/``; author pages
      are ``/voices/{name}/{id}/`` and must not be taken as articles. ``og:title`` and
      ``<title>`` carry " - Defense One". Bylines list several authors in one line ("By A and
      B"); wire pieces are credited to agencies. Markup hooks (``content-body``,
      ``content-byline``) come from public traces of GovExec pages; JSON-LD is tried first.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "defenseone"
    site = "defenseone"
    start_url = "https://www.defenseone.com"
    allowed_domains = ["defenseone.com"]
    feed_paths = ("/rss/all/", "/rss/technology/")
    article_paths = (r"^/[a-z0-9-]+/\d{4}/\d{2}/[^/]+/\d+/?$",)
    deny_paths = (r"^/(voices|topic|rss|search|newsletters|assets|media|sponsors?)(/|$)",)
    rules = SiteRules(
        site_names=("Defense One", "defenseone.com"),
        scope_css=("article.content", "main article", "main"),
        title_css=("h1.content-title", "h1"),
        byline_css=(".content-byline a[href*='/voices/']", ".content-byline"),
        body_css=(".content-body",),
        caption_css=(".content-figure-caption", "figcaption"),
        credit_css=(".content-figure-credit",),
        remove_css=(".content-share", ".content-related", ".content-newsletter", ".ad"),
    )

"""Defense News (https://www.defensenews.com)."""

from crawler.spiders.arc import ArcSpider, arc_rules


class DefenseNewsSpider(ArcSpider):
    """
    Domain
      Defense News (Sightline Media Group): politics, business and technology of defense.
      Arc XP (Fusion) front end; discovery through ``/arc/outboundfeeds/`` (news sitemap,
      sitemap index by day, RSS per section).
    Caveats
      Class names are styled-component hashes that change often: fields come from the story
      JSON (``Fusion.globalContent``), then JSON-LD, then ``[class*=ArticleBody]``-style hooks.
      Wire stories are credited to "The Associated Press" (an agency, not an author) and
      photos carry "Name/AP"-style credits. The sitemap index lists one sitemap per day of the
      archive: a first crawl walks all of it.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
      since     read only the per-day sitemaps from this date on, e.g. ``-a since=2025-08-01``
    """

    name = "defensenews"
    site = "defensenews"
    start_url = "https://www.defensenews.com"
    allowed_domains = ["defensenews.com"]
    sections = ("air", "land", "naval", "pentagon", "congress", "space", "global")
    rules = arc_rules("Defense News", "defensenews.com")

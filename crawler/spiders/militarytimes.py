"""Military Times (https://www.militarytimes.com)."""

from crawler.spiders.arc import ArcSpider, arc_rules


class MilitaryTimesSpider(ArcSpider):
    """
    Domain
      Military Times (Sightline Media Group): news for service members and veterans. Arc XP
      (Fusion), discovery through ``/arc/outboundfeeds/``.
    Caveats
      Many wire stories (The Associated Press, Reuters): agency bylines are not authors, the
      reporter named next to them is. Deep section paths (``/news/your-military/2025/…``).
      Pay, benefits and "off duty" pieces share the article URL shape and are crawled too.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
      since     read only the per-day sitemaps from this date on, e.g. ``-a since=2025-08-01``
    """

    name = "militarytimes"
    site = "militarytimes"
    start_url = "https://www.militarytimes.com"
    allowed_domains = ["militarytimes.com"]
    sections = ("news", "pay-benefits", "veterans", "off-duty")
    rules = arc_rules("Military Times", "militarytimes.com")

"""C4ISRNET (https://www.c4isrnet.com)."""

from crawler.spiders.arc import ArcSpider, arc_rules


class C4isrnetSpider(ArcSpider):
    """
    Domain
      C4ISRNET (Sightline Media Group): command, control, communications, cyber, electronic
      warfare, unmanned systems. Arc XP (Fusion), discovery through ``/arc/outboundfeeds/``.
    Caveats
      Same platform as Defense News (hashed class names, story JSON in
      ``Fusion.globalContent``); sections nest (``/battlefield-tech/space/2025/…``); many
      stories are republished from Defense News with the same byline.
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
      since     read only the per-day sitemaps from this date on, e.g. ``-a since=2025-08-01``
    """

    name = "c4isrnet"
    site = "c4isrnet"
    start_url = "https://www.c4isrnet.com"
    allowed_domains = ["c4isrnet.com"]
    sections = ("cyber", "electronic-warfare", "unmanned", "artificial-intelligence", "battlefield-tech")
    rules = arc_rules("C4ISRNET", "c4isrnet.com")

"""Mirrors of the Arc XP sites (Defense News, C4ISRNET, Military Times): one app, three sites.

    TestSite(site="defensenews")       # or "c4isrnet", "militarytimes"
    site.articles                      # expectations, newest first (see tests/site/mirror.py)

Served: robots.txt, ``/arc/outboundfeeds/`` sitemap index (one sitemap per day, or paged
``sitemap/?from=N`` for Military Times, plus a video sitemap not to follow), news sitemap, RSS (site and per section) — only with
``?outputType=xml`` (other output types: 404 here), so a dropped query string shows — article pages
and one video page that the sitemaps list but that is not an article.
"""

from ..mirror import MirrorApp
from . import pages
from .stories import SITES

FEEDS = "/arc/outboundfeeds/"


class ArcApp(MirrorApp):
    def __init__(self, site, variant=None):
        self.site = SITES[site]
        self.origin = f"https://www.{self.site['domain']}"
        super().__init__(self.site["stories"], variant)

    def url_of(self, story):
        return self.origin + pages.story_path(story)

    def route(self, path, query):
        site, stories = self.site, self.stories()
        if path == "/robots.txt":
            return self.text(pages.robots(site))
        if path.startswith(FEEDS):
            if query.get("outputType") != ["xml"]:
                return None
            return self._feed(path[len(FEEDS):].strip("/").split("/"), stories, query)
        if path == site["video"]:
            return self.page(stories[0], pages.video_page(site, path))
        for story in stories:
            if pages.story_path(story) == path:
                return self.page(story, pages.article_page(site, story))
        return None

    def _feed(self, parts, stories, query):
        site = self.site
        if parts == ["sitemap"] and site.get("sitemap_style") == "paged" and query.get("from", [""])[0].isdigit():
            text = pages.paged_sitemap(site, stories, int(query["from"][0]))
            return self.xml(text) if text else None
        if parts == ["sitemap-index"]:
            return self.xml(pages.sitemap_index(site, stories))
        if parts == ["news-sitemap"]:
            return self.xml(pages.news_sitemap(site, stories))
        if len(parts) == 2 and parts[0] == "sitemap":
            text = pages.day_sitemap(site, stories, parts[1], site["video"])
            return self.xml(text) if text else None
        if parts == ["rss"]:
            return self.xml(pages.rss(site, stories), "application/rss+xml; charset=UTF-8")
        if len(parts) == 3 and parts[:2] == ["rss", "category"] and parts[2] in site["sections"]:
            return self.xml(pages.rss(site, stories, parts[2]), "application/rss+xml; charset=UTF-8")
        return None


def make_app(site, variant=None):
    return ArcApp(site, variant)


__all__ = ["ArcApp", "SITES", "make_app"]

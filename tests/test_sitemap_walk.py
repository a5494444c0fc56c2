"""An index's sitemaps are read one after the other, below the articles' priority."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.spiders.base import SITEMAP_PRIORITY
from crawler.spiders.opsintels import OpsIntelsSpider

ORIGIN = "https://opsintels.com"
INDEX = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         + "".join(f"<sitemap><loc>{ORIGIN}/{name}</loc></sitemap>"
                   for name in ("post-sitemap.xml", "post-sitemap2.xml", "post-sitemap.xml", "post-sitemap3.xml"))
         + "</sitemapindex>")


def urlset(*slugs: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{ORIGIN}/{slug}/</loc></url>" for slug in slugs) + "</urlset>").encode()


def respond(request: Request, body: bytes) -> XmlResponse:
    return XmlResponse(request.url, body=body, request=request)


def test_one_sitemap_at_a_time_each_after_the_previous_one_was_read():
    spider = OpsIntelsSpider.from_crawler(get_crawler(OpsIntelsSpider))
    index = Request(f"{ORIGIN}/sitemap_index.xml")
    out = list(spider.parse_sitemap(respond(index, INDEX.encode())))
    assert [r.url for r in out] == [f"{ORIGIN}/post-sitemap.xml"]  # not all three at once
    first = out[0]
    assert first.priority == SITEMAP_PRIORITY < 0 and first.dont_filter

    out = list(spider.parse_sitemap(respond(first, urlset("a-post", "b-post"))))
    articles, sitemaps = out[:-1], out[-1:]
    assert [r.url for r in articles] == [f"{ORIGIN}/a-post/", f"{ORIGIN}/b-post/"]
    assert all(r.priority == 0 for r in articles)  # scheduled before the next sitemap
    assert [r.url for r in sitemaps] == [f"{ORIGIN}/post-sitemap2.xml"]

    # a sitemap that fails does not end the walk; the one listed twice is read once
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = sitemaps[0]
    out = list(spider.sitemap_failed(failure))
    assert [r.url for r in out] == [f"{ORIGIN}/post-sitemap3.xml"]
    assert list(spider.parse_sitemap(respond(out[0], urlset("c-post"))))[-1].url == f"{ORIGIN}/c-post/"

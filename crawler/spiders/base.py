"""The shared news spider: discovery, article URL filters, mirroring, extraction.

A site spider is a few declarative lines over :class:`NewsSpider`: its domain, discovery paths
(sitemaps, feeds, section pages), which URL paths are articles, and :class:`SiteRules` for its
markup. Everything else (parsing sitemaps and feeds, following pagination, de-duplication,
the extraction chain, stats) lives here once.
"""

from __future__ import annotations

import gzip
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.extract import SiteRules, page_selector
from crawler.incremental import Unchanged
from crawler.items import TRACKED_FIELDS
from crawler.parsepool import ParsePool
from crawler.urls import canonical_key, rebase, strip_tracking
from pipelines.warc import received_at

SITEMAP_PRIORITY = -1  # below articles (0): see NewsSpider.sitemap_request
SITEMAP_URL = re.compile(r"\.xml(\.gz)?($|\?)|sitemap", re.I)


class NewsSpider(scrapy.Spider):
    """Crawls one news site through what it publishes for machines, then parses articles.

    Spider arguments:
      base_url  crawl a mirror (test site, staging copy): scheme and host of every site URL
                are replaced by this one, e.g. ``-a base_url=http://127.0.0.1:8808``.
      replay    answer every request from archived WARCs instead of the network
                (a store, a crawl prefix in it, or one .warc.gz file; see crawler.replay).
      full      ``-a full=1``: a full crawl, ignoring the crawl state (see crawler.incremental).
    """

    #: short site name, used in storage keys and items
    site: str = ""
    #: the site's origin, e.g. "https://opsintels.com"
    start_url: str = ""
    #: sitemap locations tried at start (a 404 is fine: "whichever exists")
    sitemap_paths: tuple[str, ...] = ()
    #: child sitemaps of an index to follow (regexes on the URL); others are skipped
    sitemap_follow: tuple[str, ...] = (r"",)
    #: RSS/Atom feeds
    feed_paths: tuple[str, ...] = ()
    #: section (category) pages whose article links and pagination are followed
    section_paths: tuple[str, ...] = ()
    #: regexes on the URL path: an article is a path matching one and none of the deny ones
    article_paths: tuple[str, ...] = (r"^/[^/]+/?$",)
    deny_paths: tuple[str, ...] = ()
    #: where section pages list their articles and link to the next page
    section_link_css: tuple[str, ...] = ("article a[href]", "h2 a[href]", "h3 a[href]")
    next_page_css: tuple[str, ...] = ("a.next::attr(href)", "a[rel=next]::attr(href)", "link[rel=next]::attr(href)")
    rules: SiteRules = SiteRules()

    def __init__(self, *args, base_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.site_domains = tuple(self.allowed_domains or (urlsplit(self.start_url).hostname,))
        if self.base_url:
            mirror = urlsplit(self.base_url).hostname
            self.allowed_domains = [*self.site_domains, mirror]
        self._article_re = [re.compile(p) for p in self.article_paths]
        self._deny_re = [re.compile(p) for p in self.deny_paths]
        self._follow_re = [re.compile(p) for p in self.sitemap_follow]
        self.article_keys: set[str] = set()
        self.sitemaps_requested: set[str] = set()  # canonical keys of the indexes' sitemaps asked for
        self.fetch_errors: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        if kwargs.get("replay"):
            from crawler.replay import configure

            configure(crawler.settings, kwargs["replay"])
        ParsePool.of(crawler)  # before spider_opened, which starts its workers
        return super().from_crawler(crawler, *args, **kwargs)

    # -- URLs --------------------------------------------------------------------------------

    def site_url(self, url: str) -> str:
        """A URL of this site as we fetch it: tracking stripped, pointed at the mirror if any."""
        return rebase(strip_tracking(url), self.base_url, self.site_domains)

    def origin(self) -> str:
        return self.base_url or self.start_url.rstrip("/")

    def is_site_url(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        hosts = self.site_domains + ((urlsplit(self.base_url).hostname,) if self.base_url else ())
        return any(host == h or host.endswith("." + h) for h in hosts)

    def is_article_url(self, url: str) -> bool:
        if not self.is_site_url(url):
            return False
        path = urlsplit(url).path or "/"
        return any(r.search(path) for r in self._article_re) and not any(r.search(path) for r in self._deny_re)

    def article_request(self, url: str, source: str, **meta) -> scrapy.Request | None:
        """A request for an article URL, or None when the URL is not an article."""
        url = self.site_url(url)
        if not self.is_article_url(url):
            self.crawler.stats.inc_value("discovery/skipped_non_article")
            return None
        key = canonical_key(url)
        if key not in self.article_keys:
            self.article_keys.add(key)
            self.crawler.stats.inc_value("discovery/article_urls")
            self.crawler.stats.inc_value(f"discovery/article_urls/{source}")
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"discovered_by": source, **meta})

    # -- discovery ---------------------------------------------------------------------------

    async def start(self):
        origin = self.origin()
        for path in self.sitemap_paths:
            yield scrapy.Request(origin + path, callback=self.parse_sitemap, errback=self.on_error)
        for path in self.feed_paths:
            yield scrapy.Request(origin + path, callback=self.parse_feed, errback=self.on_error)
        for path in self.section_paths:
            yield scrapy.Request(origin + path, callback=self.parse_section, errback=self.on_error,
                                 meta={"section_page": 1})

    def parse_sitemap(self, response):
        """Sitemap indexes, urlsets (gzip or not) and robots.txt Sitemap: lines."""
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield scrapy.Request(self.site_url(url), callback=self.parse_sitemap, errback=self.on_error)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError):
                body = b""
        try:
            sitemap = Sitemap(body)
        except Exception:
            sitemap = None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self.crawler.stats.inc_value("discovery/invalid_sitemap")
            self.logger.warning("Not a sitemap, ignored: %s", response.url)
            yield from self.rest_of_walk(response.request)
            return
        self.crawler.stats.inc_value("discovery/sitemaps")
        if sitemap.type == "sitemapindex":
            children = tuple(loc for loc in (entry.get("loc") for entry in sitemap) if loc and self.follow_sitemap(loc))
            yield from self.next_sitemap(children, 0)
            yield from self.rest_of_walk(response.request)
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if SITEMAP_URL.search(urlsplit(loc).path) and loc.endswith((".xml", ".xml.gz")):
                yield scrapy.Request(self.site_url(loc), callback=self.parse_sitemap, errback=self.on_error)
            else:
                request = self.article_request(loc, "sitemap", lastmod=entry.get("lastmod"))
                if request:
                    yield request
        yield from self.rest_of_walk(response.request)

    def follow_sitemap(self, url: str) -> bool:
        """Whether to read a sitemap that an index lists (a spider may narrow it, e.g. by date)."""
        return any(r.search(url) for r in self._follow_re)

    def sitemap_request(self, sitemaps: tuple[str, ...], index: int) -> scrapy.Request:
        """The ``index``-th sitemap of an index's list; the next one is asked for once it is read.

        One post sitemap at a time, below the articles' priority: the scheduler holds the
        articles of about one sitemap (1,000 on WordPress), not those of all of them at once,
        so memory stays flat however large the site (bench/)."""
        # dont_filter: a request the dupefilter dropped would end the walk; the spider's own
        # record of the sitemaps it asked for keeps it from reading one twice or looping.
        return scrapy.Request(self.site_url(sitemaps[index]), callback=self.parse_sitemap,
                              errback=self.sitemap_failed, priority=SITEMAP_PRIORITY, dont_filter=True,
                              meta={"sitemaps": sitemaps, "sitemap_index": index})

    def next_sitemap(self, sitemaps: tuple[str, ...], index: int):
        """The first sitemap from ``sitemaps[index]`` on that was not asked for yet, if any."""
        while index < len(sitemaps):
            key = canonical_key(self.site_url(sitemaps[index]))
            if key not in self.sitemaps_requested:
                self.sitemaps_requested.add(key)
                yield self.sitemap_request(sitemaps, index)
                return
            index += 1

    def rest_of_walk(self, request):
        """After a sitemap of an index's list: the next one."""
        meta = request.meta if request is not None else {}
        if meta.get("sitemaps"):
            yield from self.next_sitemap(meta["sitemaps"], meta.get("sitemap_index", 0) + 1)

    def sitemap_failed(self, failure):
        """A sitemap that failed (or did not change) does not end the index's walk."""
        self.on_error(failure)
        yield from self.rest_of_walk(failure.request)

    def parse_feed(self, response):
        """RSS 2.0 and Atom: item links, with their creator and date as extraction hints."""
        try:
            sel = Selector(text=response.text, type="xml")
        except Exception:
            sel = None
        if sel is None or not isinstance(response, TextResponse):
            self.logger.warning("Not a feed, ignored: %s", response.url)
            return
        sel.remove_namespaces()
        entries = sel.xpath("//item | //entry")
        if not entries:
            self.crawler.stats.inc_value("discovery/invalid_feed")
            self.logger.warning("Feed has no entries: %s", response.url)
        self.crawler.stats.inc_value("discovery/feeds")
        for entry in entries:
            link = entry.xpath("link/text()").get() or entry.xpath("link[not(@rel) or @rel='alternate']/@href").get()
            if not link:
                continue
            hints = {
                "feed_authors": entry.xpath("creator/text() | author/name/text()").getall(),
                "feed_published": entry.xpath("pubDate/text() | published/text()").get(),
            }
            request = self.article_request(link.strip(), "feed", **hints)
            if request:
                yield request

    def parse_section(self, response):
        """A category or archive page: its article links, then its next page."""
        if not isinstance(response, TextResponse):
            self.logger.warning("Not an HTML section page, ignored: %s", response.url)
            return
        self.crawler.stats.inc_value("discovery/section_pages")
        sel = page_selector(response)
        for query in self.section_link_css:
            for href in sel.css(query).xpath("@href").getall():
                request = self.article_request(response.urljoin(href), "section")
                if request:
                    yield request
        page = response.meta.get("section_page", 1)
        if page >= self.settings.getint("ARCHIVE_SECTION_PAGES", 5):
            return
        for query in self.next_page_css:
            href = sel.css(query).get()
            if href:
                yield scrapy.Request(self.site_url(response.urljoin(href)), callback=self.parse_section,
                                     errback=self.on_error, meta={"section_page": page + 1})
                break

    # -- articles ----------------------------------------------------------------------------

    async def parse_article(self, response):
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("article/skipped/not_html")
            return
        # In an extraction worker process when there is one (crawler.parsepool).
        result = await ParsePool.of(self.crawler).extract(response, self.rules, self.site)
        if result.jsonld_broken:
            stats.inc_value("article/jsonld_broken")
        if not result.is_article:
            stats.inc_value("article/skipped/not_article")
            self.logger.debug("Not an article, skipped: %s", response.url)
            return
        article = result.article
        hints = response.meta
        if "published_at" in result.missing and hints.get("feed_published"):
            from crawler.loaders import parse_date

            article["published_at"] = parse_date(hints["feed_published"])
            result.missing.remove("published_at")
            result.fallbacks.append("published_at")
        for name in result.fallbacks:
            stats.inc_value(f"article/fallback/{name}")
        for name in result.missing:
            if name in TRACKED_FIELDS or name == "body_paragraphs":
                stats.inc_value(f"article/missing/{name}")
        if not article.get("title") or not article.get("body"):
            stats.inc_value("article/dropped/empty")
            self.logger.warning("Dropped %s: no %s could be extracted", response.url,
                                "title" if not article.get("title") else "body")
            return
        article["url"] = response.url
        article["crawled_at"] = received_at(response.meta.get("warc_date")) or \
            datetime.now(timezone.utc).isoformat(timespec="seconds")
        article["warc"] = response.meta.get("warc")
        stats.inc_value("article/extracted")
        yield article

    # -- failures ----------------------------------------------------------------------------

    def on_error(self, failure):
        """One line per failed request (no traceback): what failed and why."""
        request = failure.request
        if failure.check(Unchanged):  # incremental crawl: nothing new there (counted by the middleware)
            return
        reason = failure.getErrorMessage() or failure.type.__name__
        if hasattr(failure.value, "response") and failure.value.response is not None:
            status = failure.value.response.status
            reason = f"HTTP {status}"
            self.crawler.stats.inc_value(f"fetch/http_{status}")
            self.logger.info("Not fetched (%s): %s", reason, request.url)
        else:
            kind = failure.type.__name__
            self.crawler.stats.inc_value(f"fetch/error/{kind}")
            self.fetch_errors[kind] = self.fetch_errors.get(kind, 0) + 1
            self.logger.warning("Could not fetch %s: %s: %s", request.url, kind, reason)

    def closing_checks(self) -> list[str]:
        """Problems that must turn the crawl red, checked by the archive session at close."""
        problems = []
        if not self.article_keys and self.settings.getbool("ARCHIVE_REQUIRE_ARTICLES", True):
            detail = ", ".join(f"{n} x {k}" for k, n in sorted(self.fetch_errors.items()))
            problems.append(
                f"no article found at {self.origin()}"
                + (f" (requests failed: {detail})" if detail else
                   " (discovery found no article URL: has the site moved or changed its CMS?)")
            )
        return problems

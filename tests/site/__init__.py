"""A local mirror of a real news site, served over HTTP on loopback for tests.

    with TestSite() as site:                    # random free port
        site.base_url                           # "http://127.0.0.1:PORT"
        site.hits["/robots.txt"]                # requests seen per path (query excluded)
        site.articles                           # expectations (see opsintels.ARTICLES)
        site.set_article_text(slug, ["New paragraph."])
        site.publish_article(slug, title, ["Paragraph."])  # a new post, published now
        site.reset()                            # clear counters, re-arm the one-shot 500
        site.ignore_conditionals = True         # answer 200 even to a matching If-None-Match

Every absolute URL inside bodies uses the real origin (https://opsintels.com);
redirects point at the mirror's own origin (from the Host header).
"""

import importlib
import threading
from collections import Counter

from .server import Server

from .wpnews.app import SITE_MODULES as WP_SITES

# other sites' mirrors: site name -> module under tests/site with make_app(site, variant)
MIRRORS = {"defensenews": "arc", "c4isrnet": "arc", "militarytimes": "arc", "defenseone": "defenseone"}
SITES = ("opsintels", *MIRRORS, *WP_SITES)


class TestSite:
    __test__ = False  # not a pytest test class

    def __init__(self, port=0, site="opsintels", variant=None):
        if site not in SITES:
            raise ValueError(f"unknown site {site!r}; known: {', '.join(SITES)}")
        self.site = site
        self.variant = variant
        self.port = port
        if site in MIRRORS:
            self.app = importlib.import_module(f".{MIRRORS[site]}", __package__).make_app(site, variant)
            self.origin = self.app.origin
        elif site == "opsintels":
            from .opsintels.app import OpsIntelsApp

            self.app = OpsIntelsApp(variant=variant)
            self.origin = "https://opsintels.com"
        else:
            from .wpnews.app import WpNewsApp

            self.app = WpNewsApp(site, variant=variant)
            self.origin = self.app.site.origin
        self.hits = Counter()
        self.ignore_conditionals = False  # True: a server that never answers 304
        self.log = []  # (method, target, status) in arrival order
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # -- lifecycle -----------------------------------------------------------
    def start(self):
        if self._server is not None:
            return self
        self._server = Server(("127.0.0.1", self.port), self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name=f"TestSite-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    # -- helpers for tests ---------------------------------------------------
    def url(self, path_or_url):
        """Mirror URL for a path ('/feed/') or a real-origin URL."""
        if path_or_url.startswith(self.origin):
            path_or_url = path_or_url[len(self.origin):]
        return self.base_url + path_or_url

    @property
    def articles(self):
        """Current expectations (reflect set_article_text edits), newest first."""
        return self.app.expectations()

    def article(self, slug):
        return next(a for a in self.articles if a["slug"] == slug)

    @property
    def slow_delay(self):
        return self.app.slow_delay

    @slow_delay.setter
    def slow_delay(self, seconds):
        self.app.slow_delay = seconds

    def set_article_text(self, slug, paragraphs):
        """Change an article's body; bumps modified time, ETag, Last-Modified, lastmod."""
        return self.app.set_article_text(slug, list(paragraphs))

    def publish_article(self, slug, title, paragraphs):
        """Add a new article, published now, to sitemaps, feed and categories; returns its expectation."""
        return self.app.publish_article(slug, title, list(paragraphs))

    def reset(self):
        with self._lock:
            self.hits.clear()
            self.log.clear()
        self.app.reset()

    def _record(self, method, target, status):
        path = target.split("?", 1)[0].split("#", 1)[0]
        with self._lock:
            self.hits[path] += 1
            self.log.append((method, target, status))

    def __repr__(self):
        state = "running" if self._server else "stopped"
        return f"<TestSite {self.site} variant={self.variant} {self.base_url} {state}>"


__all__ = ["TestSite", "SITES"]

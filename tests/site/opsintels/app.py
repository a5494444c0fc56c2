"""Request routing and per-instance state of the OpsIntels mirror."""

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from . import PAGES, build_expectations, feed_posts, fresh_posts, sorted_posts
from . import feeds, templates
from .articles import CATEGORIES, DELETED_SLUG, TAGS
from .authors import AUTHORS, ORIGIN
from .dates import http_date, now_iso, parse

PER_PAGE = 10
SLOW_PATH = "/slow/"
IMAGE_PATH = "/wp-content/uploads/2025/08/photo.jpg"

# SOI, JFIF APP0, a comment, EOI: enough to be recognised as a JPEG.
JPEG_BYTES = (bytes.fromhex("ffd8ffe000104a46494600010101004800480000")
              + b"\xff\xfe\x00\x13OpsIntels mirror." + bytes.fromhex("ffd9"))

HTML = "text/html; charset=UTF-8"
XML = "text/xml; charset=UTF-8"


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: list = field(default_factory=list)  # extra (name, value) pairs; repeats allowed
    compressible: bool = True
    chunked: bool = False
    etag: str | None = None
    last_modified: str | None = None  # HTTP-date
    delay: float = 0.0


def _etag(body):
    return '"' + hashlib.md5(body).hexdigest()[:20] + '"'


class OpsIntelsApp:
    """Serves the mirror. ``handle`` is called from many threads at once."""

    def __init__(self, variant=None):
        if variant not in (None, "redesign"):
            raise ValueError(f"unknown variant {variant!r}")
        self.variant = variant
        self.slow_delay = 1.5
        self._lock = threading.Lock()
        self._posts = fresh_posts()
        self._cache = {}
        self.reset()

    # -- state ---------------------------------------------------------------
    def reset(self):
        with self._lock:
            self._flaky_armed = {p["slug"] for p in self._posts if "flaky_500" in p["quirks"]}

    def posts(self):
        with self._lock:
            return sorted_posts(self._posts)

    def expectations(self):
        return build_expectations(self.posts())

    def set_article_text(self, slug, paragraphs):
        """Replace a post's content with plain paragraphs; bumps its modified time."""
        with self._lock:
            post = next(p for p in self._posts if p["slug"] == slug)
            post["blocks"] = [("p", text) for text in paragraphs]
            bumped = parse(post["modified_at"]) + timedelta(seconds=1)
            now = parse(now_iso())
            post["modified_at"] = max(now, bumped).isoformat()
            self._cache.clear()
            return post["modified_at"]

    def publish_article(self, slug, title, paragraphs):
        """Publish a new plain post now (a copy of the newest post's shape); returns its expectation."""
        with self._lock:
            template = sorted_posts(self._posts)[0]
            post = {**template, "slug": slug, "title": title, "quirks": [], "old_slug": None,
                    "post_id": max(p["post_id"] for p in self._posts) + 1,
                    "blocks": [("p", text) for text in paragraphs]}
            post.pop("sitemap_query", None)
            post.pop("charset", None)
            post["published_at"] = post["modified_at"] = now_iso()
            self._posts.append(post)
            self._cache.clear()
        return next(a for a in self.expectations() if a["slug"] == slug)

    # -- routing -------------------------------------------------------------
    def handle(self, method, target, host):
        parts = urlsplit(target)
        path, query = parts.path or "/", parts.query
        if path == "/" and "p" in parse_qs(query):
            post = self._post_by_id(parse_qs(query)["p"][0])
            if post:
                return self._redirect(host, f"/{post['slug']}/")
        resp = self._route(path)
        if resp is None and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            if self._route(path + "/", probe=True) is not None:
                return self._redirect(host, path + "/" + (f"?{query}" if query else ""))
        if resp is None:
            return self._not_found()
        if resp.status == 301:  # internal redirects: absolute, on the mirror's own origin
            resp.headers = [(k, f"http://{host}{v}" if k == "Location" and v.startswith("/") else v)
                            for k, v in resp.headers]
            resp.headers.insert(0, ("X-Redirect-By", "WordPress"))
        return resp

    def _route(self, path, probe=False):
        if path == "/":
            return self._home()
        if path == "/robots.txt":
            return Response(body=feeds.ROBOTS.encode(), content_type="text/plain; charset=utf-8")
        name = path.lstrip("/")
        if name == "sitemap_index.xml":
            return self._xml(feeds.sitemap_index(self.posts()))
        if name in feeds.SITEMAPS:
            return self._xml(feeds.SITEMAPS[name](self.posts()))
        if name == "main-sitemap.xsl":
            return Response(body=feeds.MAIN_SITEMAP_XSL.encode(), content_type="text/xsl; charset=UTF-8")
        if path == "/feed/":
            posts = self.posts()
            return Response(body=feeds.rss(feed_posts(posts), posts).encode(),
                            content_type="application/rss+xml; charset=UTF-8", chunked=True,
                            last_modified=http_date(max((p["modified_at"] for p in posts), key=parse)))
        if path == SLOW_PATH:
            return Response(body=templates.slow_page().encode(), delay=self.slow_delay)
        if path.startswith(("/wp-content/", "/wp-includes/")):
            return self._static(path)
        segs = [s for s in path.split("/") if s]
        if not path.endswith("/") or not segs:
            return None
        if segs[0] in ("category", "tag", "author"):
            return self._archive(segs)
        if len(segs) == 1:
            return self._single(segs[0], probe)
        if len(segs) == 2:
            return self._attachment(segs[0], segs[1])
        return None

    def _single(self, slug, probe=False):
        posts = self.posts()
        for post in posts:
            if post["slug"] == slug:
                return Response() if probe else self._article(post, posts)
            if post.get("old_slug") == slug:
                return Response(status=301, headers=[("Location", f"/{post['slug']}/")])
        if slug in PAGES:
            return Response(body=templates.static_page(slug, PAGES[slug]).encode())
        return None  # includes DELETED_SLUG: a 404

    def _article(self, post, posts):
        with self._lock:
            if post["slug"] in self._flaky_armed:
                self._flaky_armed.discard(post["slug"])
                return Response(status=500, body=templates.CRITICAL_ERROR.encode())
            key = (post["slug"], post["modified_at"])
            body = self._cache.get(key)
        if body is None:
            html = templates.article_page(post, posts, self.variant)
            charset = post.get("charset", "utf-8")
            body = html.encode(charset if charset == "utf-8" else "cp1252", "xmlcharrefreplace")
            with self._lock:
                self._cache[key] = body
        if "charset_header_only" in post["quirks"]:
            ctype = f"text/html; charset={post['charset']}"
        elif "charset_meta_only" in post["quirks"]:
            ctype = "text/html"
        else:
            ctype = HTML
        pid = post["post_id"]
        return Response(body=body, content_type=ctype, etag=_etag(body),
                        last_modified=http_date(post["modified_at"]),
                        headers=[("Link", f'<{ORIGIN}/wp-json/>; rel="https://api.w.org/"'),
                                 ("Link", f'<{ORIGIN}/wp-json/wp/v2/posts/{pid}>; rel="alternate"; '
                                          f'title="JSON"; type="application/json"'),
                                 ("Link", f"<{ORIGIN}/?p={pid}>; rel=shortlink")])

    def _attachment(self, slug, name):
        for post in self.posts():
            if post["slug"] == slug:
                for block in post["blocks"]:
                    if block[0] == "image" and block[4] == name:
                        return Response(body=templates.attachment_page(post, block).encode())
        return None

    def _archive(self, segs):
        kind, slug, rest = segs[0], segs[1] if len(segs) > 1 else "", segs[2:]
        page = 1
        if rest:
            if len(rest) != 2 or rest[0] != "page" or not rest[1].isdigit():
                return None
            page = int(rest[1])
        base = f"{ORIGIN}/{kind}/{slug}/"
        posts = self.posts()
        if kind == "category" and slug in CATEGORIES:
            name, selected = CATEGORIES[slug], [p for p in posts if slug in p["categories"]]
        elif kind == "tag" and slug in TAGS:
            name, selected = TAGS[slug], [p for p in posts if slug in p["tags"]]
        elif kind == "author" and slug in AUTHORS:
            name, selected = AUTHORS[slug]["name"], [p for p in posts if slug in p["authors"]]
        else:
            return None
        pages = max(1, -(-len(selected) // PER_PAGE))
        if page == 1 and rest:
            return Response(status=301, headers=[("Location", f"/{kind}/{slug}/")])
        if page > pages:
            return None
        chunk = selected[(page - 1) * PER_PAGE: page * PER_PAGE]
        http_slugs = {p["slug"] for p in posts if "http_link" in p["quirks"]}
        html = templates.archive_page(kind, slug, name, chunk, page, pages, base, http_slugs)
        return Response(body=html.encode())

    def _home(self):
        cookies = [("Set-Cookie", "wordpress_test_cookie=WP%20Cookie%20check; path=/"),
                   ("Set-Cookie", "wordpress_test_cookie=WP%20Cookie%20check; path=/"),
                   ("Set-Cookie", "wpdiscuz_hide_bubble_hint=0; expires=Fri, 19-Sep-2025 10:00:00 GMT; "
                                  "Max-Age=604800; path=/; SameSite=Lax")]
        return Response(body=templates.home_page(self.posts()[:PER_PAGE]).encode(), headers=cookies)

    def _static(self, path):
        low = path.lower()
        if low.startswith("/wp-content/uploads/") and low.endswith((".jpg", ".jpeg")):
            return Response(body=JPEG_BYTES, content_type="image/jpeg", compressible=False,
                            etag=_etag(JPEG_BYTES), last_modified="Thu, 21 Aug 2025 09:10:02 GMT")
        if low.endswith(".png"):
            return Response(body=bytes.fromhex("89504e470d0a1a0a"), content_type="image/png",
                            compressible=False)
        if low.endswith(".css"):
            return Response(body=b"/* mirror stub */\n", content_type="text/css")
        if low.endswith(".js"):
            return Response(body=b"/* mirror stub */\n", content_type="application/javascript")
        return None

    # -- helpers -------------------------------------------------------------
    def _post_by_id(self, value):
        return next((p for p in self.posts() if str(p["post_id"]) == value), None)

    @staticmethod
    def _xml(text):
        return Response(body=text.encode(), content_type=XML,
                        headers=[("X-Robots-Tag", "noindex, follow")])

    @staticmethod
    def _redirect(host, location):
        return Response(status=301, headers=[("X-Redirect-By", "WordPress"),
                                             ("Location", f"http://{host}{location}")])

    @staticmethod
    def _not_found():
        return Response(status=404, body=templates.not_found_page().encode())


__all__ = ["OpsIntelsApp", "Response", "SLOW_PATH", "IMAGE_PATH", "DELETED_SLUG"]

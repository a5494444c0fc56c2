"""Request routing of a WordPress news-site mirror (same interface as the OpsIntels app)."""

from __future__ import annotations

import hashlib
import importlib
from urllib.parse import urlsplit

from ..opsintels.app import HTML, Response
from . import expectations, home_html, page_html, static_page_html

SITE_MODULES = ("breakingdefense", "twz", "navalnews", "defensepost")


def load_site(name):
    return importlib.import_module(f"{__package__}.{name}").SITE


class WpNewsApp:
    """Serves one :class:`~tests.site.wpnews.WpSite`; stateless, so thread-safe."""

    def __init__(self, site_name, variant=None):
        if variant is not None:
            raise ValueError(f"unknown variant {variant!r} for {site_name}")
        self.site = load_site(site_name)
        self.variant = variant
        self.slow_delay = 0.0

    def reset(self):
        pass

    def expectations(self):
        return expectations(self.site)

    def set_article_text(self, slug, paragraphs):
        raise NotImplementedError("article edits are only mirrored for opsintels")

    def handle(self, method, target, host):
        parts = urlsplit(target)
        path = parts.path or "/"
        key = f"{path}?{parts.query}" if parts.query else path
        site = self.site
        if path == "/":
            return Response(body=home_html(site).encode())
        if path == "/robots.txt":
            from ..xmlfeeds import robots

            return Response(body=robots(site.robots_sitemaps).encode(), content_type="text/plain; charset=utf-8")
        if key in site.files or path in site.files:
            text, ctype = site.files.get(key, site.files.get(path))(site)
            return Response(body=text.encode(), content_type=ctype)
        post = site.by_path(path)
        if post is not None:
            body = page_html(site, post).encode()
            return Response(body=body, content_type=HTML, etag='"%s"' % hashlib.md5(body).hexdigest()[:16],
                            headers=[("Link", f'<{site.origin}/?p={post["id"]}>; rel=shortlink')])
        if path in site.pages:
            title, paragraphs = site.pages[path]
            return Response(body=static_page_html(site, title, paragraphs).encode())
        return Response(status=404, body=b"<!DOCTYPE html><html><head><title>Page not found</title></head>"
                                         b"<body><h1>Nothing here</h1></body></html>")

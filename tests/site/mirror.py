"""A small base for the mirrors of sites other than OpsIntels: a route table, articles, expectations.

A mirror app keeps its articles as plain dicts (see ``tests/site/arc/stories.py``), renders
pages and discovery files from them, and answers ``expectations()`` with what a crawler
must extract (same keys as ``tests.site.opsintels.ARTICLES`` where they apply).
"""

import copy
import html
import re
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from .opsintels.app import HTML, XML, Response, _etag
from .opsintels.dates import http_date, now_iso, parse

_TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """Text of an inline HTML fragment as a reader sees it (tags dropped, entities decoded)."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


class MirrorApp:
    """Serves one site's mirror. Subclasses set ``origin`` and implement ``route``."""

    origin = ""

    def __init__(self, articles, variant=None):
        if variant is not None:
            raise ValueError(f"unknown variant {variant!r}")
        self.variant = variant
        self.slow_delay = 0.0
        self._lock = threading.Lock()
        self._articles = copy.deepcopy(articles)

    # -- state -------------------------------------------------------------------------------
    def reset(self):
        """Nothing one-shot to re-arm in these mirrors."""

    def stories(self):
        with self._lock:
            return sorted(copy.deepcopy(self._articles), key=lambda a: parse(a["published_at"]), reverse=True)

    def expectations(self):
        return [self.expected(a) for a in self.stories()]

    def set_article_text(self, slug, paragraphs):
        """Replace an article's body with plain paragraphs; bumps its modified time."""
        with self._lock:
            story = next(a for a in self._articles if a["slug"] == slug)
            story["blocks"] = [("p", html.escape(text, quote=False)) for text in paragraphs]
            bumped = parse(story["modified_at"]) + timedelta(seconds=1)
            story["modified_at"] = max(parse(now_iso()), bumped).isoformat()
            return story["modified_at"]

    # -- serving -----------------------------------------------------------------------------
    def handle(self, method, target, host):
        parts = urlsplit(target)
        resp = self.route(parts.path or "/", parse_qs(parts.query))
        return resp if resp is not None else Response(status=404, body=b"<html><body><h1>Not found</h1></body></html>")

    def route(self, path, query):
        raise NotImplementedError

    def page(self, story, text):
        body = text.encode()
        return Response(body=body, content_type=HTML, etag=_etag(body), last_modified=http_date(story["modified_at"]))

    @staticmethod
    def xml(text, content_type=XML):
        return Response(body=text.encode(), content_type=content_type)

    @staticmethod
    def text(text):
        return Response(body=text.encode(), content_type="text/plain; charset=utf-8")

    # -- expectations ------------------------------------------------------------------------
    def url_of(self, story):
        raise NotImplementedError

    def expected(self, story):
        """What a crawler must extract from ``story``; the data states what markup can't show."""
        body = []
        for block in story["blocks"]:
            if block[0] in ("p", "h2", "h3"):
                body.append(plain(block[1]))
            elif block[0] == "list":
                body.extend(plain(item) for item in block[1])
        return {
            "slug": story["slug"],
            "url": self.url_of(story),
            "title": plain(story["title"]),
            "authors": list(story["expect_authors"]),
            "captions": list(story["expect_captions"]),
            "lead_image_credit": story.get("expect_credit"),
            "body_paragraphs": list(dict.fromkeys(body)),
            "published_at": story["expect_published"],
            "section": story["section"],
            "quirks": list(story.get("quirks", ())),
            "not_in_body": list(story.get("not_in_body", ())),
        }

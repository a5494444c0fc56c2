"""Fetch each page once, whatever tracking parameters, slash or scheme its link carries."""

from __future__ import annotations

import hashlib

from scrapy.dupefilters import RFPDupeFilter

from crawler.urls import canonical_key


class CanonicalRequestFingerprinter:
    """Requests are the same when method, :func:`canonical_key` of the URL and body are."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def fingerprint(self, request) -> bytes:
        key = f"{request.method} {canonical_key(request.url)}".encode()
        return hashlib.sha1(key + b"\0" + (request.body or b"")).digest()


class CanonicalUrlDupeFilter(RFPDupeFilter):
    """A redirect that lands on the same canonical URL (``/slug`` -> ``/slug/``, http -> https)
    is not a duplicate of the request it came from, or the redirect would never be followed."""

    def request_seen(self, request) -> bool:
        if redirected_to_itself(request):
            return False
        return super().request_seen(request)


def redirected_to_itself(request) -> bool:
    """The request follows a redirect that lands on the same canonical URL."""
    redirected_from = request.meta.get("redirect_urls") or []
    return bool(redirected_from) and canonical_key(redirected_from[-1]) == canonical_key(request.url)

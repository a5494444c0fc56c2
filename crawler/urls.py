"""URL rules shared by discovery and de-duplication."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only track where a click came from.
TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "amp",
    "_ga", "share", "s_cid", "cmpid", "ncid",
)


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (the one we actually fetch)."""
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    return cleaned


@lru_cache(maxsize=4096)  # asked ~7 times per article (dupefilter, incremental, crawl state)
def canonical_key(url: str) -> str:
    """Identity of a page: no scheme, no tracking, no trailing slash, sorted query."""
    parts = urlsplit(canonicalize_url(strip_tracking(url)))
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, path, parts.query, ""))


def rebase(url: str, base_url: str | None, domains: tuple[str, ...]) -> str:
    """Point a URL of the site at a mirror (``-a base_url=``): scheme and host replaced."""
    if not base_url:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not any(host == d or host.endswith("." + d) for d in domains):
        return url
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))

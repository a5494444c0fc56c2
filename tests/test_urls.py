"""URL identity and mirroring rules."""

import scrapy

from crawler.dupefilter import CanonicalRequestFingerprinter, CanonicalUrlDupeFilter
from crawler.urls import canonical_key, rebase, strip_tracking


def test_tracking_parameters_are_stripped_and_others_kept():
    assert strip_tracking("https://a.com/x/?utm_source=t&utm_medium=m&id=3") == "https://a.com/x/?id=3"
    assert strip_tracking("https://a.com/x/?fbclid=1") == "https://a.com/x/"


def test_canonical_key_ignores_scheme_slash_www_and_tracking():
    keys = {canonical_key(u) for u in (
        "https://opsintels.com/slug/", "http://opsintels.com/slug", "https://www.opsintels.com/slug/?utm_source=x",
        "https://OPSINTELS.com/slug/#comments",
    )}
    assert len(keys) == 1
    assert canonical_key("https://opsintels.com/a/") != canonical_key("https://opsintels.com/b/")
    assert canonical_key("https://opsintels.com/?p=1") != canonical_key("https://opsintels.com/?p=2")


def test_rebase_points_site_urls_at_the_mirror_only():
    mirror = "http://127.0.0.1:8808"
    assert rebase("https://opsintels.com/x/?a=1", mirror, ("opsintels.com",)) == "http://127.0.0.1:8808/x/?a=1"
    assert rebase("https://www.opsintels.com/x/", mirror, ("opsintels.com",)) == "http://127.0.0.1:8808/x/"
    assert rebase("https://twitter.com/x", mirror, ("opsintels.com",)) == "https://twitter.com/x"
    assert rebase("https://opsintels.com/x/", None, ("opsintels.com",)) == "https://opsintels.com/x/"


def test_duplicates_are_filtered_but_same_page_redirects_are_followed():
    fingerprinter = CanonicalRequestFingerprinter()
    seen = CanonicalUrlDupeFilter(fingerprinter=fingerprinter)
    assert not seen.request_seen(scrapy.Request("http://opsintels.com/slug"))
    assert seen.request_seen(scrapy.Request("https://opsintels.com/slug/?utm_source=feed"))
    redirected = scrapy.Request("https://opsintels.com/slug/", meta={"redirect_urls": ["http://opsintels.com/slug"]})
    assert not seen.request_seen(redirected)
    other = scrapy.Request("https://opsintels.com/other/", meta={"redirect_urls": ["https://opsintels.com/old/"]})
    assert not seen.request_seen(other)
    assert seen.request_seen(scrapy.Request("https://opsintels.com/other"))

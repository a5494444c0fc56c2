"""The metadata record's outlinks: the fast join must resolve every link as ``urljoin`` does."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin

from scrapy.http import HtmlResponse

from crawler.extract import page_selector
from crawler.metadata import PageHead
from crawler.outlinks import _HREFS, join, outlinks, page_outlinks

# Pieces whose combinations hit urllib's rewrites: removed tab, IPv6 brackets, path params,
# empty query and fragment, missing host, upper-case scheme, non-ASCII, control characters.
PIECES = ["http://", "https://", "HTTP://", "//", "/", "", "a.com", "u@h:81", "[::1]", "?", "#", ";",
          "..", "\t", "é", "?q", "#f", " ", "\x01", "mailto:"]
BASES = ["http://h.com/a/b", "https://h.com/", "http://h.com"]


def reference(base: str, href: str) -> str:
    try:
        return urljoin(base, href).split("#", 1)[0]
    except ValueError as exc:
        return f"ValueError {exc}"


def test_join_resolves_every_link_as_urljoin_does():
    for combo in itertools.chain.from_iterable(itertools.product(PIECES, repeat=k) for k in (1, 2, 3)):
        href = "".join(combo)
        for base in BASES:
            try:
                got = join(base, href)
            except ValueError as exc:
                got = f"ValueError {exc}"
            assert got == reference(base, href), (base, href)


def test_outlinks_in_page_order_deduplicated_against_the_base_href():
    html = b"""<html><head><base href="http://cdn.example/x/"></head><body>
      <a href="y">rel</a><a href="https://other.example/p#top">abs</a><a href=" y#again ">dup</a>
      <A HREF="mailto:a@b">mail</A><a>no href</a><a href="http://other.example/q?">empty query</a>
    </body></html>"""
    response = HtmlResponse("http://site.example/page", body=html, encoding="utf-8")
    assert outlinks(response) == ["http://cdn.example/x/y", "https://other.example/p", "http://other.example/q"]


def expected_outlinks(base: str, hrefs: list[str]) -> list[str]:
    joined = (reference(base, href.strip()) for href in hrefs)
    return list(dict.fromkeys(url for url in joined if url.startswith(("http://", "https://"))))


def test_links_known_from_an_earlier_page_resolve_as_on_this_page():
    # Absolute links are remembered across pages; a link whose join depends on the base
    # ("https:///x", "y") must still resolve against each page's own base.
    hrefs = ["".join(combo) for combo in itertools.product(PIECES, repeat=2)] + ["https:///x", "y", " https://a.com/z "]
    for base in ("http://one.example/a/b", "https://two.example/", "http://one.example/a/b"):
        response = HtmlResponse(base, body=b"<html></html>", encoding="utf-8")
        assert page_outlinks(response, hrefs) == expected_outlinks(base, hrefs), base


def test_the_extractions_walk_finds_the_hrefs_the_xpath_finds():
    html = b"""<html><head><title>t</title><link rel="canonical" href="http://s.example/c"></head><body>
      <nav><a href="/a">a</a><a>none</a></nav><p>x <a href="b">b</a> <svg><a href="/in-svg">s</a></svg></p>
      <table><tr><td><a href="https://o.example/t#f">t</a></td></tr></table><a href="">empty</a>
    </body></html>"""
    response = HtmlResponse("http://s.example/p/", body=html, encoding="utf-8")
    root = page_selector(response).root
    head = PageHead(root, links=True)
    assert head.hrefs == _HREFS(root) == ["/a", "b", "/in-svg", "https://o.example/t#f", ""]
    assert PageHead(root).hrefs is None
    assert head.canonical == ["http://s.example/c"] and head.titles == ["t"]
    assert page_outlinks(response, head.hrefs) == page_outlinks(response) == [
        "http://s.example/a", "http://s.example/p/b", "http://s.example/in-svg", "https://o.example/t",
        "http://s.example/p/"]

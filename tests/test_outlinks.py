"""The metadata record's outlinks: the fast join must resolve every link as ``urljoin`` does."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin

from scrapy.http import HtmlResponse

from crawler.outlinks import join, outlinks

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

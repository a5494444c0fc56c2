"""The one-walk CSS matcher finds exactly what cssselect's XPath finds, selector by selector."""

from __future__ import annotations

import pytest
from cssselect import HTMLTranslator
from lxml import etree
from parsel import Selector

from crawler.cssmatch import Matcher, matcher
from crawler.extract import BOILERPLATE_CSS, CAPTION_CSS, CAPTION_SKIP_CSS, GENERIC_BODY_CSS, GENERIC_BYLINE_CSS
from tests.site.opsintels import templates
from tests.site.opsintels.app import OpsIntelsApp

EDGE = """<html><body>
<div class="a\tb  c" id="x"><p class="b">one</p><!-- a comment --><span hidden>h</span></div>
<div class="ab" data-k="v-1"><p aria-hidden="true">two</p><p aria-hidden="false">three</p><p class="note\nwpd-x" data-e="">nl</p></div>
<section class="wpd-thread wpdiscuz-box" id="wpdcom"><div class="wpd-comment"><p>nested</p></div></section>
<p class="x&#160;y">nbsp class</p><ul lang="en-GB"><li class="advertisement-slot">ad</li></ul>
<FIGURE><IMG src="a.jpg"><FIGCAPTION>cap</FIGCAPTION></FIGURE>
<article><h1>title</h1><div class="entry-content"><p>body</p></div></article>
</body></html>"""
SELECTORS = (
    "p", ".b", "div.a.c", ".a.b.x", "#x", "div#x.c", "#x.q", "#x[data-k]", "[hidden]", "[aria-hidden=true]", "[data-k|=v]",
    "[data-k^=v-]", "[data-k$='-1']", "[class~=b]", "[class*=wpd-]", "[id^=wpdcom]", "[class*=advert]",
    "figure", "FIGCAPTION", ".y", "article h1", ".entry-content > p", "div p", "li:first-child",
    "p:not(.b)", "*", "[data-e='']", "[data-e^='']", "[data-e]",
)


def _pages() -> list[str]:
    posts = OpsIntelsApp().posts()
    return [EDGE, templates.home_page(posts[:10])] + [templates.article_page(post, posts) for post in posts[:8]]


def _xpath(root, selectors) -> list:
    translator = HTMLTranslator()
    found = {el for css in selectors for el in root.xpath(translator.css_to_xpath(css))}
    return [el for el in root.iter(etree.Element) if el in found]


@pytest.mark.parametrize("css", SELECTORS + BOILERPLATE_CSS + CAPTION_SKIP_CSS + CAPTION_CSS + GENERIC_BODY_CSS
                         + GENERIC_BYLINE_CSS)
def test_each_selector_matches_like_cssselect(css):
    for html in _pages():
        root = Selector(text=html, type="html").root
        assert Matcher((css,)).find(root) == _xpath(root, (css,)), css


def test_many_selectors_in_one_walk_and_membership_tests():
    selectors = BOILERPLATE_CSS + CAPTION_CSS + ("article h1", ".entry-content > p")
    for html in _pages():
        root = Selector(text=html, type="html").root
        expected = _xpath(root, selectors)
        assert matcher(selectors).find(root) == expected
        assert expected, "the pages have boilerplate to find"
        bound = matcher(("script", "article h1")).bound(root)  # lazy membership, XPath rules too
        assert {el for el in root.iter(etree.Element) if el in bound} == set(_xpath(root, ("script", "article h1"))) - {root}


def test_compound_rules_are_indexed_not_sent_to_xpath():
    m = Matcher(BOILERPLATE_CSS)
    assert m.xpaths == []  # every generic boilerplate selector is tested in the walk itself
    assert Matcher(("article h1",)).xpaths  # a combinator goes through XPath


def test_bad_selector_is_skipped():
    root = Selector(text=EDGE, type="html").root
    assert Matcher(("p[", "??", "#x")).find(root) == root.xpath("//*[@id='x']")

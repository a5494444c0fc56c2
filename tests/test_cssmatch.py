"""The one-walk CSS matcher finds exactly what cssselect's XPath (and parsel's ``Selector.css``)
finds, selector by selector, from the page and from an element inside it."""

from __future__ import annotations

import pytest
from cssselect import HTMLTranslator
from lxml import etree
from parsel import Selector

from crawler.cssmatch import Matcher, matcher, walk_query
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
<div class="k"><div class="m"><div class="m x"><span class="t">deep</span></div></div></div>
<div class="k"><div class="k m"><p class="t">p</p></div></div>
</body></html>"""
SELECTORS = (
    "p", ".b", "div.a.c", ".a.b.x", "#x", "div#x.c", "#x.q", "#x[data-k]", "[hidden]", "[aria-hidden=true]", "[data-k|=v]",
    "[data-k^=v-]", "[data-k$='-1']", "[class~=b]", "[class*=wpd-]", "[id^=wpdcom]", "[class*=advert]",
    "figure", "FIGCAPTION", ".y", "article h1", ".entry-content > p", "div p", "li:first-child",
    "p:not(.b)", "*", "[data-e='']", "[data-e^='']", "[data-e]",
    # combinators: right to left in the walk (a farther ancestor may be the one that matches)
    "div > p", "body div p", "section > div p", ".a > p.b", "div .b", "ul > li.advertisement-slot",
    "html body article h1", "article > h1", ".k > .m .t", ".k .m > .t", ".k > .k > .t", ".m > .t",
    "* > p", "p p", "div > *", "#wpdcom .wpd-comment p", "[data-k] > p[aria-hidden=true]",
    ".k .t, article h1", "body > div.k",
    # these still go through XPath
    "div + p", "div ~ p", "li:first-child p",
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
    assert Matcher(("article h1", ".k > .m .t")).xpaths == []  # descendant and child combinators too
    assert Matcher(("div + p",)).xpaths  # siblings go through XPath


def _css(sel: Selector, css: str) -> list:
    try:
        return [hit.root for hit in sel.css(css) if not isinstance(hit.root, str)]
    except Exception:
        return []


@pytest.mark.parametrize("css", SELECTORS + ("h1.elementor-heading-title", "article h1::text", "p, div > p",
                                             "figure figcaption, article h1, .k p"))
def test_each_query_finds_what_parsel_finds_from_inside_the_page(css):
    """From an element (the extraction's scope), ancestors above it do not count: ``body h1``
    from ``<article>`` finds nothing, as ``Selector.css`` from there does."""
    for html in _pages():
        page = Selector(text=html, type="html")
        for scope in [page] + page.css("article, .k, section, body, div.elementor-widget-theme-post-content")[:6]:
            expected = _css(scope, css)
            if "::" not in css:  # Matcher has no pseudo elements (boilerplate is elements)
                assert Matcher((css,)).find(scope.root) == expected, css
            query = walk_query(css)
            if query is not None:
                assert query.find(scope.root) == expected, (css, scope.root.tag)
                assert query.first(scope.root) is (expected[0] if expected else None), css


def test_queries_ending_in_a_tag_are_walked_the_rest_left_to_xpath():
    from crawler.spiders import opsintels
    rules = opsintels.OpsIntelsSpider.rules
    for css in rules.caption_css + ("article h1", "h1.entry-title", ".k > .m p", "figure figcaption, h1"):
        assert walk_query(css) is not None, css
    # a class anywhere (walking every element costs more than XPath), siblings, pseudo elements, bad CSS
    for css in (".wp-caption-text", "h1, .x", "div + p", "h1::text", "p[", ""):
        assert walk_query(css) is None, css

"""The extraction chain on its own: metadata first, markup next, fallbacks counted."""

from __future__ import annotations

import pytest

from crawler.extract import SiteRules, decode_html, extract, extract_article

PAGE = """<!DOCTYPE html><html lang="en-GB"><head>
<title>Ships &amp; Subs – Naval Daily</title>
<meta property="og:type" content="article">
<meta property="og:title" content="OG title - Naval Daily">
<meta property="article:published_time" content="2025-03-01T08:00:00+02:00">
<meta name="author" content="By Jane Doe and AP">
{jsonld}
</head><body>
<header><nav><p>Home News About</p></nav></header>
<article>
  <h1 class="entry-title">Ships <em>&amp;</em> Subs</h1>
  <figure class="wp-caption"><img src="/a.jpg"><figcaption>A frigate at sea. (Photo via Reuters)</figcaption></figure>
  <div class="entry-content">
    <p>First paragraph.</p>
    <div class="sharedaddy"><p>Share this:</p></div>
    <p>Second <a href="#">paragraph</a>.</p>
    <blockquote class="twitter-tweet"><p>tweet fallback text</p></blockquote>
    <h2>A subheading</h2>
    <ul><li>one item</li><li>two item</li></ul>
    <p>First paragraph.</p>
    <script>var x = "<p>not text</p>";</script>
  </div>
  <div id="comments"><p>Leave a Reply</p><p>Great article!</p></div>
</article>
<footer><p>Copyright</p></footer>
</body></html>"""

JSONLD = """<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"NewsArticle","@id":"https://n.example/x/#article","headline":"Ships & Subs",
  "author":[{"@id":"https://n.example/#/schema/person/1"},{"@type":"Organization","name":"Naval Daily"}],
  "datePublished":"2025-03-01T06:00:00Z","dateModified":"2025-03-02T10:00:00+00:00",
  "articleSection":["Navy","World"],"keywords":"frigates, submarines","inLanguage":"en-GB",
  "image":{"@id":"https://n.example/x/#primaryimage"}},
 {"@type":"ImageObject","@id":"https://n.example/x/#primaryimage","url":"https://n.example/a.jpg","caption":"A frigate at sea. (Photo via Reuters)"},
 {"@type":"Person","@id":"https://n.example/#/schema/person/1","name":"Jane Doe"}]}</script>"""


def run(page: str, rules: SiteRules | None = None):
    return extract(page, "https://n.example/x/", rules=rules, site="naval")


def test_jsonld_graph_is_the_first_source():
    result = run(PAGE.format(jsonld=JSONLD), SiteRules(site_names=("Naval Daily",)))
    art = result.article
    assert result.is_article
    assert art["title"] == "Ships & Subs"
    assert art["authors"] == ["Jane Doe"]  # the Organization is a publisher, not a byline
    assert art["published_at"] == "2025-03-01T06:00:00+00:00"
    assert art["modified_at"] == "2025-03-02T10:00:00+00:00"
    assert art["section"] == "Navy"
    assert art["tags"] == ["frigates", "submarines"]
    assert art["language"] == "en-GB"
    assert art["lead_image"] == {"url": "https://n.example/a.jpg", "caption": "A frigate at sea. (Photo via Reuters)",
                                 "credit": "Photo via Reuters"}
    assert art["body_paragraphs"] == ["First paragraph.", "Second paragraph.", "A subheading", "one item", "two item"]
    assert "fallback" not in art
    assert result.fallbacks == [] and result.missing == []


@pytest.mark.parametrize("jsonld", ["", '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'])
def test_missing_or_broken_jsonld_falls_back_to_meta_and_markup(jsonld):
    result = run(PAGE.format(jsonld=jsonld), SiteRules(site_names=("Naval Daily",)))
    art = result.article
    assert result.jsonld_broken == (1 if jsonld else 0)
    assert art["title"] == "Ships & Subs"                     # from the h1
    assert art["authors"] == ["Jane Doe"]                      # meta author, agency dropped
    assert art["published_at"] == "2025-03-01T08:00:00+02:00"  # offset kept
    assert art["captions"] == ["A frigate at sea. (Photo via Reuters)"]
    assert {"title", "authors", "published_at"} <= set(result.fallbacks)
    assert "tweet fallback text" not in art["body"] and "Great article" not in art["body"]
    assert "Share this" not in art["body"] and "not text" not in art["body"]


def test_body_falls_back_to_main_text_extractor_when_markup_changes():
    page = PAGE.format(jsonld=JSONLD).replace('class="entry-content"', 'class="x9f3a"').replace("<article>", "<div>").replace("</article>", "</div>")
    result = run(page)
    assert "body_paragraphs" in result.fallbacks
    assert "First paragraph." in result.article["body"]


def test_a_page_without_article_metadata_is_not_an_article():
    page = '<html><head><meta property="og:type" content="website"><title>About us</title></head><body><p>We are.</p></body></html>'
    assert not run(page).is_article


@pytest.mark.parametrize("raw, content_type", [
    ("<html><head><meta charset='windows-1252'></head><body><p>café €5</p></body></html>".encode("cp1252"), None),
    ("<html><head></head><body><p>café €5</p></body></html>".encode("cp1252"), "text/html; charset=windows-1252"),
    ("<html><head></head><body><p>café €5</p></body></html>".encode("utf-8"), "text/html"),
])
def test_non_utf8_pages_decode_by_header_or_meta(raw, content_type):
    assert "café €5" in decode_html(raw, content_type)


def test_extract_article_returns_the_full_schema_shape():
    article = extract_article(PAGE.format(jsonld=JSONLD).encode("utf-8"), "https://n.example/x/")
    from crawler.items import ARTICLE_FIELDS

    assert set(ARTICLE_FIELDS) <= set(article)
    assert article["warc"] is None and article["crawled_at"] is None


def test_empty_and_garbage_input_do_not_raise():
    for page in ("", "<html></html>", "\x00\x01 not html", "<p>" * 1000):
        result = extract(page or "<html></html>", "https://n.example/x/")
        assert result.article["body_paragraphs"] == [] or isinstance(result.article["body_paragraphs"], list)


def test_extraction_leaves_no_reference_cycles():
    """A cycle holding an element keeps the page's whole tree alive until a full GC: with
    thousands of pages in flight that was a peak RSS growing with the crawl (bench/)."""
    import gc

    from crawler.spiders.opsintels import OpsIntelsSpider
    from tests.site.opsintels import templates
    from tests.site.opsintels.app import OpsIntelsApp

    posts = OpsIntelsApp().posts()
    pages = [templates.article_page(post, posts) for post in posts[:5]]
    rules = OpsIntelsSpider.rules
    extract(pages[0], "https://opsintels.com/x/", rules=rules, site="OpsIntels")  # warm caches
    while gc.collect():  # an earlier test's garbage (a crawler's signal weakrefs die in rounds)
        pass
    gc.disable()
    try:
        for html in pages:
            assert extract(html, "https://opsintels.com/x/", rules=rules, site="OpsIntels").article["body"]
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_parsed_page_goes_with_its_response_not_with_the_cycle_collector():
    """Scrapy's ``response.selector`` points back at its response; ``page_selector`` does not,
    so the tree is freed by reference counting as soon as the response is done with."""
    import gc

    from scrapy.http import HtmlResponse, Request

    from crawler.extract import page_selector
    from crawler.outlinks import outlinks

    url = "https://n.example/x/"
    html = PAGE.format(jsonld=JSONLD)
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))
    while gc.collect():
        pass
    gc.disable()
    try:
        sel = page_selector(response)
        assert page_selector(response) is sel  # parsed once, shared with the archive records
        assert extract(html, url, selector=sel).article["title"] == "Ships & Subs"
        assert outlinks(response)
        del sel, response
        assert gc.collect() == 0
        scrapy_way = HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))
        assert scrapy_way.selector.css("h1")
        del scrapy_way
        assert gc.collect() > 0  # what page_selector avoids
    finally:
        gc.enable()

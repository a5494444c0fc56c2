"""Arc XP story JSON (crawler.arc) and the extraction chain's site hooks (content_source, credit_css)."""

from __future__ import annotations

import json
import logging

from parsel import Selector

from crawler.arc import ans_article, fusion_article, global_content
from crawler.extract import SiteRules, extract
from crawler.spiders.defensenews import DefenseNewsSpider

STORY = {
    "type": "story",
    "headlines": {"basic": "Army &amp; Navy test a shared radar"},
    "credits": {"by": [{"type": "author", "name": "Rhea Calloway", "org": "The Associated Press"},
                       {"type": "author", "name": "The Associated Press"}]},
    "first_publish_date": "2025-08-20T16:45:00.123Z",
    "display_date": "2025-08-21T00:00:00.000Z",
    "last_updated_date": "2025-08-20T17:00:00.000Z",
    "taxonomy": {"primary_section": {"name": "Land"}, "tags": [{"text": "radar"}, {"slug": "no-text"}]},
    "promo_items": {"basic": {"type": "image", "url": "https://img/lead.jpg", "caption": "Lead caption. (Ann Lee/AP)",
                              "credits": {"by": [{"name": "Ann Lee"}], "affiliation": [{"name": "AP"}]}}},
    "content_elements": [
        {"type": "text", "content": "The <a href=\"/x/\">Army</a>’s <b>new</b> radar &amp; more."},
        {"type": "raw_html", "content": "<div>Embedded poll</div>"},
        {"type": "header", "level": 2, "content": "Next steps"},
        {"type": "list", "items": [{"type": "text", "content": "One."}, {"type": "text", "content": "Two."}]},
        {"type": "image", "url": "https://img/2.jpg", "caption": "Inline caption.",
         "credits": {"affiliation": [{"name": "U.S. Navy"}]}},
        {"type": "oembed_response", "raw_oembed": {"html": "<blockquote>tweet</blockquote>"}},
        {"type": "interstitial_link", "content": "Read more", "url": "https://x/"},
        {"type": "quote", "subtype": "blockquote", "content_elements": [{"type": "text", "content": "Quoted."}]},
        {"type": "quote", "subtype": "pullquote", "content_elements": [{"type": "text", "content": "Pulled."}]},
        {"type": "text", "content": "Last."},
    ],
}


def fusion_page(content, ld=None, extra=""):
    script = ('<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{};'
              f'Fusion.arcSite="x";Fusion.globalContent={content};Fusion.globalContentConfig={{"a":1}};'
              'Fusion.contentCache={};</script>')
    ld_script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{ld_script}</head><body>{extra}{script}</body></html>"


def test_global_content_is_read_up_to_the_end_of_the_object():
    text = json.dumps({"type": "story", "note": "a } and ; inside </ strings"}).replace("</", "<\\/")
    data = global_content(Selector(text=fusion_page(text)))
    assert data == {"type": "story", "note": "a } and ; inside </ strings"}


def test_missing_or_broken_story_json_gives_nothing():
    assert global_content(Selector(text="<html><body><p>x</p></body></html>")) is None
    assert global_content(Selector(text=fusion_page('{"type": "story", "headlines": '))) is None
    assert fusion_article(Selector(text=fusion_page('{"type": "gallery"}'))) == {}
    # a tracking script that assigns into it first does not hide the real one
    page = '<script>Fusion.globalContent = window.x || 0;</script>' + fusion_page('{"type": "story"}')
    assert global_content(Selector(text=page)) == {"type": "story"}


def test_ans_story_fields():
    fields = ans_article(STORY)
    assert fields["title"] == "Army &amp; Navy test a shared radar"  # entities: the loader decodes them
    assert fields["authors"] == ["Rhea Calloway", "The Associated Press"]  # the loader drops the agency
    assert fields["body_paragraphs"] == ["The Army’s new radar & more.", "Next steps", "One.", "Two.", "Quoted.", "Last."]
    assert fields["captions"] == ["Lead caption. (Ann Lee/AP)", "Inline caption."]
    assert fields["lead_image"] == {"url": "https://img/lead.jpg", "caption": "Lead caption. (Ann Lee/AP)",
                                    "credit": "Ann Lee/AP"}
    assert fields["published_at"] == "2025-08-20T16:45:00.123Z"  # first publication, not display date
    assert fields["section"] == ["Land"] and fields["tags"] == ["radar"]


def test_lead_art_is_the_lead_image_when_there_is_no_basic_promo():
    story = {**STORY, "promo_items": {"lead_art": {"type": "image", "url": "https://img/la.jpg", "caption": "C."}}}
    assert ans_article(story)["lead_image"] == {"url": "https://img/la.jpg", "caption": "C.", "credit": None}
    video = {**STORY, "promo_items": {"lead_art": {"type": "video", "url": "https://v/1.mp4"}}}
    assert ans_article(video)["lead_image"] is None


def test_story_json_comes_first_and_is_normalized_by_the_loader():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "JSON-LD headline",
          "datePublished": "2025-08-20T12:45:00-04:00", "author": [{"@type": "Person", "name": "Someone Else"}]}
    page = fusion_page(json.dumps(STORY), ld, extra="<article><p>Markup paragraph.</p></article>")
    result = extract(page, "https://www.defensenews.com/land/2025/08/20/x/", rules=DefenseNewsSpider.rules,
                     site="defensenews")
    article = result.article
    assert article["title"] == "Army & Navy test a shared radar"
    assert article["authors"] == ["Rhea Calloway"]
    assert article["body_paragraphs"][0] == "The Army’s new radar & more."
    assert article["published_at"] == "2025-08-20T16:45:00+00:00"
    assert article["lead_image"]["credit"] == "Ann Lee/AP"
    assert result.fallbacks == [] and result.is_article


def test_without_story_json_the_chain_falls_back_and_counts_it():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "JSON-LD headline",
          "datePublished": "2025-08-20T12:45:00-04:00", "author": [{"@type": "Person", "name": "Jo Park"}]}
    page = fusion_page("{}", ld, extra='<article class="default__ArticleBody-sc-9x-2 q1"><p>Markup paragraph.</p>'
                                         '<p class="interstitial__InterstitialLink-sc-9x-6 q6">Read more</p></article>')
    result = extract(page, "https://www.defensenews.com/x/", rules=DefenseNewsSpider.rules, site="defensenews")
    assert result.article["title"] == "JSON-LD headline"
    assert result.article["published_at"] == "2025-08-20T12:45:00-04:00"
    assert result.article["body_paragraphs"] == ["Markup paragraph."]
    assert {"title", "authors", "body_paragraphs", "published_at"} <= set(result.fallbacks)


def test_a_failing_content_source_is_logged_and_skipped(caplog):
    def broken(sel):
        raise KeyError("content_elements")

    page = ('<html><head><meta property="og:type" content="article"><meta property="og:title" content="T">'
            '</head><body><article><p>Body text.</p></article></body></html>')
    with caplog.at_level(logging.WARNING, logger="crawler.extract"):
        result = extract(page, "https://x.test/a/", rules=SiteRules(content_source=broken))
    assert result.article["title"] == "T" and result.article["body_paragraphs"] == ["Body text."]
    assert "Content source failed on https://x.test/a/: KeyError" in caplog.text


def test_sites_without_a_content_source_count_no_extra_fallback():
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
          "datePublished": "2025-08-20T12:45:00Z", "author": {"@type": "Person", "name": "Jo Park"}}
    page = f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body><article><p>B.</p></article></body></html>'
    result = extract(page, "https://x.test/a/", rules=SiteRules())
    assert "title" not in result.fallbacks and "authors" not in result.fallbacks


def test_printed_credits_stay_out_of_captions_and_credit_the_lead_image():
    page = ('<html><head><meta property="og:type" content="article"><meta property="og:image" content="https://i/x.jpg">'
            '</head><body><article><h1>T</h1><figure><img src="x.jpg"><figcaption class="cap">A ship at sea. '
            '<span class="credit">U.S. Navy / Sgt. Ray</span></figcaption></figure><p>Body.</p></article></body></html>')
    rules = SiteRules(caption_css=(".cap",), credit_css=(".credit",))
    article = extract(page, "https://x.test/a/", rules=rules).article
    assert article["captions"] == ["A ship at sea."]
    assert article["lead_image"] == {"url": "https://i/x.jpg", "caption": "A ship at sea.",
                                     "credit": "U.S. Navy / Sgt. Ray"}


def test_inline_markup_does_not_add_spaces_inside_words():
    page = ('<html><head><meta property="og:type" content="article"></head><body><article><h1>T</h1>'
            '<p>The <a href="/x">F-35</a>’s engine, per <em>Defense One</em>.</p></article></body></html>')
    article = extract(page, "https://x.test/a/").article
    assert article["body_paragraphs"] == ["The F-35’s engine, per Defense One."]


def test_article_url_shapes():
    from crawler.spiders.defenseone import DefenseOneSpider
    from crawler.spiders.militarytimes import MilitaryTimesSpider

    dn, mt, d1 = DefenseNewsSpider(), MilitaryTimesSpider(), DefenseOneSpider()
    assert dn.is_article_url("https://www.defensenews.com/land/2025/08/21/army-picks-two-firms/")
    follow = [__import__("re").compile(p) for p in dn.sitemap_follow]
    for child, expected in (("/arc/outboundfeeds/sitemap/2025-08-21/?outputType=xml", True),
                            ("/arc/outboundfeeds/sitemap/?outputType=xml&from=100", True),
                            ("/arc/outboundfeeds/sitemap-section/land/?outputType=xml", True),
                            ("/arc/outboundfeeds/video-sitemap/?outputType=xml", False)):
        assert any(r.search("https://www.defensenews.com" + child) for r in follow) is expected, child
    assert mt.is_article_url("https://www.militarytimes.com/news/your-military/2025/08/21/troops-face-rules/")
    for url in ("https://www.defensenews.com/video/2025/08/20/inside-the-navy/",
                "https://www.defensenews.com/author/dana-whitfield/",
                "https://www.defensenews.com/arc/outboundfeeds/rss/?outputType=xml",
                "https://www.defensenews.com/land/", "https://www.example.com/land/2025/08/21/x/"):
        assert not dn.is_article_url(url), url
    assert d1.is_article_url("https://www.defenseone.com/business/2026/03/former-advisor-joins-board/412510/")
    for url in ("https://www.defenseone.com/voices/patrick-lyle/14201/", "https://www.defenseone.com/rss/all/",
                "https://www.defenseone.com/technology/2025/08/no-id-here/"):
        assert not d1.is_article_url(url), url


def test_page_titles_lose_the_site_name():
    page = ('<html><head><meta property="og:type" content="article"><title>Navy christens a frigate | Defense News'
            '</title></head><body><main><p>Body.</p></main></body></html>')
    assert extract(page, "https://www.defensenews.com/x/", rules=DefenseNewsSpider.rules).article["title"] == \
        "Navy christens a frigate"

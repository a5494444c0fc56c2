"""Quick checks of the bundled OpsIntels mirror (tests/site) itself."""

import gzip
import html
import http.client
import json
import re
import socket
import sys
import unicodedata
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.site import TestSite  # noqa: E402
from tests.site.opsintels import ARTICLES, ARTICLES_BY_SLUG, QUIRKS, SEED_SLUG  # noqa: E402
from tests.site.opsintels.app import IMAGE_PATH, SLOW_PATH  # noqa: E402
from tests.site.opsintels.articles import DELETED_SLUG  # noqa: E402

ORIGIN = "https://opsintels.com"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SEED_DIR = Path(__file__).resolve().parent / "site" / "opsintels" / "data"


@pytest.fixture(scope="module")
def site():
    with TestSite() as s:
        yield s


def fetch(site, path, headers=None, method="GET", timeout=5, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", site.port, timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.getheaders(), resp.read()
    finally:
        if own:
            conn.close()


def header(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    return values[0] if values else None


class _Text(HTMLParser):
    """Visible text plus image alt texts, roughly as a reader sees the page."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "select", "title"):
            self._skip += 1
        elif tag == "img" and dict(attrs).get("alt"):
            self.parts.append(dict(attrs)["alt"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "select", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(markup):
    parser = _Text()
    parser.feed(markup)
    return " ".join(parser.parts)


def jsonld_blocks(markup):
    return re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', markup, re.S)


# -- discovery files ---------------------------------------------------------

def test_robots_txt(site):
    status, headers, body = fetch(site, "/robots.txt")
    assert status == 200
    assert header(headers, "Content-Type").startswith("text/plain")
    lines = body.decode().splitlines()
    for line in ["User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php",
                 f"Sitemap: {ORIGIN}/sitemap_index.xml"]:
        assert line in lines


def test_sitemap_index_lists_yoast_sitemaps_and_wp_sitemap_is_404(site):
    status, headers, body = fetch(site, "/sitemap_index.xml")
    assert status == 200 and header(headers, "Content-Type") == "text/xml; charset=UTF-8"
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet')
    root = ET.fromstring(body)
    locs = [e.findtext(f"{SM}loc") for e in root.findall(f"{SM}sitemap")]
    assert locs == [f"{ORIGIN}/{n}" for n in ("post-sitemap.xml", "page-sitemap.xml",
                                             "category-sitemap.xml", "author-sitemap.xml")]
    assert all(re.search(r"[+-]\d\d:\d\d$", e.findtext(f"{SM}lastmod")) for e in root)
    for loc in locs:
        assert fetch(site, loc[len(ORIGIN):])[0] == 200
    assert fetch(site, "/wp-sitemap.xml")[0] == 404


def test_post_sitemap_lists_every_article_and_the_deleted_post(site):
    root = ET.fromstring(fetch(site, "/post-sitemap.xml")[2])
    urls = root.findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") for u in urls]
    assert sorted(locs) == sorted([a["sitemap_url"] for a in ARTICLES] + [f"{ORIGIN}/{DELETED_SLUG}/"])
    tracked = [loc for loc in locs if "utm_source=" in loc]
    assert len(tracked) == 1 and "&utm_medium=" in tracked[0]
    images = root.findall(".//{http://www.google.com/schemas/sitemap-image/1.1}loc")
    assert len(images) == sum(1 for a in ARTICLES if "no_featured_image" not in a["quirks"])
    assert fetch(site, f"/{DELETED_SLUG}/")[0] == 404


def test_feed_is_chunked_rss_with_ten_newest_posts(site):
    status, headers, body = fetch(site, "/feed/")
    assert status == 200
    assert header(headers, "Content-Type") == "application/rss+xml; charset=UTF-8"
    assert header(headers, "Transfer-Encoding") == "chunked"
    assert header(headers, "Content-Length") is None
    channel = ET.fromstring(body).find("channel")
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [a["feed_url"] for a in ARTICLES[:10]]
    links = {i.findtext("link") for i in items}
    retired = next(a for a in ARTICLES if "retired_slug" in a["quirks"])
    assert f"{ORIGIN}/{retired['old_slug']}/" in links and retired["url"] not in links
    tracked = next(a for a in ARTICLES if "tracking_params" in a["quirks"])
    assert tracked["url"] in links
    first = items[0]
    assert first.findtext("guid").startswith(f"{ORIGIN}/?p=")
    assert re.fullmatch(r"\w{3}, \d\d \w{3} 2025 \d\d:\d\d:\d\d \+0000", first.findtext("pubDate"))
    dc = "{http://purl.org/dc/elements/1.1/}creator"
    assert first.findtext(dc) == ARTICLES[0]["authors"][0]


# -- HTTP behaviour ----------------------------------------------------------

def test_gzip_only_when_asked(site):
    path = f"/{SEED_SLUG}/"
    _, plain_headers, plain = fetch(site, path)
    assert header(plain_headers, "Content-Encoding") is None
    status, headers, body = fetch(site, path, {"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and header(headers, "Content-Encoding") == "gzip"
    assert int(header(headers, "Content-Length")) == len(body) < len(plain)
    assert gzip.decompress(body) == plain
    _, feed_headers, feed = fetch(site, "/feed/", {"Accept-Encoding": "gzip"})
    assert header(feed_headers, "Content-Encoding") == "gzip"
    assert b"<rss" in gzip.decompress(feed)
    _, img_headers, img = fetch(site, IMAGE_PATH, {"Accept-Encoding": "gzip"})
    assert header(img_headers, "Content-Encoding") is None and img[:3] == b"\xff\xd8\xff"
    assert header(img_headers, "Content-Type") == "image/jpeg"


def test_redirects_use_the_mirror_origin(site):
    status, headers, _ = fetch(site, f"/{SEED_SLUG}")
    assert status == 301
    assert header(headers, "Location") == f"{site.base_url}/{SEED_SLUG}/"
    retired = next(a for a in ARTICLES if "retired_slug" in a["quirks"])
    status, headers, _ = fetch(site, f"/{retired['old_slug']}/")
    assert status == 301 and header(headers, "Location") == f"{site.base_url}/{retired['slug']}/"
    status, headers, _ = fetch(site, "/category/defense/page/1/")
    assert status == 301 and header(headers, "Location") == f"{site.base_url}/category/defense/"


def test_500_then_200_and_reset_rearms():
    flaky = next(a for a in ARTICLES if "flaky_500" in a["quirks"])
    path = f"/{flaky['slug']}/"
    with TestSite() as s:
        assert fetch(s, path)[0] == 500
        assert fetch(s, path)[0] == 200
        assert s.hits[path] == 2
        s.reset()
        assert s.hits[path] == 0
        assert fetch(s, path)[0] == 500
        assert fetch(s, path)[0] == 200


def test_404_page_is_the_wordpress_template(site):
    status, headers, body = fetch(site, "/no-such-post/")
    assert status == 404 and header(headers, "Content-Type") == "text/html; charset=UTF-8"
    assert b"error404" in body and b"The page can&rsquo;t be found." in body


def test_conditional_get_and_runtime_edit():
    slug = "india-tests-agni-5-ballistic-missile-from-odisha-coast"
    path = f"/{slug}/"
    with TestSite() as s:
        _, headers, _ = fetch(s, path)
        etag, last_mod = header(headers, "ETag"), header(headers, "Last-Modified")
        assert etag and last_mod == "Tue, 18 Mar 2025 10:00:00 GMT"
        assert fetch(s, path, {"If-None-Match": etag})[0] == 304
        assert fetch(s, path, {"If-Modified-Since": last_mod})[0] == 304
        assert fetch(s, path, {"If-Modified-Since": "Mon, 17 Mar 2025 10:00:00 GMT"})[0] == 200

        modified = s.set_article_text(slug, ["A rewritten first paragraph.", "And a second one."])
        status, headers, body = fetch(s, path, {"If-None-Match": etag})
        assert status == 200 and header(headers, "ETag") != etag
        assert header(headers, "Last-Modified") != last_mod
        assert b"A rewritten first paragraph." in body
        assert s.article(slug)["body_paragraphs"] == ["A rewritten first paragraph.", "And a second one."]
        assert s.article(slug)["modified_at"] == modified
        assert f"<lastmod>{modified}</lastmod>".encode() in fetch(s, "/post-sitemap.xml")[2]
    # the shared expectations are untouched
    assert ARTICLES_BY_SLUG[slug]["body_paragraphs"][0].startswith("India successfully")


def test_keep_alive_cookies_concurrency_and_slow_page(site):
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
    try:
        first = fetch(site, "/", conn=conn)
        second = fetch(site, "/robots.txt", conn=conn)  # same socket, HTTP/1.1
    finally:
        conn.close()
    assert first[0] == second[0] == 200
    cookies = [v for k, v in first[1] if k.lower() == "set-cookie"]
    assert len(cookies) == 3 and cookies[0] == cookies[1]

    before = site.hits["/about-us/"]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: fetch(site, "/about-us/")[0], range(16)))
    assert statuses == [200] * 16 and site.hits["/about-us/"] == before + 16

    with pytest.raises((socket.timeout, TimeoutError)):
        fetch(site, SLOW_PATH, timeout=0.3)


def test_archives_paginate_and_link_articles(site):
    body = fetch(site, "/category/defense/")[2].decode()
    hrefs = re.findall(r'<h3 class="elementor-post__title">\s*<a href="([^"]+)"', body)
    assert len(hrefs) == 10
    assert f'class="page-numbers next" href="{ORIGIN}/category/defense/page/2/"' in body
    page2 = fetch(site, "/category/defense/page/2/")[2].decode()
    hrefs += re.findall(r'<h3 class="elementor-post__title">\s*<a href="([^"]+)"', page2)
    defense = [a for a in ARTICLES if "Defense" in a["categories"]]
    assert len(hrefs) == len(defense) > 10
    http_variant = [h for h in hrefs if h.startswith("http://opsintels.com/")]
    assert http_variant == ["http" + a["url"][5:] for a in defense if "http_link" in a["quirks"]]
    assert fetch(site, "/category/defense/page/3/")[0] == 404
    assert f'href="{ORIGIN}/about-us/"' in body
    for path in ("/tag/nato/", "/author/emmanuel-ademuyiwa/", "/about-us/"):
        page = fetch(site, path)[2].decode()
        assert '"@type":"Article"' not in page and "single-post" not in page
    assert 'property="og:type" content="website"' in fetch(site, "/about-us/")[2].decode()


# -- article pages -------------------------------------------------------------

def test_seed_expectations_match_the_shared_seed():
    shared = Path("/work/shared/seeds/opsintels-article.expected.json")
    ours = json.loads((SEED_DIR / "seed-article.expected.json").read_text("utf-8"))
    if shared.exists():
        assert json.loads(shared.read_text("utf-8")) == ours
    seed = ARTICLES_BY_SLUG[SEED_SLUG]
    for key in ("title", "authors", "captions", "body_paragraphs", "not_in_body"):
        assert seed[key] == ours[key]


def test_seed_page_reproduces_the_reader_text(site):
    status, headers, body = fetch(site, f"/{SEED_SLUG}/")
    assert status == 200 and header(headers, "Content-Type") == "text/html; charset=UTF-8"
    markup = body.decode("utf-8")
    text = visible_text(markup)
    pos = 0
    for line in (SEED_DIR / "seed-article.txt").read_text("utf-8").splitlines():
        line = " ".join(line.split())
        if line:
            found = text.find(line, pos)
            assert found >= 0, f"missing (in order): {line[:60]!r}"
            pos = found + len(line)
    assert "<title>Russian allies Belarus and Iran agree to boost bilateral defense ties - OpsIntels</title>" in markup
    assert f'<link rel="canonical" href="{ORIGIN}/{SEED_SLUG}/" />' in markup
    assert '<meta property="article:published_time" content="2025-08-21T09:14:27+00:00" />' in markup
    graph = json.loads(jsonld_blocks(markup)[0])["@graph"]
    article = next(n for n in graph if n["@type"] == "Article")
    person = next(n for n in graph if n["@type"] == "Person")
    assert article["author"]["@id"] == person["@id"] and person["name"] == "Emmanuel Ademuyiwa"
    assert article["headline"] == ARTICLES_BY_SLUG[SEED_SLUG]["title"]
    assert article["articleSection"] == ["Defense", "Geopolitics"]
    assert markup.count('data-widget_type="author-box.default"') == 3
    assert 'elementor-post-info__item--type-date">' in markup
    assert "<time>3 weeks ago</time>" in markup


def _page(site, article):
    status, headers, body = fetch(site, f"/{article['slug']}/")
    assert status == 200, article["slug"]
    ctype = header(headers, "Content-Type")
    charset = re.search(r"charset=([\w-]+)", ctype)
    if charset is None:
        charset = re.search(rb'<meta charset="([\w-]+)"', body)
        charset = charset.group(1).decode() if charset else None
    else:
        charset = charset.group(1)
    codec = "cp1252" if charset and charset.lower() in ("iso-8859-1", "windows-1252") else "utf-8"
    return ctype, body, html.unescape(body.decode(codec))


def test_every_article_contains_its_expected_text(site):
    site.reset()
    assert len(ARTICLES) >= 16
    assert {q for a in ARTICLES for q in a["quirks"]} == set(QUIRKS)
    for article in ARTICLES:
        if "flaky_500" in article["quirks"]:
            fetch(site, f"/{article['slug']}/")
        _, _, text = _page(site, article)
        text = unicodedata.normalize("NFC", re.sub(r"<[^>]+>", "", text))
        for para in article["body_paragraphs"] + article["captions"]:
            assert para in text, (article["slug"], para[:50])
        assert article["title"] in text


def test_article_quirks_are_served(site):
    def page(quirk):
        return _page(site, next(a for a in ARTICLES if quirk in a["quirks"]))

    ctype, raw, markup = page("charset_header_only")
    assert ctype == "text/html; charset=ISO-8859-1" and b"<meta charset" not in raw
    assert "\u20ac" in raw.decode("cp1252") and "€".encode("cp1252") in raw
    ctype, raw, markup = page("charset_meta_only")
    assert ctype == "text/html" and b'<meta charset="windows-1252">' in raw and b"caf\xe9" in raw

    _, raw, _ = page("nfd_title")
    h1 = re.search(rb'<h1 class="elementor-heading-title[^>]*>(.*?)</h1>', raw).group(1).decode()
    assert h1 != unicodedata.normalize("NFC", h1)
    _, raw, _ = page("title_markup")
    assert b"<em>Hypersonic</em> race &amp; China&#8217;s" in raw

    _, raw, markup = page("broken_jsonld")
    with pytest.raises(json.JSONDecodeError):
        json.loads(html.unescape(jsonld_blocks(raw.decode())[0]))
    assert 'og:title' in markup
    _, raw, _ = page("no_jsonld")
    assert not jsonld_blocks(raw.decode())

    _, raw, _ = page("two_authors")
    graph = json.loads(jsonld_blocks(raw.decode())[0])["@graph"]
    article = next(n for n in graph if n["@type"] == "Article")
    assert isinstance(article["author"], list) and len(article["author"]) == 2
    assert b"By Sarah Whitfield and Daniel Okafor" in raw
    _, raw, _ = page("three_authors")
    assert "By Daniel Okafor, Emmanuel Ademuyiwa and Zoë Łukasiewicz".encode() in raw
    _, raw, _ = page("no_author")
    graph = json.loads(jsonld_blocks(raw.decode())[0])["@graph"]
    assert next(n for n in graph if n["@type"] == "Article")["author"] == {"@id": f"{ORIGIN}/#organization"}
    assert b"elementor-author-box" not in raw
    _, raw, _ = page("no_featured_image")
    assert b"theme-post-featured-image" not in raw and b"og:image" not in raw
    _, raw, _ = page("no_caption")
    assert b"theme-post-featured-image" in raw and b"widget-image-caption" not in raw
    _, raw, _ = page("tweet_embed")
    assert b'blockquote class="twitter-tweet"' in raw and b"wp-block-embed-youtube" in raw
    _, raw, _ = page("pullquote")
    assert b"wp-block-pullquote" in raw and b"wp-element-caption" in raw
    attachment = re.search(rb'href="https://opsintels.com(/[^"]+/missile-assembly-line/)"', raw).group(1)
    assert fetch(site, attachment.decode())[0] == 200
    _, raw, _ = page("long_body")
    assert raw.count(b'<h2 class="wp-block-heading">') >= 5 and b"mc4wp-form" in raw


def test_redesign_variant_renames_the_content_widget():
    with TestSite(variant="redesign") as s:
        body = fetch(s, f"/{SEED_SLUG}/")[2]
    assert b"elementor-widget-theme-post-content" not in body
    assert b"elementor-widget-theme-post-body" in body
    assert ARTICLES_BY_SLUG[SEED_SLUG]["body_paragraphs"][0].encode() in body

"""Mirrors of WordPress news sites: one small module per site over the shared pieces here.

A site module (``breakingdefense``, ``twz``, ``navalnews``, ``defensepost``) defines a
:class:`WpSite`: origin, name, its posts (with the quirks of the real site), the markup of its
theme (``article_html``) and the discovery files it publishes. Everything else (Yoast head and
``@graph``, routing, expectations) is shared. Expectations (``site.articles``) list, per
article: slug, url, title, authors, captions, body_paragraphs, published_at, modified_at,
section, tags, lead_image_url, lead_image_credit, quirks, not_in_body.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import Callable

esc = html.escape


def texturize(text: str) -> str:
    """What wptexturize prints for a title: curly apostrophe as an entity."""
    return esc(text, quote=False).replace("\u2019", "&#8217;")


@dataclass
class WpSite:
    name: str                       # short site name (items' ``site``)
    origin: str                     # https://www.example.com
    publisher: str                  # "Breaking Defense"
    posts: list                     # post dicts (see module docstring of each site)
    article_html: Callable          # (site, post) -> the theme's <article> markup
    files: dict                     # path -> callable(site) -> (text, content type)
    robots_sitemaps: tuple = ()     # absolute sitemap URLs for robots.txt
    title_sep: str = " - "
    feed_path: str = "/feed/"       # the feed the <head> announces
    language: str = "en-US"
    body_class: str = "single single-post"
    pages: dict = field(default_factory=dict)  # path -> (title, [paragraphs]) non-article pages
    chrome: Callable | None = None  # (site, post) -> extra HTML around the article (sidebar, comments)

    def url(self, post) -> str:
        return self.origin + post["path"]

    def by_path(self, path):
        return next((p for p in self.posts if p["path"] == path), None)

    def newest_first(self):
        return sorted(self.posts, key=lambda p: datetime.fromisoformat(p["published"]), reverse=True)


# -- content ------------------------------------------------------------------------------------

def figure(image, style="block"):
    """An image with caption: ``block`` = Gutenberg figure, ``classic`` = [caption] shortcode."""
    src, caption = esc(image["url"]), image.get("caption")
    if style == "classic":
        cap = f'<p class="wp-caption-text">{esc(caption)}</p>' if caption else ""
        return (f'<div class="wp-caption aligncenter" style="width: 1210px"><img decoding="async" '
                f'src="{src}" alt="" width="1200" height="675" class="size-full" />{cap}</div>')
    cap = f'<figcaption class="wp-element-caption">{esc(caption)}</figcaption>' if caption else ""
    return (f'<figure class="wp-block-image size-large"><img decoding="async" src="{src}" alt="" '
            f'width="1200" height="675" class="wp-image-1" />{cap}</figure>')


def content_html(blocks, style="block") -> str:
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "p":
            out.append(f"<p>{esc(block[1], quote=False)}</p>")
        elif kind in ("h2", "h3"):
            out.append(f'<{kind} class="wp-block-heading">{esc(block[1], quote=False)}</{kind}>')
        elif kind == "li":
            out.append("<ul>" + "".join(f"<li>{esc(t, quote=False)}</li>" for t in block[1]) + "</ul>")
        elif kind == "img":
            out.append(figure(block[1], style))
        elif kind == "html":  # not part of the body: embeds, ads, newsletter boxes
            out.append(block[1])
    return "\n".join(out)


def body_paragraphs(blocks) -> list[str]:
    out = []
    for block in blocks:
        if block[0] in ("p", "h2", "h3"):
            out.append(block[1])
        elif block[0] == "li":
            out.extend(block[1])
    return out


def captions(post) -> list[str]:
    caps = [post["image"]["caption"]] if post.get("image") and post["image"].get("caption") else []
    caps += [b[1]["caption"] for b in post["blocks"] if b[0] == "img" and b[1].get("caption")]
    return caps


# -- head: Yoast SEO ----------------------------------------------------------------------------

def yoast_graph(site: WpSite, post) -> dict:
    url = site.url(post)
    org = f"{site.origin}/#organization"
    people = [{"@type": "Person", "@id": f"{site.origin}/#/schema/person/{a['id']}", "name": a["name"],
               "url": f"{site.origin}/author/{a['slug']}/"} for a in post["authors"]]
    article = {
        "@type": post.get("schema_type", "NewsArticle"), "@id": f"{url}#article",
        "isPartOf": {"@id": url}, "headline": post["title"],
        "datePublished": post["published"], "dateModified": post["modified"],
        "mainEntityOfPage": {"@id": url}, "wordCount": 400, "publisher": {"@id": org},
        "articleSection": [post["section"]], "keywords": post["tags"], "inLanguage": site.language,
    }
    if people:
        refs = [{"@id": p["@id"]} for p in people]
        article["author"] = refs[0] if len(refs) == 1 else refs
    else:
        article["author"] = {"@id": org}
    graph = [article, {"@type": "WebPage", "@id": url, "url": url, "name": f"{post['title']}{site.title_sep}{site.publisher}",
                       "isPartOf": {"@id": f"{site.origin}/#website"}, "datePublished": post["published"],
                       "inLanguage": site.language}]
    if post.get("image"):
        img_id = f"{url}#primaryimage"
        article["image"] = {"@id": img_id}
        article["thumbnailUrl"] = post["image"]["url"]
        graph.append({"@type": "ImageObject", "inLanguage": site.language, "@id": img_id,
                      "url": post["image"]["url"], "contentUrl": post["image"]["url"],
                      "width": 1200, "height": 675, "caption": post["image"].get("caption")})
    graph += [{"@type": "WebSite", "@id": f"{site.origin}/#website", "url": site.origin + "/",
               "name": site.publisher, "publisher": {"@id": org}},
              {"@type": "Organization", "@id": org, "name": site.publisher, "url": site.origin + "/"}]
    graph += people
    return {"@context": "https://schema.org", "@graph": graph}


def head(site: WpSite, post=None, title=None) -> str:
    title = title or post["title"]
    full = f"{texturize(title)}{site.title_sep}{esc(site.publisher)}"
    out = [f'<meta charset="UTF-8"><title>{full}</title>',
           f'<link rel="alternate" type="application/rss+xml" title="{esc(site.publisher)} &raquo; Feed" '
           f'href="{site.origin}{site.feed_path}" />']
    if post is None:
        out.append('<meta property="og:type" content="website" />')
        return "\n".join(out)
    url = site.url(post)
    out += [f'<link rel="canonical" href="{url}" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{full}" />', f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{esc(site.publisher)}" />',
            f'<meta property="article:published_time" content="{post["published"]}" />',
            f'<meta property="article:modified_time" content="{post["modified"]}" />']
    if post.get("image"):
        out.append(f'<meta property="og:image" content="{esc(post["image"]["url"])}" />')
    if post["authors"]:
        out.append(f'<meta name="author" content="{esc(", ".join(a["name"] for a in post["authors"]))}" />')
    graph = json.dumps(yoast_graph(site, post), separators=(",", ":")).replace("</", "<\\/")
    out.append(f'<script type="application/ld+json" class="yoast-schema-graph">{graph}</script>')
    return "<!-- This site is optimized with the Yoast SEO plugin -->\n" + "\n".join(out)


NAV = ('<header id="masthead" class="site-header"><nav class="main-navigation"><ul class="menu">'
       '<li><a href="/category/air/">Air</a></li><li><a href="/category/land/">Land</a></li>'
       '<li><a href="/category/sea/">Sea</a></li></ul></nav></header>')
FOOTER = ('<footer id="colophon" class="site-footer"><p>&copy; 2025 {publisher}. All rights reserved.</p>'
          '<p>Subscribe to our newsletter</p></footer>')


def page_html(site: WpSite, post) -> str:
    extra = site.chrome(site, post) if site.chrome else ""
    return (f'<!DOCTYPE html>\n<html lang="{site.language}">\n<head>\n{head(site, post)}\n</head>\n'
            f'<body class="{site.body_class} postid-{post["id"]}">\n{NAV}\n<main id="main" class="site-main">\n'
            f'{site.article_html(site, post)}\n{extra}\n</main>\n{FOOTER.format(publisher=esc(site.publisher))}\n'
            "</body>\n</html>\n")


def static_page_html(site: WpSite, title: str, paragraphs) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="{site.language}">\n<head>\n{head(site, title=title)}\n</head>\n'
            f'<body class="page">{NAV}<main><article class="page type-page"><h1 class="entry-title">{esc(title)}</h1>'
            f'<div class="entry-content">{body}</div></article></main></body></html>\n')


def home_html(site: WpSite) -> str:
    links = "".join(f'<article><h2 class="entry-title"><a href="{site.url(p)}">{texturize(p["title"])}</a></h2></article>'
                    for p in site.newest_first())
    return (f'<!DOCTYPE html>\n<html lang="{site.language}">\n<head>\n{head(site, title="Home")}\n</head>\n'
            f"<body class=\"home\">{NAV}<main>{links}</main></body></html>\n")


# -- discovery files ----------------------------------------------------------------------------

def rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def feed_items(site: WpSite, style="block"):
    return [{"title": p["title"], "link": site.url(p), "creators": [a["name"] for a in p["authors"]] or [site.publisher],
             "pub_date": rfc822(p["published"]), "categories": [p["section"], *p["tags"]],
             "guid": f"{site.origin}/?p={p['id']}", "description": p["blocks"][0][1][:120],
             "content": content_html(p["blocks"], style)} for p in site.newest_first()]


def post_sitemap_entries(site: WpSite):
    posts = sorted(site.posts, key=lambda p: datetime.fromisoformat(p["modified"]))
    return [(site.url(p), p["modified"], [p["image"]["url"]] if p.get("image") else []) for p in posts]


def news_entries(site: WpSite):
    return [(site.url(p), p["published"], p["title"], ", ".join(p["tags"])) for p in site.newest_first()]


# -- expectations -------------------------------------------------------------------------------

COMMON_NOT_IN_BODY = ["Subscribe to our newsletter", "All rights reserved"]


def expected(site: WpSite, post) -> dict:
    image = post.get("image") or {}
    return {
        "slug": post["path"].rstrip("/").rsplit("/", 1)[-1],
        "url": site.url(post),
        "path": post["path"],
        "title": post["title"],
        "authors": post.get("expected_authors", [a["name"] for a in post["authors"]]),
        "captions": captions(post),
        "body_paragraphs": body_paragraphs(post["blocks"]),
        "published_at": post["published"],
        "modified_at": post["modified"],
        "section": post["section"],
        "tags": list(post["tags"]),
        "lead_image_url": image.get("url"),
        "lead_image_credit": image.get("credit"),
        "quirks": list(post.get("quirks", ())),
        "not_in_body": COMMON_NOT_IN_BODY + list(post.get("not_in_body", ())),
    }


def expectations(site: WpSite) -> list[dict]:
    return [expected(site, p) for p in site.newest_first()]


def yoast_files(extra=None, news=False, feed_style="block"):
    """Discovery files of a WordPress + Yoast site: ``/sitemap_index.xml`` → ``post-sitemap.xml``
    and the ``extra`` urlsets (file name → entries), a Google News sitemap if ``news``, ``/feed/``."""
    from .. import xmlfeeds

    extra = extra or {}

    def newest(site):
        return max((p["modified"] for p in site.posts), key=datetime.fromisoformat)

    def index(site):
        names = ["post-sitemap.xml", *extra]
        return xmlfeeds.sitemap_index([(f"{site.origin}/{name}", newest(site)) for name in names]), xmlfeeds.XML

    files = {
        "/sitemap_index.xml": index,
        "/post-sitemap.xml": lambda s: (xmlfeeds.urlset(post_sitemap_entries(s)), xmlfeeds.XML),
        "/feed/": lambda s: (xmlfeeds.rss(s.publisher, f"{s.origin}/", f"{s.publisher} news",
                                          feed_items(s, feed_style), rfc822(newest(s))), xmlfeeds.RSS),
    }
    for name, entries in extra.items():
        files[f"/{name}"] = lambda s, e=entries: (xmlfeeds.urlset(e), xmlfeeds.XML)
    if news:
        files["/news-sitemap.xml"] = lambda s: (xmlfeeds.news_urlset(news_entries(s), s.publisher), xmlfeeds.XML)
    return files


def featured_image(post, template: str) -> str:
    """The theme's featured-image markup (``template`` with ``{src}`` and ``{caption}``), or ""."""
    image = post.get("image")
    return template.format(src=esc(image["url"]), caption=esc(image["caption"])) if image else ""


def author_links(site: WpSite, post, sep: str, attrs: str = "", slash: str = "/") -> str:
    """Byline links to the author archives, joined the way the theme joins them."""
    return sep.join(f'<a{attrs} href="{site.origin}/author/{a["slug"]}{slash}">{esc(a["name"])}</a>'
                    for a in post["authors"])

"""Mirror of Defense One (GovExec platform): ``/rss/all/``, per-section feeds, id-suffixed URLs.

Markup traits reproduced: ``content-title`` / ``content-byline`` / ``content-body`` hooks,
author links to ``/voices/{name}/{id}/``, ads and a newsletter box inside the body, a
"NEXT STORY" teaser after it, " - Defense One" title suffixes, JSON-LD with the ET offset
(one page has none: meta tags and markup must do), wire bylines "By Name, Reuters".
"""

import html
import json
from xml.sax.saxutils import escape as xml_escape

from ..mirror import MirrorApp, plain
from ..opsintels.dates import parse, rfc822
from .stories import AUTHORS, ORIGIN, SECTIONS, STORIES


def esc(text):
    return html.escape(text, quote=True)


def story_path(story):
    return f"/{story['path']}/{parse(story['published_at']).strftime('%Y/%m')}/{story['slug']}/{story['id']}/"


def image_url(name):
    return f"https://cdn.defenseone.com/media/img/cd/2025/08/21/{name}/860x394.jpg"


def _byline(story):
    if story["wire"]:
        return f'<p class="content-byline">By {esc(story["wire"][0])}, {esc(story["wire"][1])}</p>'
    links = [f'<a href="/voices/{slug}/{AUTHORS[slug][1]}/">{esc(AUTHORS[slug][0])}</a>' for slug in story["by"]]
    return f'<p class="content-byline">By {" and ".join(links)}</p>'


def _jsonld(story, url):
    if story["ld_published"] is None:
        return ""
    authors = [{"@type": "Person", "name": AUTHORS[s][0], "url": f"{ORIGIN}/voices/{s}/{AUTHORS[s][1]}/"}
               for s in story["by"]]
    if story["wire"]:
        authors = [{"@type": "Person", "name": story["wire"][0]}, {"@type": "Organization", "name": story["wire"][1]}]
    node = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": story["title"],
            "datePublished": story["ld_published"], "dateModified": story["ld_published"], "author": authors,
            "publisher": {"@type": "Organization", "name": "Defense One"},
            "mainEntityOfPage": url, "articleSection": story["section"]}
    if story["lead"]:
        node["image"] = {"@type": "ImageObject", "url": image_url(story["lead"]["name"])}
    return f'<script type="application/ld+json">{json.dumps(node, ensure_ascii=False)}</script>'


def _body(story):
    out = []
    for block in story["blocks"]:
        if block[0] == "p":
            out.append(f"<p>{block[1]}</p>")
        elif block[0] in ("h2", "h3"):
            out.append(f"<{block[0]}>{esc(block[1])}</{block[0]}>")
        elif block[0] == "ad":
            out.append('<div class="ad ad-inline" data-ad-slot="d1-inline-1"><p class="ad-label">Advertisement</p></div>')
        elif block[0] == "newsletter":
            out.append('<aside class="content-newsletter"><p>Subscribe to Defense One’s daily newsletter.</p>'
                       '<form><input type="email"></form></aside>')
    return "\n".join(out)


def article_page(story):
    url = ORIGIN + story_path(story)
    lead = story["lead"]
    figure = (f'<figure class="content-figure"><img src="{image_url(lead["name"])}" alt="">'
              f'<figcaption class="content-figure-caption">{esc(lead["caption"])} '
              f'<span class="content-figure-credit">{esc(lead["credit"])}</span></figcaption></figure>') if lead else ""
    published_meta = story.get("meta_published") or story["ld_published"]
    og_image = f'<meta property="og:image" content="{image_url(lead["name"])}">' if lead else ""
    when = parse(published_meta).strftime("%B %d, %Y %I:%M %p") + " ET"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{esc(story['title'])} - Defense One</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(story['title'])} - Defense One"><meta property="og:type" content="article">
<meta property="og:url" content="{url}">{og_image}
<meta property="article:published_time" content="{published_meta}">
<meta property="article:section" content="{esc(story['section'])}">
{_jsonld(story, url)}
</head><body class="page-story">
<header class="site-header"><nav>{''.join(f'<a href="/topic/{s}/">{n}</a>' for s, n in SECTIONS.items())}</nav></header>
<main><article class="content">
<header class="content-header"><p class="content-section"><a href="/{story['path']}/">{esc(story['section'])}</a></p>
<h1 class="content-title">{esc(story['title'])}</h1>
{_byline(story)}
<p class="content-byline-date">{when}</p>
<div class="content-share"><a>Share</a><a>Tweet</a></div></header>
{figure}
<div class="content-body">
{_body(story)}
</div>
<div class="content-related"><p>NEXT STORY: The Army’s next tank is lighter</p></div>
</article></main>
<footer class="site-footer"><p>© 2025 Government Executive Media Group LLC</p></footer>
</body></html>"""


def rss(stories, section=None):
    items = []
    for story in stories:
        if section and story["path"] != section:
            continue
        link = ORIGIN + story_path(story)
        creator = story["wire"][0] if story["wire"] else " and ".join(AUTHORS[s][0] for s in story["by"])
        items.append(f"<item><title>{xml_escape(story['title'])}</title><link>{link}</link>"
                     f"<description>{xml_escape(plain(story['blocks'][0][1]))}</description>"
                     f"<dc:creator>{xml_escape(creator)}</dc:creator>"
                     f"<pubDate>{rfc822(story['published_at'])}</pubDate><guid>{link}</guid></item>")
    title = f"Defense One - {SECTIONS[section]}" if section else "Defense One - All Content"
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>{title}</title><link>{ORIGIN}/</link><description>{title}</description>"
            f"<language>en-us</language>{''.join(items)}</channel></rss>")


ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /admin/\n"


class DefenseOneApp(MirrorApp):
    origin = ORIGIN

    def __init__(self, variant=None):
        super().__init__(STORIES, variant)

    def url_of(self, story):
        return ORIGIN + story_path(story)

    def route(self, path, query):
        stories = self.stories()
        if path == "/robots.txt":
            return self.text(ROBOTS)
        if path == "/rss/all/":
            return self.xml(rss(stories), "application/rss+xml; charset=utf-8")
        if path.startswith("/rss/") and path.strip("/").split("/")[-1] in SECTIONS:
            return self.xml(rss(stories, path.strip("/").split("/")[-1]), "application/rss+xml; charset=utf-8")
        for story in stories:
            if story_path(story) == path:
                return self.page(story, article_page(story))
        return None


def make_app(site, variant=None):
    return DefenseOneApp(variant)


__all__ = ["DefenseOneApp", "make_app", "STORIES"]

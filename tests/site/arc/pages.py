"""Arc XP pages and outbound feeds as Sightline Media's sites serve them (one renderer, three sites).

Markup traits reproduced: styled-component class names (``default__ArticleBody-sc-<hash>-2
kXoXGb``) that differ per site and deploy, a ``fusion-metadata`` script carrying the story as ANS
JSON (``Fusion.globalContent``), JSON-LD ``NewsArticle`` whose author list names the agency as a
Person, visible dates without an offset, ``a-caption`` figcaptions, related-story and newsletter
blocks inside the article, " | Site" title suffixes.
"""

import html
import json
from datetime import datetime, timezone
from xml.sax.saxutils import escape as xml_escape

from ..mirror import plain
from ..opsintels.dates import parse, rfc822
from .stories import img


def esc(text):
    return html.escape(text, quote=True)


def story_path(story):
    day = parse(story["published_at"]).strftime("%Y/%m/%d")
    return f"/{story['path']}/{day}/{story['slug']}/"


def _credits(by, affiliation):
    return {"by": [{"type": "author", "name": n, "byline": n} for n in by],
            "affiliation": [{"type": "author", "name": a} for a in affiliation]}


def _image_ans(site, name, caption, by, affiliation):
    return {"type": "image", "_id": name.upper(), "url": img(site["domain"], name), "caption": caption,
            "credits": _credits(by, affiliation), "width": 1200, "height": 800}


def ans(site, story):
    """The story as Arc Native Specification (the subset Sightline pages ship)."""
    elements = []
    for i, block in enumerate(story["blocks"]):
        kind = block[0]
        if kind == "p":
            elements.append({"type": "text", "_id": f"T{i}", "content": block[1]})
        elif kind in ("h2", "h3"):
            elements.append({"type": "header", "_id": f"H{i}", "level": int(kind[1]), "content": block[1]})
        elif kind == "list":
            elements.append({"type": "list", "_id": f"L{i}", "list_type": "unordered",
                             "items": [{"type": "text", "_id": f"L{i}-{j}", "content": t} for j, t in enumerate(block[1])]})
        elif kind == "image":
            elements.append(_image_ans(site, *block[1:]))
        elif kind == "raw_html":
            elements.append({"type": "raw_html", "_id": f"R{i}", "content": block[1]})
        elif kind == "oembed":
            elements.append({"type": "oembed_response", "_id": f"O{i}", "subtype": "twitter",
                             "raw_oembed": {"html": f"<blockquote class=\"twitter-tweet\"><p>{esc(block[1])}</p></blockquote>"}})
        elif kind == "interstitial":
            elements.append({"type": "interstitial_link", "_id": f"I{i}", "content": block[1],
                             "url": f"https://www.{site['domain']}{block[2]}"})
    lead = story["lead"]
    promo = {"basic": _image_ans(site, lead["name"], lead["caption"], lead["by"], lead["affiliation"])} if lead else {}
    return {
        "_id": story["id"], "type": "story", "version": "0.10.9", "canonical_website": site["arc_site"],
        "canonical_url": story_path(story), "website_url": story_path(story),
        "headlines": {"basic": story["title"], "meta_title": ""},
        "description": {"basic": plain(story["blocks"][0][1])[:150]},
        "credits": {"by": story["by"]},
        "first_publish_date": story["ans_published"], "display_date": story["ans_published"],
        "publish_date": story["modified_at"].replace("+00:00", ".000Z"),
        "last_updated_date": story["modified_at"].replace("+00:00", ".000Z"),
        "taxonomy": {"primary_section": {"_id": "/" + story["path"], "name": story["section"]},
                     "tags": [{"text": t, "slug": t.lower().replace(" ", "-")} for t in story["tags"]]},
        "promo_items": promo,
        "content_elements": elements,
    }


def _fusion_script(site, story):
    content = {} if "no_fusion" in story["quirks"] else ans(site, story)
    data = json.dumps(content, ensure_ascii=False).replace("</", "<\\/")
    return ('<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{};'
            f'Fusion.arcSite="{site["arc_site"]}";Fusion.contextPath="/pf";Fusion.mxId="00000000";'
            f'Fusion.deployment="4321";Fusion.globalContent={data};'
            f'Fusion.globalContentConfig={{"source":"content-api","query":{{"website_url":"{story_path(story)}"}}}};'
            'Fusion.contentCache={};Fusion.layout="article-right-rail";</script>')


def _jsonld(site, story, url):
    lead = story["lead"]
    node = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": plain(story["title"]), "datePublished": story["ld_published"],
        "dateModified": story["modified_at"].replace("+00:00", "Z"),
        # Sightline lists every credit as a Person, the wire service included.
        "author": [{"@type": "Person", "name": b["name"]} for b in story["by"]],
        "publisher": {"@type": "Organization", "name": site["name"],
                      "logo": {"@type": "ImageObject", "url": f"https://www.{site['domain']}/pf/resources/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": story["section"], "keywords": story["tags"],
    }
    if lead:
        credit = "/".join(filter(None, (", ".join(lead["by"]), ", ".join(lead["affiliation"]))))
        node["image"] = {"@type": "ImageObject", "url": img(site["domain"], lead["name"]),
                         "caption": lead["caption"], "creditText": credit}
    return json.dumps(node, ensure_ascii=False).replace("</", "<\\/")


def _cls(site, component, n):
    """A styled-component class: stable component name, per-site hash, per-deploy short class."""
    return f"{component}-sc-{site['hash']}-{n} {site['hash'][::-1][:6]}{n}"


def _figure(site, name, caption):
    return (f'<figure class="{_cls(site, "lead-art__Figure", 4)}"><img alt="" src="{esc(img(site["domain"], name))}">'
            f'<figcaption class="a-caption"><span class="{_cls(site, "caption__Text", 5)}">{esc(caption)}</span>'
            '</figcaption></figure>')


def _body(site, story):
    out = []
    for block in story["blocks"]:
        kind = block[0]
        if kind == "p":
            out.append(f'<p class="{_cls(site, "body-paragraph__Paragraph", 0)} c-paragraph">{block[1]}</p>')
        elif kind in ("h2", "h3"):
            out.append(f'<{kind} class="{_cls(site, "header__Header", 1)}">{esc(block[1])}</{kind}>')
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{t}</li>" for t in block[1]) + "</ul>")
        elif kind == "image":
            out.append(_figure(site, block[1], block[2]))
        elif kind == "raw_html":
            out.append(f'<div class="{_cls(site, "raw-html__RawHTML", 2)}">{block[1]}</div>')
        elif kind == "oembed":
            out.append(f'<div class="{_cls(site, "oembed__Embed", 3)}"><blockquote class="twitter-tweet">'
                       f'<p>{esc(block[1])}</p></blockquote></div>')
        elif kind == "interstitial":
            out.append(f'<p class="{_cls(site, "interstitial-link__InterstitialLink", 6)}"><a href="{block[2]}">'
                       f'{esc(block[1])}</a></p>')
    if "duplicated_paragraph" in story["quirks"]:
        # Arc re-renders the first paragraph after the ad slot on some layouts
        out.insert(2, f'<div class="{_cls(site, "ad__AdUnit", 7)}"></div>'
                      f'<p class="{_cls(site, "body-paragraph__Paragraph", 0)} c-paragraph">{story["blocks"][0][1]}</p>')
    return "\n".join(out)


def _display_date(iso):
    """"Aug 21, 2025 at 10:03 AM": what readers see, no offset (the trap for text-based dates)."""
    return parse(iso).strftime("%b %d, %Y at %I:%M %p")


def article_page(site, story):
    url = f"https://www.{site['domain']}{story_path(story)}"
    title = plain(story["title"])
    lead = story["lead"]
    byline = " and ".join(f'<a href="/author/{b["slug"]}/">{esc(b["name"])}</a>' if b.get("slug") else esc(b["name"])
                          for b in story["by"])
    og_image = f'<meta property="og:image" content="{esc(img(site["domain"], lead["name"]))}">' if lead else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{esc(title)} | {esc(site['name'])}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(title)} | {esc(site['name'])}">
<meta property="og:type" content="article"><meta property="og:site_name" content="{esc(site['name'])}">
<meta property="og:url" content="{url}">{og_image}
<meta name="description" content="{esc(plain(story['blocks'][0][1]))}">
<script type="application/ld+json">{_jsonld(site, story, url)}</script>
<style>.{site['hash'][::-1][:6]}0{{margin:0 0 1em}}</style>
</head><body><div id="fusion-app">
<header class="{_cls(site, "site-header__Wrap", 8)}"><nav><a href="/">{esc(site['name'])}</a>
{''.join(f'<a href="/{s}/">{esc(n)}</a>' for s, n in site['sections'].items())}</nav></header>
<main><article class="{_cls(site, "default__ArticleBody", 2)}">
<h1 class="{_cls(site, "headline__Headline", 9)}">{esc(title)}</h1>
<div class="{_cls(site, "byline__Byline", 10)}"><span>By </span>{byline}</div>
<time class="{_cls(site, "date__Date", 11)}">{_display_date(story['published_at'])}</time>
{_figure(site, lead['name'], lead['caption']) if lead else ''}
{_body(site, story)}
<div class="{_cls(site, "newsletter__Newsletter", 12)}"><p>Sign up for the Early Bird Brief, the defense community’s
most comprehensive news roundup.</p><form><input type="email"></form></div>
<div class="{_cls(site, "related__RelatedContent", 13)}"><p>Related: Navy wants a cheaper hull for its next frigate</p></div>
</article></main>
<footer><p>© 2025 Sightline Media Group</p></footer></div>
{_fusion_script(site, story)}
</body></html>"""


def video_page(site, path):
    return (f'<!DOCTYPE html><html lang="en"><head><title>Video | {esc(site["name"])}</title>'
            f'<meta property="og:type" content="video.other"></head><body><main><h1>Video</h1>'
            f'<p>Watch the video.</p></main></body></html>')


# -- outbound feeds ----------------------------------------------------------------------------

def robots(site):
    base = f"https://www.{site['domain']}/arc/outboundfeeds"
    return ("User-agent: *\nDisallow: /pf/api/\nDisallow: /search/\n\n"
            f"Sitemap: {base}/sitemap-index/?outputType=xml\n"
            f"Sitemap: {base}/news-sitemap/?outputType=xml\n")


_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
       'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
       'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"')


def _days(stories):
    return sorted({parse(s["published_at"]).strftime("%Y-%m-%d") for s in stories}, reverse=True)


PAGE_SIZE = 2  # entries per paged sitemap (Arc's "from"/"size" parameters)


def sitemap_index(site, stories):
    base = f"https://www.{site['domain']}/arc/outboundfeeds"
    if site.get("sitemap_style") == "paged":
        rows = "".join(f"<sitemap><loc>{base}/sitemap/?outputType=xml&amp;from={start}</loc></sitemap>"
                       for start in range(0, len(stories), PAGE_SIZE))
        rows += f"<sitemap><loc>{base}/video-sitemap/?outputType=xml</loc></sitemap>"
        return f'{_XML}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'
    rows = "".join(f"<sitemap><loc>{base}/sitemap/{day}/?outputType=xml</loc><lastmod>{day}T23:59:59.000Z</lastmod></sitemap>"
                   for day in _days(stories))
    rows += f"<sitemap><loc>{base}/video-sitemap/?outputType=xml</loc></sitemap>"
    return f'{_XML}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'


def _url_row(site, loc, lastmod, extra=""):
    return f"<url><loc>{xml_escape(loc)}</loc><lastmod>{lastmod}</lastmod>{extra}</url>"


def day_sitemap(site, stories, day, video_path):
    rows = []
    for story in stories:
        if parse(story["published_at"]).strftime("%Y-%m-%d") != day:
            continue
        loc = f"https://www.{site['domain']}{story_path(story)}"
        extra = ""
        if story["lead"]:
            extra = (f"<image:image><image:loc>{xml_escape(img(site['domain'], story['lead']['name']))}</image:loc>"
                     f"<image:caption>{xml_escape(story['lead']['caption'])}</image:caption></image:image>")
        rows.append(_url_row(site, loc, story["modified_at"].replace("+00:00", ".000Z"), extra))
    if video_path and video_path.split("/")[2:5] == day.split("-"):
        rows.append(_url_row(site, f"https://www.{site['domain']}{video_path}", f"{day}T10:00:00.000Z"))
    if not rows:
        return None
    return f"{_XML}<urlset {_NS}>{''.join(rows)}</urlset>"


def paged_sitemap(site, stories, start):
    rows = [_url_row(site, f"https://www.{site['domain']}{story_path(s)}", s["modified_at"].replace("+00:00", ".000Z"))
            for s in stories[start:start + PAGE_SIZE]]
    return f"{_XML}<urlset {_NS}>{''.join(rows)}</urlset>" if rows else None


def news_sitemap(site, stories):
    rows = []
    for story in stories:
        news = (f"<news:news><news:publication><news:name>{xml_escape(site['name'])}</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{story['ld_published']}</news:publication_date>"
                f"<news:title>{xml_escape(plain(story['title']))}</news:title></news:news>")
        rows.append(_url_row(site, f"https://www.{site['domain']}{story_path(story)}",
                             story["modified_at"].replace("+00:00", ".000Z"), news))
    return f"{_XML}<urlset {_NS}>{''.join(rows)}</urlset>"


def rss(site, stories, section=None):
    items = []
    for story in stories:
        if section and story["path"].split("/")[0] != section:
            continue
        link = f"https://www.{site['domain']}{story_path(story)}"
        creators = "".join(f"<dc:creator><![CDATA[{b['name']}]]></dc:creator>" for b in story["by"])
        items.append(f"<item><title><![CDATA[{plain(story['title'])}]]></title><link>{link}</link>"
                     f"<guid isPermaLink=\"true\">{link}</guid>{creators}"
                     f"<description><![CDATA[{plain(story['blocks'][0][1])}]]></description>"
                     f"<pubDate>{rfc822(story['published_at'])}</pubDate>"
                     f"<category>{xml_escape(story['section'])}</category></item>")
    built = datetime(2025, 8, 22, tzinfo=timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (f'{_XML}<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel><title>{xml_escape(site["name"])}</title>'
            f"<link>https://www.{site['domain']}</link><description>{xml_escape(site['name'])} news</description>"
            f"<lastBuildDate>{built}</lastBuildDate>{''.join(items)}</channel></rss>")

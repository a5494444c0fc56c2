"""Yoast SEO head output: <title>, meta tags and the schema.org @graph."""

import json

from .authors import AUTHORS, ORIGIN
from .content import esc, excerpt, strip_tags, texturize, upload_url, word_count

SITE_NAME = "OpsIntels"
TAGLINE = "Defense, Intelligence & Geopolitics News"
ORG_ID = f"{ORIGIN}/#organization"
WEBSITE_ID = f"{ORIGIN}/#website"
LOGO_URL = f"{ORIGIN}/wp-content/uploads/2025/01/opsintels-logo.png"

YOAST_OPEN = ('<!-- This site is optimized with the Yoast SEO plugin v25.7 - '
              'https://yoast.com/wordpress/plugins/seo/ -->')
YOAST_CLOSE = "<!-- / Yoast SEO plugin. -->"


def _json(graph):
    # Yoast: wp_json_encode(..., JSON_UNESCAPED_SLASHES); non-ASCII as \uXXXX.
    return json.dumps({"@context": "https://schema.org", "@graph": graph},
                      separators=(",", ":")).replace("</", "<\\/")


def _script(graph):
    return f'<script type="application/ld+json" class="yoast-schema-graph">{_json(graph)}</script>'


def website_node():
    return {
        "@type": "WebSite", "@id": WEBSITE_ID, "url": f"{ORIGIN}/", "name": SITE_NAME,
        "description": TAGLINE, "publisher": {"@id": ORG_ID},
        "potentialAction": [{
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{ORIGIN}/?s={{search_term_string}}"},
            "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True,
                            "valueName": "search_term_string"},
        }],
        "inLanguage": "en-US",
    }


def organization_node():
    logo_id = f"{ORIGIN}/#/schema/logo/image/"
    return {
        "@type": "Organization", "@id": ORG_ID, "name": SITE_NAME, "url": f"{ORIGIN}/",
        "logo": {"@type": "ImageObject", "inLanguage": "en-US", "@id": logo_id,
                 "url": LOGO_URL, "contentUrl": LOGO_URL, "width": 512, "height": 512,
                 "caption": SITE_NAME},
        "image": {"@id": logo_id},
        "sameAs": ["https://www.facebook.com/opsintels", "https://x.com/opsintels"],
    }


def person_node(author):
    return {
        "@type": "Person", "@id": author["schema_id"], "name": author["name"],
        "image": {"@type": "ImageObject", "inLanguage": "en-US",
                  "@id": f"{ORIGIN}/#/schema/person/image/{author['schema_id'].rsplit('/', 1)[1]}",
                  "url": author["avatar"], "contentUrl": author["avatar"],
                  "caption": author["name"]},
        "description": author["bio"], "sameAs": author["same_as"], "url": author["url"],
    }


def breadcrumb_node(url, name, middle=None):
    items = [{"@type": "ListItem", "position": 1, "name": "Home", "item": f"{ORIGIN}/"}]
    if middle:
        items.append({"@type": "ListItem", "position": 2, "name": middle[0], "item": middle[1]})
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": name})
    return {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": items}


def article_graph(post, title_text, cats, tags):
    url = f"{ORIGIN}/{post['slug']}/"
    authors = [AUTHORS[a] for a in post["authors"]]
    refs = [{"name": a["name"], "@id": a["schema_id"]} for a in authors]
    image = post["image"]
    article = {
        "@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
        "author": (refs[0] if len(refs) == 1 else refs) if refs else {"@id": ORG_ID},
        "headline": title_text,
        "datePublished": post["published_at"], "dateModified": post["modified_at"],
        "mainEntityOfPage": {"@id": url}, "wordCount": word_count(post["blocks"]),
        "commentCount": 0, "publisher": {"@id": ORG_ID},
    }
    if image:
        article["image"] = {"@id": f"{url}#primaryimage"}
        article["thumbnailUrl"] = upload_url(image["file"])
    if tags:
        article["keywords"] = tags
    article.update({
        "articleSection": cats, "inLanguage": "en-US",
        "potentialAction": [{"@type": "CommentAction", "name": "Comment",
                             "target": [f"{url}#respond"]}],
    })
    webpage = {
        "@type": "WebPage", "@id": url, "url": url, "name": f"{title_text} - {SITE_NAME}",
        "isPartOf": {"@id": WEBSITE_ID},
    }
    if image:
        webpage.update({"primaryImageOfPage": {"@id": f"{url}#primaryimage"},
                        "image": {"@id": f"{url}#primaryimage"},
                        "thumbnailUrl": upload_url(image["file"])})
    webpage.update({
        "datePublished": post["published_at"], "dateModified": post["modified_at"],
        "breadcrumb": {"@id": f"{url}#breadcrumb"}, "inLanguage": "en-US",
        "potentialAction": [{"@type": "ReadAction", "target": [url]}],
    })
    graph = [article, webpage]
    if image:
        node = {"@type": "ImageObject", "inLanguage": "en-US", "@id": f"{url}#primaryimage",
                "url": upload_url(image["file"]), "contentUrl": upload_url(image["file"]),
                "width": image["width"], "height": image["height"]}
        if image["caption"]:
            node["caption"] = image["caption"]
        graph.append(node)
    graph += [breadcrumb_node(url, title_text), website_node(), organization_node()]
    graph += [person_node(a) for a in authors]
    return graph


def _meta(prop, content, attr="property"):
    return f'<meta {attr}="{prop}" content="{esc(content)}" />'


def article_head(post, title_text, cats, tags):
    """Yoast block for a single post. ``title_text`` is the plain title as printed."""
    url = f"{ORIGIN}/{post['slug']}/"
    names = [AUTHORS[a]["name"] for a in post["authors"]]
    doc_title = f"{texturize(title_text)} - {SITE_NAME}"
    desc = excerpt(post["blocks"])
    lines = [
        YOAST_OPEN,
        f"<title>{doc_title}</title>",
        '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />',
        f'<link rel="canonical" href="{url}" />',
        _meta("og:locale", "en_US"),
        _meta("og:type", "article"),
        f'<meta property="og:title" content="{doc_title}" />',
        _meta("og:description", desc),
        _meta("og:url", url),
        _meta("og:site_name", SITE_NAME),
        _meta("article:publisher", "https://www.facebook.com/opsintels"),
        _meta("article:published_time", post["published_at"]),
        _meta("article:modified_time", post["modified_at"]),
    ]
    if post["image"]:
        lines += [_meta("og:image", upload_url(post["image"]["file"])),
                  _meta("og:image:width", str(post["image"]["width"])),
                  _meta("og:image:height", str(post["image"]["height"])),
                  _meta("og:image:type", "image/jpeg")]
    if names:
        lines.append(_meta("author", ", ".join(names), "name"))
    lines += [_meta("twitter:card", "summary_large_image", "name"),
              _meta("twitter:creator", "@opsintels", "name"),
              _meta("twitter:site", "@opsintels", "name")]
    minutes = max(1, round(word_count(post["blocks"]) / 200))
    n = 1
    if names:
        lines += [_meta("twitter:label1", "Written by", "name"),
                  _meta("twitter:data1", ", ".join(names), "name")]
        n = 2
    lines += [_meta(f"twitter:label{n}", "Est. reading time", "name"),
              _meta(f"twitter:data{n}", f"{minutes} minute{'s' if minutes > 1 else ''}", "name")]
    quirks = post["quirks"]
    if "broken_jsonld" in quirks:
        # A plugin conflict truncated the graph and left a trailing comma.
        broken = _json(article_graph(post, title_text, cats, tags))[:-40] + ',}'
        lines.append(f'<script type="application/ld+json" class="yoast-schema-graph">{broken}</script>')
    elif "no_jsonld" not in quirks:
        lines.append(_script(article_graph(post, title_text, cats, tags)))
    lines.append(YOAST_CLOSE)
    return "\n".join(lines)


def simple_head(url, title, og_type, description, graph_nodes, robots=None):
    """Yoast block for pages, archives, the home page, attachments and 404."""
    doc_title = f"{texturize(title)} - {SITE_NAME}" if title else f"{SITE_NAME} - {texturize(TAGLINE)}"
    lines = [
        YOAST_OPEN,
        f"<title>{doc_title}</title>",
        f'<meta name="robots" content="{robots or "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"}" />',
    ]
    if url:
        lines.append(f'<link rel="canonical" href="{url}" />')
    lines += [_meta("og:locale", "en_US"), _meta("og:type", og_type),
              f'<meta property="og:title" content="{doc_title}" />']
    if description:
        lines.append(_meta("og:description", description))
    if url:
        lines.append(_meta("og:url", url))
    lines += [_meta("og:site_name", SITE_NAME),
              _meta("twitter:card", "summary_large_image", "name"),
              _meta("twitter:site", "@opsintels", "name")]
    if graph_nodes:
        lines.append(_script(graph_nodes + [website_node(), organization_node()]))
    lines.append(YOAST_CLOSE)
    return "\n".join(lines)


def webpage_node(url, name, kind="WebPage", published=None, modified=None, middle=None):
    node = {"@type": kind, "@id": url, "url": url, "name": f"{name} - {SITE_NAME}" if name else SITE_NAME,
            "isPartOf": {"@id": WEBSITE_ID}}
    if published:
        node["datePublished"] = published
    if modified:
        node["dateModified"] = modified
    node.update({"breadcrumb": {"@id": f"{url}#breadcrumb"}, "inLanguage": "en-US"})
    return [node, breadcrumb_node(url, name or "Home", middle)]


def plain(title_html):
    return strip_tags(title_html)

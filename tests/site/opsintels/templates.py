"""HTML page templates (WordPress + Hello Elementor + Elementor Pro theme builder)."""

import unicodedata

from . import yoast
from .articles import CATEGORIES, TAGS
from .authors import AUTHORS, ORIGIN
from .chrome import document
from .content import esc, excerpt, render_blocks, strip_tags, texturize, upload_url
from .widgets import (author_box, byline_box, container, featured_image, heading, pagination,
                      post_card, post_info_date, post_info_terms, share_buttons, widget,
                      wpdiscuz, wpdiscuz_script)

SINGLE_TEMPLATE_ID = 1186
REDESIGN_TEMPLATE_ID = 2210
ARCHIVE_TEMPLATE_ID = 1203


def display_title(post):
    """The plain title as the site prints it (NFD for the 'nfd_title' quirk)."""
    title = strip_tags(post["title_html"]) if post.get("title_html") else post["title"]
    return unicodedata.normalize("NFD", title) if "nfd_title" in post["quirks"] else title


def title_html(post):
    return post.get("title_html") or texturize(display_title(post))


def post_url(post):
    return f"{ORIGIN}/{post['slug']}/"


def _post_classes(post):
    return " ".join(
        [f"post-{post['post_id']}", "post", "type-post", "status-publish", "format-standard"]
        + (["has-post-thumbnail"] if post["image"] else []) + ["hentry"]
        + [f"category-{c}" for c in post["categories"]] + [f"tag-{t}" for t in post["tags"]])


def _content_widget(post, variant):
    html = render_blocks(post["blocks"], post_url(post))
    if variant == "redesign":
        # The 2025 redesign: a custom widget, no theme-post-content, no entry-content.
        return widget(("body", post["slug"]), "theme-post-body",
                      f'<div class="ops-article__body ops-prose">\n{html}</div>',
                      skin="ops", extra="ops-article-body", container_cls="ops-widget-inner")
    return widget(("content", post["slug"]), "theme-post-content", html)


def _top(post, title_text):
    key = post["slug"]
    parts = [widget(("title", key), "theme-post-title",
                    f'<h1 class="elementor-heading-title elementor-size-default">{title_html(post)}</h1>',
                    extra="elementor-page-title elementor-widget-heading")]
    if post["authors"]:
        parts.append(byline_box(("byline", key), post))
    parts.append(post_info_date(("date", key), post))
    if post["image"]:
        parts.append(featured_image(("image", key), post, title_text))
    return container(("top", key), "\n".join(parts))


def _bottom(post, variant):
    key = post["slug"]
    tags = [(t, TAGS[t]) for t in post["tags"]]
    parts = [_content_widget(post, variant)]
    if tags:
        parts.append(post_info_terms(("tags", key), post, tags))
    parts += [heading(("share-h", key), "Share this News:"), share_buttons(("share", key))]
    if post["authors"]:
        parts.append(heading(("author-h", key), "Post Author"))
        authors = [AUTHORS[a] for a in post["authors"]]
        if len(authors) == 1:  # the template holds two author boxes
            authors = authors * 2
        for i, author in enumerate(authors):
            parts.append(author_box(("author", key, i), author, author["name"]))
    parts.append(widget(("comments", key), "post-comments", wpdiscuz(post["post_id"], post_url(post)),
                        skin="theme_comments"))
    return container(("content", key), "\n".join(parts))


def _related(post, all_posts):
    key = post["slug"]
    others = [p for p in all_posts if p["slug"] != post["slug"]][:3]
    cards = "\n".join(post_card(p, title_html(p), post_url(p)) for p in others)
    grid = widget(("related", key), "posts",
                  f'<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic '
                  f'elementor-grid" role="list">\n{cards}\n\t\t\t\t</div>',
                  skin="classic", extra="elementor-grid-3 elementor-grid-tablet-2 elementor-grid-mobile-1 "
                                        "elementor-posts--thumbnail-top")
    return container(("related", key), heading(("related-h", key), "See Other Updates") + "\n" + grid)


def article_page(post, all_posts, variant=None):
    """A single post. ``all_posts`` is newest-first (for 'See Other Updates')."""
    title_text = display_title(post)
    cats = [CATEGORIES[c] for c in post["categories"]]
    tags = [TAGS[t] for t in post["tags"]]
    template_id = REDESIGN_TEMPLATE_ID if variant == "redesign" else SINGLE_TEMPLATE_ID
    head = yoast.article_head(post, title_text, cats, tags)
    head += (f'\n<link rel="alternate" title="JSON" type="application/json" '
             f'href="{ORIGIN}/wp-json/wp/v2/posts/{post["post_id"]}" />'
             f"\n<link rel='shortlink' href='{ORIGIN}/?p={post['post_id']}' />")
    body_class = (f"wp-singular post-template-default single single-post postid-{post['post_id']} "
                  f"single-format-standard wp-embed-responsive wp-theme-hello-elementor "
                  f"elementor-default elementor-template-full-width elementor-kit-5 "
                  f"elementor-page-{template_id}")
    main = (f'\t\t<div data-elementor-type="single-post" data-elementor-id="{template_id}" '
            f'class="elementor elementor-{template_id} elementor-location-single {_post_classes(post)}" '
            f'data-elementor-post-type="elementor_library">\n'
            + "\n".join([_top(post, title_text), _bottom(post, variant), _related(post, all_posts)])
            + "\n\t\t\t\t</div>")
    charset = post.get("charset", "utf-8")
    meta = None if "charset_header_only" in post["quirks"] else ("UTF-8" if charset == "utf-8" else charset)
    return document(head, body_class, main, post["post_id"], title_text, charset_meta=meta,
                    extra_foot=wpdiscuz_script(post["post_id"]))


def archive_page(kind, slug, name, posts, page, pages, base, http_slugs=()):
    """Category / tag / author archive built with the Elementor archive template."""
    url = base if page == 1 else f"{base}page/{page}/"
    cards = []
    for p in posts:
        link = post_url(p)
        if p["slug"] in http_slugs:
            link = "http://" + link[len("https://"):]
        cards.append(post_card(p, title_html(p), link, excerpt(p["blocks"], 25)))
    title = name if page == 1 else f"{name} - Page {page} of {pages}"
    if kind == "author":
        graph = yoast.webpage_node(url, title, kind="ProfilePage")
        graph.append(yoast.person_node(AUTHORS[slug]))
        og_type = "profile"
    else:
        graph = yoast.webpage_node(url, title, kind="CollectionPage")
        og_type = "website"
    head = yoast.simple_head(url, title, og_type, None, graph)
    if kind == "category":
        head += f'\n<link rel="alternate" type="application/rss+xml" title="OpsIntels &raquo; {esc(name)} Category Feed" href="{base}feed/" />'
    body_class = {"category": f"archive category category-{slug} category-{7 + len(slug)}",
                  "tag": f"archive tag tag-{slug}",
                  "author": f"archive author author-{slug}"}[kind]
    body_class += " wp-embed-responsive wp-theme-hello-elementor elementor-default elementor-template-full-width elementor-kit-5"
    if page > 1:
        body_class += " paged paged-" + str(page) + f" {kind}-paged-{page}"
    top = [widget(("arch-title", kind, slug), "theme-archive-title",
                  f'<h1 class="elementor-heading-title elementor-size-default">{esc(name)}</h1>',
                  extra="elementor-page-title elementor-widget-heading")]
    if kind == "author":
        top.append(author_box(("arch-author", slug), AUTHORS[slug], AUTHORS[slug]["name"], link=False))
    grid = widget(("arch-posts", kind, slug), "archive-posts",
                  '<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic '
                  'elementor-grid" role="list">\n' + "\n".join(cards) + "\n\t\t\t\t</div>\n"
                  + pagination(base, page, pages),
                  skin="archive_classic",
                  extra="elementor-grid-2 elementor-grid-tablet-2 elementor-grid-mobile-1 elementor-posts--thumbnail-top")
    main = (f'\t\t<div data-elementor-type="archive" data-elementor-id="{ARCHIVE_TEMPLATE_ID}" '
            f'class="elementor elementor-{ARCHIVE_TEMPLATE_ID} elementor-location-archive" '
            f'data-elementor-post-type="elementor_library">\n'
            + container(("arch", kind, slug), "\n".join(top) + "\n" + grid) + "\n\t\t\t\t</div>")
    return document(head, body_class, main)


def _wp_page(page_id, body_class, head, inner):
    main = (f'<main id="content" class="site-main post-{page_id} page type-page status-publish hentry">\n'
            f'\t<div class="page-content">\n\t\t<div data-elementor-type="wp-page" data-elementor-id="{page_id}" '
            f'class="elementor elementor-{page_id}" data-elementor-post-type="page">\n{inner}\n\t\t</div>\n'
            f'\t</div>\n</main>')
    return document(head, body_class, main, page_id)


def static_page(slug, page):
    url = f"{ORIGIN}/{slug}/"
    graph = yoast.webpage_node(url, page["title"], modified=page["modified_at"])
    head = yoast.simple_head(url, page["title"], "website", page["paragraphs"][0], graph)
    text = "".join(f"<p>{texturize(p)}</p>" for p in page["paragraphs"])
    inner = container(("page", slug), heading(("page-h", slug), page["title"], "h1") + "\n"
                      + widget(("page-text", slug), "text-editor", text))
    body_class = (f"wp-singular page-template page-template-elementor_header_footer page page-id-{page['page_id']} "
                  f"wp-embed-responsive wp-theme-hello-elementor elementor-default "
                  f"elementor-template-full-width elementor-kit-5 elementor-page elementor-page-{page['page_id']}")
    return _wp_page(page["page_id"], body_class, head, inner)


def home_page(recent):
    url = f"{ORIGIN}/"
    graph = yoast.webpage_node(url, None, kind="CollectionPage")
    head = yoast.simple_head(url, None, "website", yoast.TAGLINE, graph)
    cards = "\n".join(post_card(p, title_html(p), post_url(p), excerpt(p["blocks"], 25)) for p in recent)
    grid = widget("home-posts", "posts",
                  '<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic '
                  f'elementor-grid" role="list">\n{cards}\n\t\t\t\t</div>', skin="classic",
                  extra="elementor-grid-3 elementor-grid-tablet-2 elementor-grid-mobile-1 elementor-posts--thumbnail-top")
    sections = "".join(
        f'<p><a href="{ORIGIN}/category/{slug}/">{esc(name)}</a></p>' for slug, name in CATEGORIES.items())
    about = (f'<p>OpsIntels delivers timely, evidence-driven reporting on global conflict, intelligence and '
             f'power. <a href="{ORIGIN}/about-us/">Learn more about us</a>.</p>')
    inner = "\n".join([
        container("home-latest", heading("home-h", "Latest Updates") + "\n" + grid),
        container("home-sections", heading("home-sec-h", "Sections") + "\n"
                  + widget("home-sec", "text-editor", sections) + "\n" + widget("home-about", "text-editor", about)),
    ])
    body_class = ("home wp-singular page-template page-template-elementor_header_footer page page-id-9 "
                  "wp-embed-responsive wp-theme-hello-elementor elementor-default "
                  "elementor-template-full-width elementor-kit-5 elementor-page elementor-page-9")
    return _wp_page(9, body_class, head, inner)


def attachment_page(post, block):
    _, file, alt, caption, attachment = block
    url = f"{post_url(post)}{attachment}/"
    graph = yoast.webpage_node(url, alt, published=post["published_at"], modified=post["modified_at"],
                               middle=(display_title(post), post_url(post)))
    head = yoast.simple_head(url, alt, "article", caption, graph)
    att_id = post["post_id"] + 7
    main = (f'<main id="content" class="site-main post-{att_id} attachment type-attachment status-inherit hentry">\n'
            f'\t\t\t<div class="page-header">\n\t\t\t<h1 class="entry-title">{texturize(alt)}</h1>\t\t</div>\n'
            f'\t\t\t<div class="page-content">\n\t\t<p class="attachment"><a href="{upload_url(file)}">'
            f'<img width="300" height="200" src="{upload_url(file[:-4] + "-300x200.jpg")}" '
            f'class="attachment-medium size-medium" alt="{esc(alt)}" /></a></p>\n'
            f'<p>{texturize(caption)}</p>\n\t\t</div>\n\t</main>')
    body_class = (f"attachment wp-singular attachment-template-default single single-attachment "
                  f"postid-{att_id} attachmentid-{att_id} attachment-jpeg wp-embed-responsive "
                  f"wp-theme-hello-elementor elementor-default elementor-kit-5")
    return document(head, body_class, main, att_id)


def not_found_page():
    head = yoast.simple_head(None, "Page not found", "website", None, [],
                             robots="noindex, follow")
    main = ('<main id="content" class="site-main">\n\n\t\t\t<div class="page-header">\n'
            '\t\t\t<h1 class="entry-title">The page can&rsquo;t be found.</h1>\n\t\t</div>\n\t\n'
            '\t<div class="page-content">\n\t\t<p>It looks like nothing was found at this location.</p>\n'
            '\t</div>\n\n</main>')
    body_class = ("error404 wp-embed-responsive wp-theme-hello-elementor elementor-default "
                  "elementor-kit-5")
    return document(head, body_class, main)


def slow_page():
    page = {"page_id": 355, "title": "Live Updates",
            "paragraphs": ["Live coverage is loading. This page is slow on purpose."],
            "modified_at": "2025-09-01T00:00:00+00:00"}
    return static_page("slow", page)


CRITICAL_ERROR = """<!DOCTYPE html>
<html dir='ltr' lang='en-US'>
<head>
	<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
		<title>WordPress &rsaquo; Error</title>
	<style type="text/css">
		html {
			background: #f1f1f1;
		}
		body {
			background: #fff;
			border: 1px solid #ccd0d4;
			color: #444;
			font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Oxygen-Sans, Ubuntu, Cantarell, "Helvetica Neue", sans-serif;
			margin: 2em auto;
			padding: 1em 2em;
			max-width: 700px;
		}
	</style>
</head>
<body id="error-page">
	<div class="wp-die-message"><p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p></div></body>
</html>
"""

"""Naval News mirror: WordPress (Newspaper-style theme), Yoast sitemap index, /feed/.

Quirks reproduced: permalinks /naval-news/YYYY/MM/slug/ and, for trade-show coverage,
/event-news/<show>/YYYY/MM/slug/; desk pieces credited to "Naval News Staff" (an organisation,
not a person); European offsets (+02:00); " - Naval News" title suffix; tagDiv-style markup
(``td-post-content``, ``td-post-author-name``) with classic captions; video posts under
/video/ (not articles); a "Related Posts" block inside the content wrapper.
"""

from . import WpSite, author_links, content_html, esc, featured_image, texturize, yoast_files

ORIGIN = "https://www.navalnews.com"
UP = f"{ORIGIN}/wp-content/uploads/2025/09"
AUTHORS = {
    "xavier": {"id": "x1", "slug": "xavier-vavasseur", "name": "Xavier Vavasseur"},
    "staff": {"id": "s0", "slug": "naval-news-staff", "name": "Naval News Staff"},
    "emmanuel": {"id": "e2", "slug": "emmanuel-huberdeau", "name": "Emmanuel Huberdeau"},
}
RELATED = ('<div class="td_block_related_posts"><h4 class="td-related-title">Related Posts</h4>'
           '<div class="td-module-title"><a href="/naval-news/2025/01/older-story/">An older story about frigates</a></div></div>')

POSTS = [
    {
        "id": 240101, "path": "/naval-news/2025/09/french-navy-receives-fourth-fdi-frigate/",
        "title": "French Navy Receives Fourth FDI Frigate",
        "authors": [AUTHORS["xavier"]],
        "published": "2025-09-02T10:30:00+02:00", "modified": "2025-09-02T12:00:00+02:00",
        "section": "Naval News", "tags": ["FDI", "French Navy", "Naval Group"],
        "image": {"url": f"{UP}/fdi-frigate.jpg",
                  "caption": "The fourth FDI frigate at sea off Lorient. (Naval Group)",
                  "credit": None},
        "blocks": [
            ("p", "Naval Group delivered the fourth FDI defense and intervention frigate to the French Navy on September 1."),
            ("p", "The ship will be based in Toulon."),
            ("h3", "Program status"),
            ("p", "Five FDI frigates are on order for France and three for Greece."),
        ],
        "quirks": ["european_offset", "related_posts_in_content"],
        "not_in_body": ["Related Posts", "An older story about frigates"],
    },
    {
        "id": 240120, "path": "/event-news/dsei-2025/2025/09/saab-unveils-new-uuv-at-dsei/",
        "title": "Saab Unveils New UUV at DSEI 2025",
        "authors": [AUTHORS["staff"]], "expected_authors": [],
        "published": "2025-09-09T16:45:00+01:00", "modified": "2025-09-09T16:45:00+01:00",
        "section": "DSEI 2025", "tags": ["DSEI 2025", "Saab", "UUV"],
        "image": {"url": f"{UP}/saab-uuv.jpg", "caption": "The new UUV on Saab\u2019s stand at DSEI. (Naval News)",
                  "credit": None},
        "blocks": [
            ("p", "Saab unveiled a new medium-size uncrewed underwater vehicle at DSEI 2025 in London."),
            ("p", "The company said sea trials will begin next year."),
        ],
        "quirks": ["staff_author", "event_path"],
        "not_in_body": ["Related Posts"],
    },
    {
        "id": 240130, "path": "/naval-news/2025/09/royal-navy-type-26-sea-trials/",
        "title": "Royal Navy\u2019s First Type 26 Begins Sea Trials",
        "authors": [AUTHORS["emmanuel"], AUTHORS["xavier"]],
        "published": "2025-09-05T08:00:00+01:00", "modified": "2025-09-06T09:10:00+01:00",
        "section": "Naval News", "tags": ["Type 26", "Royal Navy", "BAE Systems"],
        "image": None,
        "blocks": [
            ("p", "HMS Glasgow, the first Type 26 frigate, sailed from the Clyde for her first sea trials."),
            ("img", {"url": f"{UP}/glasgow-clyde.jpg", "caption": "HMS Glasgow leaving Scotstoun. (BAE Systems)"}),
            ("p", "The trials will test propulsion, navigation and sensors."),
        ],
        "quirks": ["two_authors", "no_featured_image", "inline_caption"],
        "not_in_body": ["Related Posts"],
    },
]


def article_html(site, post):
    names = author_links(site, post, " and ")
    image = featured_image(post, '<div class="td-post-featured-image"><figure><img src="{src}" alt="">'
                                 '<figcaption class="wp-caption-text">{caption}</figcaption></figure></div>')
    return (f'<article id="post-{post["id"]}" class="post type-post td-post-template-default">'
            f'<div class="td-post-header"><ul class="td-category"><li><a class="td-post-category">{esc(post["section"])}'
            f'</a></li></ul><header class="td-post-title"><h1 class="entry-title">{texturize(post["title"])}</h1>'
            f'<div class="td-module-meta-info"><div class="td-post-author-name"><div class="td-author-by">By</div> {names}'
            f'</div><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post["published"]}">'
            f'02/09/2025</time></span></div></header></div>{image}'
            f'<div class="td-post-content tagdiv-type">{content_html(post["blocks"], "classic")}{RELATED}</div></article>')


SITE = WpSite(
    name="navalnews", origin=ORIGIN, publisher="Naval News", posts=POSTS, article_html=article_html,
    robots_sitemaps=(f"{ORIGIN}/sitemap_index.xml",),
    pages={"/video/2025/09/fdi-frigate-walkaround/": ("FDI frigate walkaround", ["A video tour of the FDI frigate."])},
    files=yoast_files({"video-sitemap.xml": [(f"{ORIGIN}/video/2025/09/fdi-frigate-walkaround/",
                                              "2025-09-03T10:00:00+00:00", [])]}, feed_style="classic"),
)

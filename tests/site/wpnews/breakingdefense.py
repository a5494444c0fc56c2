"""Breaking Defense mirror: WordPress + Yoast (sitemap index, News SEO sitemap), /feed/.

Quirks reproduced: permalinks /YYYY/MM/slug/; dates in US Eastern time (-04:00/-05:00) that
must keep their offset; "Title - Breaking Defense" in <title>/og:title; two-author bylines
"By A and B"; classic [caption] images with "(… photo)" credits; a newsletter box and a
"RELATED" list inside the content; a sidebar of most-read links; a sponsored post by the
publisher itself (no person author).
"""

from . import WpSite, author_links, content_html, esc, featured_image, texturize, yoast_files

ORIGIN = "https://breakingdefense.com"
AUTHORS = {
    "valerie": {"id": "a1b2", "slug": "valerie-insinna", "name": "Valerie Insinna"},
    "michael": {"id": "c3d4", "slug": "michael-marrow", "name": "Michael Marrow"},
    "aaron": {"id": "e5f6", "slug": "aaron-mehta", "name": "Aaron Mehta"},
}
UP = f"{ORIGIN}/wp-content/uploads/sites/3/2025/08"
NEWSLETTER = ('<div class="bd-newsletter-signup"><h3>Subscribe to our newsletter</h3>'
              '<p>Get the Breaking Defense daily brief in your inbox.</p><form><input type="email"></form></div>')

POSTS = [
    {
        "id": 301455, "path": "/2025/08/air-force-eyes-second-b-21-production-line/",
        "title": "Air Force eyes second B-21 production line as Raider buys accelerate",
        "authors": [AUTHORS["valerie"], AUTHORS["michael"]],
        "published": "2025-08-21T14:03:51-04:00", "modified": "2025-08-21T17:40:02-04:00",
        "section": "Air", "tags": ["B-21 Raider", "Northrop Grumman", "US Air Force"],
        "image": {"url": f"{UP}/B-21-flight-test.jpg",
                  "caption": "The B-21 Raider during flight testing at Edwards AFB. (U.S. Air Force photo)",
                  "credit": "U.S. Air Force photo"},
        "blocks": [
            ("p", "WASHINGTON \u2014 The Air Force is studying whether to stand up a second production line for the B-21 Raider stealth bomber, service officials said Thursday."),
            ("p", "\u201cWe\u2019re looking at every option to get more bombers faster,\u201d a senior official told reporters."),
            ("html", NEWSLETTER),
            ("h2", "Cost questions"),
            ("p", "A second line would require new tooling at Northrop Grumman\u2019s Palmdale facility, according to two people familiar with the study."),
            ("p", "RELATED: Northrop takes another charge on B-21 as production ramps"),
            ("p", "Lawmakers have pushed the service to buy at least 145 bombers, up from the program of record of 100."),
        ],
        "quirks": ["two_authors", "eastern_offset", "newsletter_in_content", "classic_caption"],
        "not_in_body": ["Get the Breaking Defense daily brief", "Most Read"],
    },
    {
        "id": 301470, "path": "/2025/08/navy-awards-constellation-frigate-follow-on/",
        "title": "Navy\u2019s frigate follow-on award slips to 2026",
        "authors": [AUTHORS["aaron"]],
        "published": "2025-08-22T09:15:00-04:00", "modified": "2025-08-22T09:15:00-04:00",
        "section": "Naval", "tags": ["Constellation-class frigate", "US Navy"],
        "image": {"url": f"{UP}/constellation-frigate.jpg",
                  "caption": "A rendering of the Constellation-class frigate. (Fincantieri Marinette Marine)",
                  "credit": None},
        "blocks": [
            ("p", "The Navy will not award a follow-on contract for the Constellation-class frigate until 2026, a service spokesperson confirmed."),
            ("p", "The first ship is now expected to deliver three years late."),
            ("img", {"url": f"{UP}/frigate-yard.jpg", "caption": "Work on the lead ship at the Marinette yard. (Fincantieri photo)"}),
            ("p", "Shipbuilders have blamed design changes and a shortage of skilled labor."),
        ],
        "quirks": ["curly_apostrophe_title", "inline_caption"],
        "not_in_body": ["Most Read"],
    },
    {
        "id": 301480, "path": "/2025/08/sponsored-the-future-of-resilient-satcom/",
        "title": "The future of resilient SATCOM",
        "authors": [], "expected_authors": [],
        "published": "2025-08-20T08:00:00-04:00", "modified": "2025-08-20T08:00:00-04:00",
        "section": "Sponsored", "tags": ["SATCOM"],
        "image": None,
        "blocks": [
            ("p", "Resilient satellite communications are the backbone of joint all-domain operations."),
            ("p", "This content is sponsored by an industry partner."),
        ],
        "quirks": ["publisher_author", "no_featured_image"],
        "not_in_body": [],
    },
]


def article_html(site, post):
    byline = ""
    if post["authors"]:
        names = author_links(site, post, " and ", attrs=' rel="author"')
        byline = f'<div class="post-byline"><span class="author-name">By {names}</span></div>'
    image = featured_image(post, '<div class="featured-image wp-caption"><img src="{src}" alt="">'
                                 '<p class="wp-caption-text">{caption}</p></div>')
    return (f'<article id="post-{post["id"]}" class="post type-post status-publish">'
            f'<header class="entry-header"><div class="post-category"><a href="{ORIGIN}/category/{post["section"].lower()}/">'
            f'{esc(post["section"])}</a></div><h1 class="entry-title">{texturize(post["title"])}</h1>{byline}'
            f'<time class="entry-date" datetime="{post["published"]}">August 21, 2025 at 2:03 PM</time></header>'
            f'{image}<div class="entry-content">{content_html(post["blocks"], "classic")}</div>'
            f'<div class="post-tags">Topics: {", ".join(esc(t) for t in post["tags"])}</div></article>')


def sidebar(site, post):
    links = "".join(f'<li><h3><a href="{site.url(p)}">{texturize(p["title"])}</a></h3></li>'
                    for p in site.posts if p is not post)
    return f'<aside class="sidebar"><h2>Most Read</h2><ul>{links}</ul></aside>'


SITE = WpSite(
    name="breakingdefense", origin=ORIGIN, publisher="Breaking Defense", posts=POSTS,
    article_html=article_html, chrome=sidebar,
    robots_sitemaps=(f"{ORIGIN}/sitemap_index.xml", f"{ORIGIN}/news-sitemap.xml"),
    pages={"/about/": ("About Breaking Defense", ["Breaking Defense is a digital magazine on defense."])},
    files=yoast_files({"page-sitemap.xml": [(f"{ORIGIN}/about/", "2025-01-10T10:00:00+00:00", [])],
                       "category-sitemap.xml": [(f"{ORIGIN}/category/air/", None, [])]},
                      news=True, feed_style="classic"),
)

"""The Defense Post mirror: WordPress, Yoast sitemap index + News sitemap, /feed/, comments.

Quirks reproduced: permalinks /YYYY/MM/DD/slug/; wire copy credited to the agency ("AFP") as
the WordPress author (not a person: no author); the dateline-style lead; native WordPress
comments under the article (trafilatura keeps them unless told not to); "Read also"
boxes inside the content; " | The Defense Post" title suffix; dates with "+00:00".
"""

from . import WpSite, author_links, content_html, esc, featured_image, texturize, yoast_files

ORIGIN = "https://thedefensepost.com"
UP = f"{ORIGIN}/wp-content/uploads/2025/08"
AUTHORS = {
    "afp": {"id": "afp", "slug": "afp", "name": "AFP"},
    "joe": {"id": "j9", "slug": "joe-saballa", "name": "Joe Saballa"},
    "inder": {"id": "i8", "slug": "inder-singh-bisht", "name": "Inder Singh Bisht"},
}
READ_ALSO = ('<div class="read-also"><strong>Read also:</strong> <a href="/2025/08/01/older/">An older story</a></div>')

POSTS = [
    {
        "id": 150501, "path": "/2025/08/21/germany-orders-more-patriot-systems/",
        "title": "Germany Orders More Patriot Systems for Ukraine",
        "authors": [AUTHORS["afp"]], "expected_authors": [],
        "published": "2025-08-21T11:20:00+00:00", "modified": "2025-08-21T11:20:00+00:00",
        "section": "Europe", "tags": ["Germany", "Patriot", "Ukraine"],
        "image": {"url": f"{UP}/patriot-launcher.jpg",
                  "caption": "A Patriot launcher during an exercise in Poland. (Photo: Bundeswehr)",
                  "credit": "Bundeswehr"},
        "blocks": [
            ("p", "Germany has ordered two more Patriot air defense systems for Ukraine, the defense ministry said Thursday."),
            ("html", READ_ALSO),
            ("p", "The systems will be delivered within months, the ministry added."),
        ],
        "quirks": ["agency_author", "comments", "read_also_box"],
        "not_in_body": ["Read also", "Great article", "Leave a Reply"],
    },
    {
        "id": 150520, "path": "/2025/08/22/us-army-counter-drone-contract/",
        "title": "US Army Awards $95M Counter-Drone Contract",
        "authors": [AUTHORS["joe"]],
        "published": "2025-08-22T06:05:00+00:00", "modified": "2025-08-22T08:40:00+00:00",
        "section": "Americas", "tags": ["US Army", "Counter-UAS"],
        "image": {"url": f"{UP}/counter-drone.jpg",
                  "caption": "A counter-drone system on a Stryker. (Photo: US Army)",
                  "credit": "US Army"},
        "blocks": [
            ("p", "The US Army has awarded a $95 million contract for mobile counter-drone systems."),
            ("h2", "Fielding timeline"),
            ("p", "Deliveries are scheduled to begin in 2026."),
            ("p", "The contract includes spare parts and training."),
        ],
        "quirks": ["comments"],
        "not_in_body": ["Great article", "Leave a Reply"],
    },
    {
        "id": 150530, "path": "/2025/08/22/india-tests-agni-prime/",
        "title": "India Tests Agni-Prime From Rail-Based Launcher",
        "authors": [AUTHORS["inder"]],
        "published": "2025-08-22T13:30:00+00:00", "modified": "2025-08-22T13:30:00+00:00",
        "section": "Asia Pacific", "tags": ["India", "Missiles"],
        "image": None,
        "blocks": [
            ("p", "India has test-fired its Agni-Prime missile from a rail-based mobile launcher for the first time."),
            ("p", "The missile has a range of up to 2,000 kilometers."),
        ],
        "quirks": ["no_featured_image"],
        "not_in_body": [],
    },
]

COMMENTS = ('<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this</h2>'
            '<ol class="comment-list"><li class="comment"><article class="comment-body"><div class="comment-content">'
            '<p>Great article, thanks for the detailed reporting.</p></div></article></li>'
            '<li class="comment"><article class="comment-body"><div class="comment-content">'
            '<p>About time this got funded.</p></div></article></li></ol>'
            '<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3></div></div>')


def article_html(site, post):
    names = author_links(site, post, ", ", attrs=' class="url fn n"')
    image = featured_image(post, '<figure class="post-thumbnail wp-block-image"><img src="{src}" alt="">'
                                 '<figcaption class="wp-element-caption">{caption}</figcaption></figure>')
    return (f'<article id="post-{post["id"]}" class="post type-post status-publish hentry">'
            f'<header class="entry-header"><h1 class="entry-title">{texturize(post["title"])}</h1>'
            f'<div class="entry-meta"><span class="byline"><span class="author vcard">{names}</span></span> '
            f'<time class="entry-date published" datetime="{post["published"]}">August 21, 2025</time></div></header>'
            f'{image}<div class="entry-content">{content_html(post["blocks"])}</div>'
            f'<footer class="entry-footer"><span class="cat-links">{esc(post["section"])}</span></footer></article>')


SITE = WpSite(
    name="defensepost", origin=ORIGIN, publisher="The Defense Post", posts=POSTS, article_html=article_html,
    title_sep=" | ", chrome=lambda site, post: COMMENTS,
    robots_sitemaps=(f"{ORIGIN}/sitemap_index.xml", f"{ORIGIN}/news-sitemap.xml"),
    files=yoast_files({"author-sitemap.xml": [(f"{ORIGIN}/author/{a['slug']}/", None, []) for a in AUTHORS.values()]},
                      news=True),
)

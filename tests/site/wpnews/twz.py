"""The War Zone (twz.com) mirror: WordPress VIP, Yoast JSON-LD, msm-sitemap daily sitemaps, /feed.

Quirks reproduced: permalinks /<section>/<slug> with no trailing slash and no date; the
sitemap index (from robots.txt) lists one sitemap per day as ``/sitemap.xml?yyyy=…&mm=…&dd=…``;
images served with ``?quality=85``; Gutenberg figures whose caption ends with the credit;
bylines "A, B" for two authors; embedded tweets and a YouTube embed in the content;
"| The War Zone" title suffix; offsets in UTC as ``+00:00``.
"""

from . import WpSite, author_links, content_html, esc, featured_image, feed_items, news_entries, texturize
from .. import xmlfeeds

ORIGIN = "https://www.twz.com"
UP = f"{ORIGIN}/wp-content/uploads/2025/08"
AUTHORS = {
    "tyler": {"id": "t1", "slug": "tyler-rogoway", "name": "Tyler Rogoway"},
    "joseph": {"id": "j2", "slug": "joseph-trevithick", "name": "Joseph Trevithick"},
    "howard": {"id": "h3", "slug": "howard-altman", "name": "Howard Altman"},
}
TWEET = ('<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
         '<div class="wp-block-embed__wrapper"><blockquote class="twitter-tweet" data-width="500">'
         '<p lang="en" dir="ltr">Spotted today over the desert: a very unusual drone.</p>&mdash; Spotter (@spotter) '
         '<a href="https://twitter.com/spotter/status/1">August 20, 2025</a></blockquote></div></figure>')
YOUTUBE = ('<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">'
           '<iframe title="Drone test footage" src="https://www.youtube.com/embed/abc"></iframe></div></figure>')

POSTS = [
    {
        "id": 88001, "path": "/air/mystery-drone-spotted-over-nevada-test-range",
        "title": "Mystery Drone Spotted Over Nevada Test Range",
        "authors": [AUTHORS["tyler"], AUTHORS["joseph"]],
        "published": "2025-08-20T19:42:10+00:00", "modified": "2025-08-21T01:05:44+00:00",
        "section": "Air", "tags": ["Drones", "Nevada Test and Training Range"],
        "image": {"url": f"{UP}/mystery-drone-top.jpg?quality=85",
                  "caption": "The unusual drone as seen from a public vantage point. (Photo via X)",
                  "credit": "Photo via X"},
        "blocks": [
            ("p", "A never-before-seen drone was photographed flying over the Nevada Test and Training Range this week."),
            ("html", TWEET),
            ("p", "The aircraft\u2019s planform resembles a flying wing with a distinctive saw-tooth trailing edge."),
            ("h2", "What could it be?"),
            ("p", "There are several candidates, none of which has been publicly disclosed."),
            ("html", YOUTUBE),
            ("p", "We have reached out to the Air Force for comment and will update this story if we hear back."),
        ],
        "quirks": ["comma_authors", "tweet_embed", "youtube_embed", "quality_query", "no_trailing_slash"],
        "not_in_body": ["Spotted today over the desert", "@spotter"],
    },
    {
        "id": 88010, "path": "/sea/destroyer-fires-sm-6-in-red-sea-intercept",
        "title": "Destroyer Fires SM-6 In Red Sea Intercept",
        "authors": [AUTHORS["howard"]],
        "published": "2025-08-21T15:00:00+00:00", "modified": "2025-08-21T16:30:00+00:00",
        "section": "Sea", "tags": ["SM-6", "Red Sea", "Houthis"],
        "image": {"url": f"{UP}/ddg-sm6.jpg?quality=85",
                  "caption": "An SM-6 launches from an Arleigh Burke class destroyer. (U.S. Navy)",
                  "credit": "U.S. Navy"},
        "blocks": [
            ("p", "A U.S. Navy destroyer fired an SM-6 missile to down an incoming anti-ship ballistic missile in the Red Sea."),
            ("img", {"url": f"{UP}/red-sea-map.jpg?quality=85", "caption": "A map of the southern Red Sea. (Google Earth)"}),
            ("p", "The engagement is among the first confirmed combat uses of the SM-6 against such a target."),
            ("li", ["SM-6 Block IA", "SM-2 Block IIIC", "ESSM Block 2"]),
        ],
        "quirks": ["inline_caption", "list"],
        "not_in_body": [],
    },
    {
        "id": 88020, "path": "/news-features/bunker-talk-lets-talk-about-this-week",
        "title": "Bunker Talk: Let\u2019s Talk About This Week",
        "authors": [AUTHORS["tyler"]],
        "published": "2025-08-22T22:00:00+00:00", "modified": "2025-08-22T22:00:00+00:00",
        "section": "News & Features", "tags": ["Bunker Talk"],
        "image": None,
        "blocks": [
            ("p", "Welcome to Bunker Talk. This is a weekend open discussion post for the best commenting community on the web."),
            ("p", "The bunker is open!"),
        ],
        "quirks": ["no_featured_image", "curly_apostrophe_title"],
        "not_in_body": [],
    },
    {
        # Posts migrated from thedrive.com keep their numeric id in the path; their template
        # repeats the headline under the hero image and prints "byName|".
        "id": 40512, "path": "/40512/a-look-back-at-five-years-of-reader-tips",
        "title": "A Look Back At Five Years Of Reader Tips",
        "authors": [AUTHORS["tyler"]],
        "published": "2021-04-13T12:00:00-04:00", "modified": "2021-04-13T12:00:00-04:00",
        "section": "News & Features", "tags": ["Letters"],
        "image": None, "legacy": True,
        "blocks": [
            ("p", "Many of our best stories began as a message from a reader who saw something unusual."),
            ("p", "Keep the tips coming, and thank you for reading."),
        ],
        "quirks": ["legacy_numeric_path", "repeated_headline", "eastern_offset"],
        "not_in_body": ["Contact the author"],
    },
]


def article_html(site, post):
    names = author_links(site, post, ", ", attrs=' rel="author"', slash="")
    image = featured_image(post, '<figure class="post-hero wp-block-image"><img src="{src}" alt="">'
                                 '<figcaption class="wp-element-caption">{caption}</figcaption></figure>')
    if post.get("legacy"):
        return (f'<article class="post-{post["id"]} post type-post legacy"><div class="article-header">'
                f'<h1 class="article-title">{texturize(post["title"])}</h1>'
                f'<div class="article-byline">by<a href="{ORIGIN}/author/{post["authors"][0]["slug"]}" rel="author">'
                f'{esc(post["authors"][0]["name"])}</a>|</div></div>'
                f'<div class="hero-title" aria-hidden="true">{texturize(post["title"])}</div>'
                f'<div class="entry-content article-content">{content_html(post["blocks"])}</div>'
                f'<div class="article-contact"><p>Contact the author: tips@twz.com</p></div></article>')
    return (f'<article class="post-{post["id"]} post type-post"><div class="article-header">'
            f'<a class="article-section" href="{ORIGIN}/{post["path"].split("/")[1]}">{esc(post["section"])}</a>'
            f'<h1 class="article-title">{texturize(post["title"])}</h1>'
            f'<div class="article-byline">By {names}</div>'
            f'<time datetime="{post["published"]}">Published Aug 20, 2025 7:42 PM EDT</time></div>{image}'
            f'<div class="entry-content article-content">{content_html(post["blocks"])}</div>'
            f'<div class="article-contact"><p>Contact the author: tips@twz.com</p></div></article>')


def _days(site):
    return sorted({p["published"][:10] for p in site.posts})


def _index(site):
    entries = [(f"{ORIGIN}/sitemap.xml?yyyy={d[:4]}&mm={d[5:7]}&dd={d[8:10]}", f"{d}T23:59:59+00:00")
               for d in _days(site)]
    return xmlfeeds.sitemap_index(entries, comment="generated by msm-sitemap"), xmlfeeds.XML


SITE = WpSite(
    name="twz", origin=ORIGIN, publisher="The War Zone", posts=POSTS, article_html=article_html,
    title_sep=" | ", feed_path="/feed",
    robots_sitemaps=(f"{ORIGIN}/sitemap.xml", f"{ORIGIN}/news-sitemap.xml"),
    files={
        "/feed": lambda s: (xmlfeeds.rss("The War Zone", f"{ORIGIN}/", "Defense news", feed_items(s),
                                         "Fri, 22 Aug 2025 22:00:00 +0000"), xmlfeeds.RSS),
    },
)


SITE.files["/sitemap.xml"] = _index
for _day in _days(SITE):
    # msm-sitemap: one urlset per day, selected by the query string
    SITE.files[f"/sitemap.xml?yyyy={_day[:4]}&mm={_day[5:7]}&dd={_day[8:10]}"] = (
        lambda s, d=_day: (xmlfeeds.urlset([(s.url(p), p["modified"], [p["image"]["url"]] if p.get("image") else [])
                                            for p in s.posts if p["published"].startswith(d)],
                                           comment="generated by msm-sitemap"), xmlfeeds.XML))
SITE.files["/news-sitemap.xml"] = lambda s: (xmlfeeds.news_urlset(news_entries(s), s.publisher), xmlfeeds.XML)

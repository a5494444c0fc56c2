"""The OpsIntels mirror: data, expectations and the request handler.

``ARTICLES`` is the list of what a crawler must extract from each article page,
newest first. Each entry:

    slug, url (canonical, https://opsintels.com/<slug>/), post_id, title, authors,
    captions, body_paragraphs, published_at, modified_at (ISO 8601 with offset),
    section (primary category name), categories (names), tags (names),
    quirks (list of names from QUIRKS), old_slug (or None), sitemap_url (the <loc>
    listed in post-sitemap.xml), feed_url (the <link> in /feed/, or None),
    charset (how the page is encoded), not_in_body (strings that must not be in
    the extracted body).
"""

import copy

from .articles import CATEGORIES, DELETED_SLUG, POSTS, SEED_EXPECTED, SEED_SLUG, TAGS
from .authors import AUTHORS, ORIGIN
from .content import body_paragraphs, clean, inline_captions
from .dates import NOW, human_time_diff, parse

QUIRKS = {
    "seed": "the reference article reproduced from shared/seeds",
    "two_authors": "JSON-LD author is a list of two Person refs; byline 'By A and B'",
    "three_authors": "byline 'By A, B and C'",
    "no_caption": "featured image without caption",
    "no_featured_image": "no featured image widget, no og:image",
    "no_author": "no author box; Yoast author is the Organization",
    "unicode": "non-ASCII names (Cyrillic/Arabic/Polish/German)",
    "nfd_title": "title printed NFD-decomposed; expected title is NFC",
    "tweet_embed": "embedded tweet (fallback text is not body)",
    "youtube_embed": "YouTube iframe embed",
    "pullquote": "pull quote repeating a body sentence (not body)",
    "inline_image": "figure.wp-block-image with caption inside the content",
    "attachment": "inline image links to an attachment page /<slug>/<attachment>/",
    "long_body": "~80 paragraphs with h2 subheadings and a list",
    "newsletter": "Mailchimp newsletter form inside the content (not body)",
    "title_markup": "h1 holds <em>, &amp; and &#8217;",
    "broken_jsonld": "Yoast JSON-LD is invalid JSON; fall back to Open Graph/meta",
    "no_jsonld": "no JSON-LD at all",
    "charset_header_only": "ISO-8859-1 declared only in the HTTP header (bytes are windows-1252)",
    "charset_meta_only": "windows-1252 declared only in <meta charset>",
    "tracking_params": "post-sitemap lists the URL with utm_* parameters; the feed without",
    "retired_slug": "old slug 301s to the canonical one; the feed lists the old URL",
    "flaky_500": "first request returns 500, later ones 200",
    "http_link": "a category page links to it with http:// instead of https://",
}

BOILERPLATE = [
    "Share this News", "Post Author", "Add Your Insight", "Notify of",
    "Inline Feedbacks", "View all comments", "See Other Updates", "Picture of",
    "Subscribe to our newsletter",
]

PAGES = {
    "about-us": {
        "page_id": 312, "title": "About Us",
        "paragraphs": [
            "OpsIntels is an independent news and analysis platform covering defense, intelligence and geopolitics.",
            "Our editors and contributors combine open-source intelligence with on-the-ground reporting to explain the forces shaping global security.",
            "We are reader-supported and do not accept funding from governments or defense contractors.",
        ],
        "modified_at": "2025-02-03T12:00:00+00:00",
    },
    "contact-us": {
        "page_id": 318, "title": "Contact Us",
        "paragraphs": [
            "Have a tip, a correction or a question? Write to editor@opsintels.com.",
            "For advertising and partnerships, contact partners@opsintels.com.",
        ],
        "modified_at": "2025-02-03T12:05:00+00:00",
    },
    "privacy-policy": {
        "page_id": 3, "title": "Privacy Policy",
        "paragraphs": [
            "This privacy policy explains what personal data OpsIntels collects and how it is used.",
            "We collect the name and email address you provide when commenting or subscribing to our newsletter.",
            "We use cookies to remember your comment preferences and to measure readership.",
        ],
        "modified_at": "2025-01-20T09:30:00+00:00",
    },
}


def _captions(post):
    caps = []
    if post["image"] and post["image"]["caption"]:
        caps.append(clean(post["image"]["caption"]))
    for cap in inline_captions(post["blocks"]):
        if cap not in caps:
            caps.append(cap)
    return caps


def expected(post):
    """Machine-readable expectations for one post (see module docstring)."""
    slug = post["slug"]
    url = f"{ORIGIN}/{slug}/"
    entry = {
        "slug": slug,
        "url": url,
        "post_id": post["post_id"],
        "title": clean(post["title"]),
        "authors": [clean(AUTHORS[a]["name"]) for a in post["authors"]],
        "captions": _captions(post),
        "body_paragraphs": body_paragraphs(post["blocks"]),
        "published_at": post["published_at"],
        "modified_at": post["modified_at"],
        "section": CATEGORIES[post["categories"][0]],
        "categories": [CATEGORIES[c] for c in post["categories"]],
        "tags": [TAGS[t] for t in post["tags"]],
        "quirks": list(post["quirks"]),
        "old_slug": post.get("old_slug"),
        "sitemap_url": url + post.get("sitemap_query", ""),
        "feed_url": None,
        "charset": post.get("charset", "utf-8"),
        "not_in_body": list(BOILERPLATE) + [human_time_diff(post["published_at"])],
    }
    if slug == SEED_SLUG:
        for key in ("title", "authors", "captions", "body_paragraphs"):
            assert entry[key] == SEED_EXPECTED[key], key
        entry["not_in_body"] = list(SEED_EXPECTED["not_in_body"])
    return entry


def sorted_posts(posts):
    return sorted(posts, key=lambda p: parse(p["published_at"]), reverse=True)


def feed_posts(posts):
    return sorted_posts(posts)[:10]


def feed_link(post):
    return f"{ORIGIN}/{post.get('old_slug') or post['slug']}/"


def build_expectations(posts):
    out = []
    in_feed = {p["slug"] for p in feed_posts(posts)}
    for post in sorted_posts(posts):
        entry = expected(post)
        if post["slug"] in in_feed:
            entry["feed_url"] = feed_link(post)
        out.append(entry)
    return out


ARTICLES = build_expectations(POSTS)
ARTICLES_BY_SLUG = {a["slug"]: a for a in ARTICLES}


def fresh_posts():
    """A private, mutable copy of the post data for one running site."""
    return copy.deepcopy(POSTS)


__all__ = [
    "ARTICLES", "ARTICLES_BY_SLUG", "AUTHORS", "BOILERPLATE", "CATEGORIES",
    "DELETED_SLUG", "NOW", "ORIGIN", "PAGES", "POSTS", "QUIRKS", "SEED_SLUG", "TAGS",
    "build_expectations", "fresh_posts",
]

"""A generated OpsIntels-like site of N articles, pre-rendered and gzipped once, for benchmarks.

Pages come from the test site's own templates (``tests/site/opsintels``: Elementor markup,
Yoast JSON-LD, wpDiscuz, feeds), so the real ``opsintels`` spider crawls it unchanged. Posts
are synthetic but realistic: 60-150 KB of HTML each, many links and images, prev/next post
navigation (how ``wget --recursive`` reaches every article), Yoast post sitemaps of at most
1000 URLs each. As on the real sites, most of a page's weight is not the story: an article
has 250-2,500 words (median ~750; the seed article has ~400), and the rest of the page's
size comes from what WordPress/Elementor pages carry around it: per-post inline CSS, the
front-end config script, inline SVG icons, a mega menu and a footer of links. Every absolute URL points at the mirror's own origin so that wget, which
cannot rebase URLs, crawls the same pages as the spider.

The rendered site is one blob (``pages.bin``, gzip members) plus ``index.json``
(path -> status, type, offset, length), cached per (N, seed, origin): rendering is paid once.

    python -m bench.sitegen --articles 1000 --origin http://127.0.0.1:18808 --out bench/out/site
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import multiprocessing
import os
import random
import re
from datetime import datetime, timezone
from pathlib import Path

from tests.site.opsintels import ARTICLES, PAGES
from tests.site.opsintels import feeds, templates
from tests.site.opsintels.articles import CATEGORIES, TAGS
from tests.site.opsintels.authors import AUTHORS, ORIGIN
from tests.site.opsintels.widgets import widget

VERSION = 4  # bump when the generated pages change: invalidates cached sites
SITEMAP_MAX_URLS = 1000  # Yoast's entries per sitemap
SECTION_PAGES = 5  # category pages rendered per category (the spider reads 5)
MIN_HTML, MAX_HTML = 60_000, 150_000
HTML = "text/html; charset=UTF-8"
XML = "text/xml; charset=UTF-8"

_WORDS = sorted({w for a in ARTICLES for p in a["body_paragraphs"] for w in p.split() if w.isalpha()})
_ASCII_WORDS = [w for w in _WORDS if w.isascii()]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(12, 28))
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", ";", ","]).rstrip(",;") + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5))).replace("..", ".")


def make_post(i: int, n: int, rng: random.Random) -> dict:
    """Post ``i`` of ``n`` (0 = newest), target size drawn in 60-150 KB."""
    slug = "-".join(rng.sample(_ASCII_WORDS, 5)).lower() + f"-{i}"
    day = i * 86400 * 365 * 3 // max(n, 1)  # spread over three years, newest first
    published = 1_757_000_000 - day
    stamp = datetime.fromtimestamp(published, timezone.utc).isoformat()
    post = {
        "post_id": 10_000 + i,
        "slug": slug,
        "title": _sentence(rng).rstrip(".")[:110],
        "authors": rng.sample(sorted(AUTHORS), rng.choice([1, 1, 1, 2])),
        "published_at": stamp,
        "modified_at": stamp,
        "categories": rng.sample(sorted(CATEGORIES), rng.choice([1, 2])),
        "tags": rng.sample(sorted(TAGS), rng.randint(2, 5)),
        "image": {"file": f"2025/08/bench-{i}.jpg", "width": 1200, "height": 800,
                  "caption": _sentence(rng) + " (AP Photo)"},
        "blocks": [],
        "quirks": [],
        "target": rng.randint(MIN_HTML + 2_000, MAX_HTML - 10_000),
        # news story lengths: log-normal around ~750 words, cut to 250-2,500
        "words": int(min(2_500, max(250, rng.lognormvariate(math.log(750), 0.5)))),
    }
    return post


def _block(post: dict, rng: random.Random, n: int) -> tuple:
    """The next body block: mostly paragraphs with a link, some subheadings, figures, lists."""
    k = len(post["blocks"])
    if k and k % 7 == 0:
        return ("h2", _sentence(rng).rstrip("."))
    if k and k % 9 == 0:
        return ("image", f"2025/08/bench-{post['post_id']}-{k}.jpg", _sentence(rng), _sentence(rng), None)
    if k and k % 13 == 0:
        return ("ul", [_sentence(rng) for _ in range(rng.randint(3, 6))])
    text = _paragraph(rng)
    anchor = text.split()[rng.randint(0, 5)].strip(".,;")
    other = f"{ORIGIN}/?p={10_000 + rng.randrange(n)}"
    return ("p", text, {"link": (anchor, other)}) if len(anchor) > 3 else ("p", text)


def _nav(prev: dict | None, nxt: dict | None) -> str:
    """Elementor Pro post navigation: previous / next post links."""
    links = []
    for rel, post, label in (("prev", prev, "Previous"), ("next", nxt, "Next")):
        if post:
            links.append(f'<div class="elementor-post-navigation__{rel} elementor-post-navigation__link">'
                         f'<a href="{templates.post_url(post)}" rel="{rel}"><span class="post-navigation__{rel}--label">'
                         f'{label}</span><span class="post-navigation__{rel}--title">{templates.title_html(post)}'
                         f'</span></a></div>')
    return widget(("nav", (prev or nxt or {}).get("slug")), "post-navigation",
                  '<div class="elementor-post-navigation">' + "".join(links) + "</div>")


def _render(posts: list[dict], i: int) -> str:
    post = posts[i]
    neighbours = posts[max(0, i - 2): i + 3]
    prev = posts[i + 1] if i + 1 < len(posts) else None
    nxt = posts[i - 1] if i > 0 else None
    html = templates.article_page(post, neighbours)
    marker = html.find(templates._related(post, neighbours))
    return html[:marker] + _nav(prev, nxt) + "\n" + html[marker:]


def _css(rng: random.Random, post_id: int, size: int) -> str:
    """Elementor's per-post inline CSS (``elementor-post-N-inline-css``), ``size`` bytes."""
    props = ("margin", "padding", "color", "font-size", "line-height", "border-radius", "width",
             "--e-con-grid-template-columns", "flex-direction", "gap", "background-color")
    rules = []
    while sum(map(len, rules)) < size:
        element = "%08x" % rng.getrandbits(32)
        decls = ";".join(f"{rng.choice(props)}:{rng.randint(0, 64)}px" for _ in range(rng.randint(2, 6)))
        rules.append(f".elementor-{post_id} .elementor-element.elementor-element-{element}{{{decls}}}")
    return f"<style id='elementor-post-{post_id}-inline-css'>\n" + "\n".join(rules) + "\n</style>\n"


_ICON = ('<svg aria-hidden="true" class="e-font-icon-svg e-fab-{0}" viewBox="0 0 448 512" '
         'xmlns="http://www.w3.org/2000/svg"><path d="M{1} {2}c{3} {4} {5}-{6} {7} {8}V{9}H{10}z"></path></svg>')


def _chrome(posts: list[dict], i: int, rng: random.Random, size: int) -> tuple[str, str]:
    """About ``size`` bytes of page chrome: (inline CSS for <head>, mega menu for <body>).

    The menu (at least 24 links, as every real header has) takes about 2/5, the CSS the rest."""
    links, used = [], 0
    while len(links) < 24 or used < size * 2 // 5:
        post = posts[rng.randrange(len(posts))]
        icon = _ICON.format(rng.choice(("x-twitter", "facebook", "linkedin", "telegram")),
                            *(rng.randint(10, 400) for _ in range(10)))
        links.append(f'<li class="menu-item menu-item-type-post_type menu-item-{post["post_id"]}">'
                     f'<a href="{templates.post_url(post)}" class="elementor-sub-item">{icon}'
                     f'<span>{templates.title_html(post)}</span></a></li>')
        used += len(links[-1])
    menu = ('<nav class="elementor-nav-menu--dropdown elementor-nav-menu__container" aria-hidden="true">'
            '<ul class="elementor-nav-menu sm-vertical">' + "\n".join(links) + "</ul></nav>\n")
    return _css(rng, posts[i]["post_id"], max(0, size - len(menu))), menu


def article_html(posts: list[dict], i: int, seed: int) -> str:
    """Article ``i``: its body grown to its word count, its chrome to its 60-150 KB target."""
    post = posts[i]
    rng = random.Random(seed * 1_000_003 + i)
    post["blocks"] = []
    words = 0
    while words < post["words"]:
        block = _block(post, rng, len(posts))
        post["blocks"].append(block)
        words += sum(len(part.split()) for part in block[1:] if isinstance(part, str))
    html = _render(posts, i)
    css, menu = _chrome(posts, i, rng, post["target"] - len(html.encode()))
    return html.replace("</head>", css + "</head>", 1).replace("</body>", menu + "</body>", 1)


def _sitemaps(posts: list[dict]) -> dict[str, str]:
    """Yoast: sitemap index + post-sitemap.xml, post-sitemap2.xml… (≤1000 URLs each)."""
    chunks = [posts[i:i + SITEMAP_MAX_URLS] for i in range(0, len(posts), SITEMAP_MAX_URLS)]
    out = {}
    index = []
    for k, chunk in enumerate(chunks, start=1):
        name = "post-sitemap.xml" if k == 1 else f"post-sitemap{k}.xml"
        body = "".join(feeds._url(templates.post_url(p), p["modified_at"], [feeds.upload_url(p["image"]["file"])])
                       for p in reversed(chunk))
        out[name] = feeds._XML_HEAD + feeds._URLSET + body + "</urlset>\n" + feeds._XML_TAIL
        index.append((name, chunk[0]["modified_at"]))
    index.append(("page-sitemap.xml", posts[0]["modified_at"]))
    out["page-sitemap.xml"] = feeds.page_sitemap(posts)
    out["category-sitemap.xml"] = feeds.category_sitemap(posts)
    index.append(("category-sitemap.xml", posts[0]["modified_at"]))
    out["sitemap_index.xml"] = (
        feeds._XML_HEAD + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"\t<sitemap>\n\t\t<loc>{ORIGIN}/{name}</loc>\n\t\t<lastmod>{mod}</lastmod>\n\t</sitemap>\n"
                  for name, mod in index)
        + "</sitemapindex>\n" + feeds._XML_TAIL)
    return out


_POSTS: list[dict] = []


def _article_job(args: tuple[int, int]) -> str:
    return article_html(_POSTS, *args)


def _articles(posts: list[dict], seed: int):
    """Rendered articles in order; on every core when there are many (fork shares ``posts``)."""
    global _POSTS
    _POSTS = posts
    jobs = [(i, seed) for i in range(len(posts))]
    if len(posts) < 400 or (os.cpu_count() or 1) < 2:
        yield from map(_article_job, jobs)
        return
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        yield from pool.imap(_article_job, jobs, chunksize=50)


def pages(n: int, seed: int = 1):
    """Yield ``(path, content_type, text)`` for the whole site, real origin in every URL."""
    rng = random.Random(seed)
    posts = [make_post(i, n, rng) for i in range(n)]
    yield "/robots.txt", "text/plain; charset=utf-8", feeds.ROBOTS
    yield "/", HTML, templates.home_page(posts[:10])
    for name, text in _sitemaps(posts).items():
        yield f"/{name}", XML, text
    yield "/feed/", "application/rss+xml; charset=UTF-8", feeds.rss(posts[:10], posts[:10])
    for slug, name in CATEGORIES.items():
        selected = [p for p in posts if slug in p["categories"]]
        total = min(SECTION_PAGES, max(1, -(-len(selected) // 10)))
        base = f"{ORIGIN}/category/{slug}/"
        for page in range(1, total + 1):
            path = f"/category/{slug}/" + (f"page/{page}/" if page > 1 else "")
            yield path, HTML, templates.archive_page("category", slug, name, selected[(page - 1) * 10: page * 10],
                                                     page, total, base)
    for slug, page in PAGES.items():
        yield f"/{slug}/", HTML, templates.static_page(slug, page)
    for i, html in enumerate(_articles(posts, seed)):
        yield f"/{posts[i]['slug']}/", HTML, html
    yield "__404__", HTML, templates.not_found_page()


def rebase_text(text: str, origin: str) -> str:
    """Point every absolute URL of the real site at the mirror's origin."""
    host = re.sub(r"^https?:", "", origin)
    return (text.replace(ORIGIN, origin).replace(ORIGIN.replace("/", "\\/"), origin.replace("/", "\\/"))
            .replace("//opsintels.com", host))


def site_dir(out: Path, n: int, seed: int, origin: str) -> Path:
    tag = hashlib.sha1(f"{VERSION}|{n}|{seed}|{origin}".encode()).hexdigest()[:10]
    return Path(out) / f"site-{n}-{tag}"


def build(out: Path, n: int, origin: str, seed: int = 1) -> Path:
    """Render the site into ``out`` (once: a complete cached copy is reused)."""
    target = site_dir(out, n, seed, origin)
    if (target / "index.json").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict] = {}
    offset = 0
    with open(target / "pages.bin", "wb") as blob:
        for path, ctype, text in pages(n, seed):
            raw = rebase_text(text, origin).encode("utf-8")
            body = gzip.compress(raw, compresslevel=6, mtime=0)
            blob.write(body)
            index[path] = {"type": ctype, "offset": offset, "length": len(body), "raw": len(raw),
                           "status": 404 if path == "__404__" else 200}
            offset += len(body)
    meta = {"articles": n, "seed": seed, "origin": origin, "version": VERSION,
            "html_bytes": sum(e["raw"] for e in index.values()), "gzip_bytes": offset}
    (target / "meta.json").write_text(json.dumps(meta))
    (target / "index.json").write_text(json.dumps(index))  # last: marks the copy complete
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--origin", default="http://127.0.0.1:18808")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    print(build(args.out, args.articles, args.origin, args.seed))


if __name__ == "__main__":
    main()

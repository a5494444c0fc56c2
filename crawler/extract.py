"""The extraction chain: site rules, then structured metadata, then a main-text extractor.

Each field is taken from the first source that yields a value after normalization by
:class:`crawler.loaders.ArticleLoader`; a value that did not come from the first source is a
*fallback* and a missing one is *missing*, both counted in the crawl stats by the spider. The
same chain runs outside a crawl::

    python -m crawler.extract page.html --url https://opsintels.com/slug/ --spider opsintels
    python -m crawler.extract crawl.warc.gz --spider opsintels
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from typing import Callable

from parsel import Selector
from w3lib.encoding import html_to_unicode

from crawler.cssmatch import NOTHING, matcher, walk_query
from crawler.items import SCHEMA_VERSION
from crawler.loaders import ArticleLoader, content_sha256, count_words, join_body
from crawler.metadata import JsonLd, PageHead

logger = logging.getLogger(__name__)

# Block elements whose text is a paragraph of the body.
BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dd", "dt")
# Never part of an article's text: embeds' fallback text, share bars, author boxes, comments,
# related posts, newsletter prompts, ads, captions (collected separately).
BOILERPLATE_CSS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
    "form", "button", "svg", "figure", "figcaption", "nav", "aside", "footer", "header",
    ".wp-caption", ".wp-caption-text", ".widget-image-caption",
    "blockquote.twitter-tweet", "blockquote.instagram-media", "blockquote.tiktok-embed",
    ".wp-block-embed", ".wp-block-pullquote", ".pullquote", "blockquote.pull-quote",
    ".sharedaddy", ".sd-sharing", ".addtoany_share_save_container", ".a2a_kit", ".share-buttons",
    ".elementor-widget-share-buttons", ".elementor-share-buttons", ".elementor-widget-author-box",
    ".elementor-author-box", ".elementor-widget-post-info", ".elementor-widget-posts",
    ".elementor-widget-loop-grid", ".elementor-widget-post-navigation", ".elementor-widget-form",
    ".author-box", ".author-bio", ".about-author", "#comments", ".comments-area", "#respond",
    "[id^=wpdcom]", "[class*=wpdiscuz]", "[class*=wpd-]", ".jp-relatedposts", ".yarpp-related",
    ".related-posts", ".related", ".crp_related", ".mc4wp-form", ".newsletter", ".newsletter-signup",
    ".code-block", ".adsbygoogle", ".advertisement", "[class*=advert]", ".ad-container",
    ".wp-block-buttons", ".post-tags", ".tags-links", ".entry-footer", ".screen-reader-text",
    "[hidden]", "[aria-hidden=true]",
)
GENERIC_SCOPE_CSS = ('[data-elementor-type="single-post"]', "article", "main", "#content", "body")
GENERIC_TITLE_CSS = ("h1.entry-title", "h1.elementor-heading-title", "article h1", "main h1", "h1")
GENERIC_BYLINE_CSS = (
    ".elementor-author-box__name", "a[rel=author]", ".author.vcard .fn", ".byline a",
    ".byline", "[itemprop=author] [itemprop=name]", ".author-name",
)
GENERIC_BODY_CSS = (
    ".elementor-widget-theme-post-content", ".entry-content", "[itemprop=articleBody]",
    ".post-content", ".article-body", ".article-content", ".story-body", "article",
)
# Skipped when looking for captions and bylines (which live in boilerplate-like widgets).
CAPTION_SKIP_CSS = (
    "script", "style", "noscript", "#comments", "#respond", "[id^=wpdcom]",
    ".elementor-widget-posts", ".elementor-widget-loop-grid", ".related-posts", ".related",
    ".jp-relatedposts", ".yarpp-related", "blockquote.twitter-tweet", ".wp-block-embed",
)
CAPTION_CSS = ("figcaption", ".wp-caption-text", ".widget-image-caption", ".wp-element-caption")
CREDIT = re.compile(
    r"\(([^()]{2,160})\)\s*$|(?:Photo|Image|Credit|Courtesy)\s*(?:by|:)\s*([^.]{2,120})\.?\s*$", re.I
)
CREDIT_LABEL = re.compile(r"^(?:photo|image|credit|courtesy)\s*:\s*", re.I)
CREDIT_HINT = re.compile(r"\b(via|photo|credit|courtesy|image|file|AP|AFP|Reuters|Getty|DVIDS|Navy|Army)\b", re.I)


@dataclass(frozen=True)
class SiteRules:
    """What a site spider declares about its markup; empty means 'use the generic chain'."""

    site_names: tuple[str, ...] = ()
    scope_css: tuple[str, ...] = ()
    title_css: tuple[str, ...] = ()
    byline_css: tuple[str, ...] = ()
    body_css: tuple[str, ...] = ()
    caption_css: tuple[str, ...] = ()
    remove_css: tuple[str, ...] = ()
    #: where captions print the photo credit: kept out of captions, used as the lead image credit
    credit_css: tuple[str, ...] = ()
    #: the CMS's own copy of the story (e.g. Arc's Fusion.globalContent): a function of the page
    #: selector returning raw candidates by field name, tried before any other source
    content_source: Callable[[Selector], dict] | None = None


@dataclass
class Extraction:
    """An extracted article and where each field came from."""

    article: dict
    is_article: bool
    fallbacks: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    jsonld_broken: int = 0
    #: the page's ``<a href>`` values, when asked for (``extract(links=True)``)
    hrefs: list[str] | None = None


def _skipped(scope_root, css: tuple[str, ...]):
    """Boilerplate of the article scope (``el in skipped``), tested only where text is read.

    The story's text skips these subtrees and queries ignore matches inside them. Nothing is
    copied or removed, and only the elements the extraction visits (the body container, the
    caption and byline hits and their ancestors) are tested: stripping two deep copies of the
    scope was a third of the extraction's CPU (bench/)."""
    return matcher(css).bound(scope_root)


def _inside(el, skip) -> bool:
    """``el`` or one of its ancestors below the scope root is skipped."""
    while el is not None and el is not skip.root:
        if el in skip:
            return True
        el = el.getparent()
    return False


def _select(sel: Selector, query: str) -> list:
    """The elements ``sel.css(query)`` finds, in document order (bad CSS: none).

    Without XPath when every selector in it ends in a tag (:func:`crawler.cssmatch.walk_query`):
    OpsIntels' caption rule went from 0.59 to 0.15 ms per page (bench/)."""
    walk = walk_query(query)
    if walk is not None:
        return walk.find(sel.root)
    try:
        found = sel.css(query)
    except Exception:  # an unsupported selector in site rules must not kill a crawl
        return []
    return [hit.root for hit in found if not isinstance(hit.root, str)]


def _matches(sel: Selector, query: str, skip) -> list:
    """Elements matching ``query`` under ``sel`` and outside skipped subtrees (bad CSS: none)."""
    return [el for el in _select(sel, query) if not _inside(el, skip)]


_SEPARATED = frozenset(BLOCKS + ("div", "br", "td", "th"))


def _text(el, skip=NOTHING) -> str:
    """Text as a reader sees it: inline markup joins words, ``<br>`` and blocks separate them.

    A skipped child contributes nothing but the text that follows it (its tail)."""
    parts: list[str] = []
    if isinstance(el.tag, str):
        _walk_text(el, skip, parts)
    return "".join(parts)


def _walk_text(node, skip, parts: list[str]) -> None:
    # A module function, not a closure: a recursive closure is a reference cycle that would
    # keep ``skip`` (and through it the page's whole tree) alive until the next full GC.
    if node.tag == "br":
        parts.append(" ")
    elif node.text:
        parts.append(node.text)
    for child in node:
        tag = child.tag
        if isinstance(tag, str) and child not in skip:  # not a comment, not skipped
            _walk_text(child, skip, parts)
            if tag in _SEPARATED:
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)


def _innermost_blocks(el, skip, out: list) -> bool:
    """Append the innermost block descendants of ``el`` (document order); True if any block."""
    has_block = False
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or child in skip:
            continue
        inner = _innermost_blocks(child, skip, out)
        if tag in BLOCKS:
            if not inner:
                out.append(child)
            has_block = True
        has_block = has_block or inner
    return has_block


def block_texts(el, skip=NOTHING) -> list[str]:
    """Texts of the innermost block elements under ``el``, in document order."""
    blocks: list = []
    _innermost_blocks(el, skip, blocks)
    return [_text(block, skip) for block in blocks]


def _first(sel: Selector, queries) -> Selector | None:
    """The first element (as a Selector) that the first query finding any finds."""
    for query in queries:
        walk = walk_query(query)
        if walk is not None:
            el = walk.first(sel.root)
            if el is not None:
                return Selector(root=el, type="html")
            continue
        try:
            found = sel.css(query)
        except Exception:
            continue
        if found:
            return found[0]
    return None


def _credit(caption: str | None) -> str | None:
    if not caption:
        return None
    match = CREDIT.search(caption)
    if not match:
        return None
    credit = (match.group(1) or match.group(2) or "").strip()
    if not (match.group(2) or CREDIT_HINT.search(credit)):
        return None
    # "(Photo: Bundeswehr)" credits the Bundeswehr; "(U.S. Air Force photo)" stays as is.
    return CREDIT_LABEL.sub("", credit).strip() or credit


def _trafilatura_paragraphs(html: str, url: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, include_images=False,
        favor_precision=True, deduplicate=True, output_format="txt",
    )
    # txt output marks list items with "- ": the marker is not part of the text.
    return [line[2:] if line.startswith("- ") else line for line in (text or "").splitlines() if line.strip()]


class Chain:
    """Runs the candidates of each field in order through the loader.

    A kept value is the one already normalized while testing its candidate, not loaded a
    second time: running every processor twice per field was a quarter of the extraction's
    CPU (bench/). ``item`` keeps the fields in the order they were set."""

    def __init__(self, loader_context: dict):
        # One loader for every candidate (``replace_value``): a fresh loader per candidate
        # doubled the cost of each normalization (~0.4 ms per article, bench/).
        self.loader = ArticleLoader(**loader_context)
        self.item: dict = {}
        self.fallbacks: list[str] = []
        self.missing: list[str] = []

    def normalized(self, name: str, values):
        self.loader.replace_value(name, values)
        return self.loader.get_output_value(name)

    def add(self, name: str, values) -> None:
        """Set a field directly (no candidates), normalized like any other."""
        value = self.normalized(name, values)
        if value is not None:
            self.item[name] = value

    def take(self, name: str, candidates, required: bool = True) -> None:
        """Keep the first candidate (a value, list or callable) that normalizes to something."""
        for index, candidate in enumerate(candidates):
            values = candidate() if callable(candidate) else candidate
            if values in (None, [], ""):
                continue
            value = self.normalized(name, values)
            if value not in (None, [], ""):
                self.item[name] = value
                if index:
                    self.fallbacks.append(name)
                return
        if required:
            self.missing.append(name)


PAGE_SELECTOR = "page_selector"  # response.meta key of the page's parsed tree


def page_selector(response) -> Selector:
    """The response's parsed page, parsed once and shared by the spider and the archive records.

    Not ``response.selector``: Scrapy's cached selector points back at its response, a reference
    cycle, so every parsed page (a few MB of lxml tree) waited for the cycle collector: peak RSS
    and 100-300 ms collections in the middle of a crawl (bench/). Kept in ``response.meta``, the
    tree goes with the response, by reference counting."""
    try:
        meta = response.meta
    except AttributeError:  # a response made without a request (tests, tools): nowhere to keep it
        meta = {}
    sel = meta.get(PAGE_SELECTOR)
    if sel is None:
        sel = meta[PAGE_SELECTOR] = Selector(text=response.text, type="html", base_url=response.url)
    return sel


def extract(html: str, url: str, rules: SiteRules | None = None, site: str | None = None,
            selector: Selector | None = None, links: bool = False) -> Extraction:
    """Extract one article from a page's HTML (text, already decoded); with ``links``, its hrefs."""
    rules = rules or SiteRules()
    sel = selector if selector is not None else Selector(text=html, type="html", base_url=url)
    head = PageHead(sel.root, links=links)
    ld = JsonLd(head.jsonld)
    art = ld.article() or {}
    # A site without rules still names itself (og:site_name): strip that from "Title | Site".
    site_names = list(rules.site_names) or ([site] if site else []) + head.meta_content("og:site_name")[:1]
    chain = Chain({"site_names": site_names, "base_url": url})
    own = _content_source(rules, sel, url)

    # "is None", not "or": a Selector's truth value serializes the whole element.
    scope = _first(sel, rules.scope_css + GENERIC_SCOPE_CSS)
    scope = sel if scope is None else scope
    # captions and bylines live in boilerplate-like widgets: skip only comments/related posts.
    skip_body = _skipped(scope.root, BOILERPLATE_CSS + tuple(rules.remove_css))
    skip_captions = _skipped(scope.root, CAPTION_SKIP_CSS + tuple(rules.remove_css) + tuple(rules.credit_css))

    def css_texts(root: Selector, queries, first_only=False, skip=NOTHING):
        for query in queries:
            texts = [_text(el, skip) for el in _matches(root, query, skip)]
            if texts:
                return texts[:1] if first_only else texts
        return []

    chain.add("url", url)
    chain.add("site", site)
    chain.take("title", [
        *own("title"),
        lambda: art.get("headline") or art.get("name"),
        lambda: css_texts(scope, rules.title_css + GENERIC_TITLE_CSS, first_only=True)
        or css_texts(sel, GENERIC_TITLE_CSS, first_only=True),
        lambda: head.meta_content("og:title", "twitter:title"),
        lambda: head.titles[:1],
    ])
    chain.take("authors", [
        *own("authors"),
        lambda: ld.authors(art) if art else [],
        lambda: head.meta_content("author", "article:author", "parsely-author", "sailthru.author"),
        lambda: css_texts(scope, rules.byline_css + GENERIC_BYLINE_CSS, skip=skip_captions),
    ])

    def body_by_css(queries):
        for query in queries:
            paragraphs = _body_from(scope, query, skip_body)
            if paragraphs:
                return paragraphs
        return []

    # Site rules first (when a spider declares them), then generic article markup.
    body_candidates = own("body_paragraphs")
    if rules.body_css:
        body_candidates.append(lambda q=rules.body_css: body_by_css(q))
    body_candidates.append(lambda: body_by_css(GENERIC_BODY_CSS))
    body_candidates.append(lambda: [p for p in re.split(r"\n\s*\n|\n", art.get("articleBody") or "")])
    body_candidates.append(lambda: _trafilatura_paragraphs(sel.get() if selector is not None else html, url))
    chain.take("body_paragraphs", body_candidates)

    chain.take("captions", [*own("captions"), lambda: css_texts(scope, rules.caption_css + CAPTION_CSS, skip=skip_captions)], required=False)
    captions = chain.item.get("captions") or []
    image = next((candidate() for candidate in own("lead_image")), None) or (ld.image(art) if art else None)
    if image is None:
        og = head.meta_content("og:image", "og:image:url", "twitter:image")
        image = {"url": og[0], "caption": None, "credit": None} if og else None
    if image is not None:
        image_url = chain.normalized("url", image["url"])
        caption = chain.normalized("captions", [image.get("caption")]) or captions[:1]
        caption = caption[0] if caption else None
        printed = chain.normalized("captions", css_texts(scope, rules.credit_css, first_only=True))
        credit = image.get("credit") or (printed[0] if printed else None) or _credit(caption)
        if image_url:
            chain.add("lead_image", {"url": image_url, "caption": caption, "credit": credit})

    chain.take("published_at", [
        *own("published_at"),
        lambda: art.get("datePublished"),
        lambda: head.meta_content("article:published_time", "datePublished", "pubdate", "date",
                             "parsely-pub-date", "dc.date", "DC.date.issued"),
        lambda: sel.css("article time[datetime]::attr(datetime), time[itemprop=datePublished]::attr(datetime)").getall(),
    ])
    chain.take("modified_at", [
        *own("modified_at"),
        lambda: art.get("dateModified"),
        lambda: head.meta_content("article:modified_time", "og:updated_time", "dateModified"),
    ], required=False)
    chain.take("section", [
        *own("section"),
        lambda: ld.text_list(art.get("articleSection")) if art else [],
        lambda: head.meta_content("article:section"),
    ], required=False)
    chain.take("tags", [
        *own("tags"),
        lambda: ld.text_list(art.get("keywords")) if art else [],
        lambda: head.meta_content("article:tag", "news_keywords", "keywords"),
    ], required=False)
    chain.take("language", [
        lambda: sel.xpath("/html/@lang").getall(),
        lambda: art.get("inLanguage"),
        lambda: head.meta_content("og:locale"),
    ], required=False)
    chain.take("canonical_url", [
        lambda: head.canonical[:1],
        lambda: head.meta_content("og:url"),
    ], required=False)

    item = dict(chain.item)
    paragraphs = item.get("body_paragraphs") or []
    body = join_body(paragraphs)
    article = {name: None for name in ("canonical_url", "lead_image", "published_at", "modified_at",
                                        "section", "language")}
    article.update(item)
    article.update({
        "schema_version": SCHEMA_VERSION,
        "authors": item.get("authors") or [],
        "captions": item.get("captions") or [],
        "tags": item.get("tags") or [],
        "body_paragraphs": paragraphs,
        "body": body,
        "word_count": count_words(body),
        "content_sha256": content_sha256(item.get("title") or "", body),
    })
    return Extraction(
        article=article,
        is_article=_looks_like_article(head, art),
        fallbacks=chain.fallbacks,
        missing=chain.missing,
        jsonld_broken=ld.broken,
        hrefs=head.hrefs,
    )


def _content_source(rules: SiteRules, sel: Selector, url: str):
    """``own(field)``: the site's own candidate for a field as a one-item list, or [] without one.

    Without a content source nothing is prepended, so other sites' fallback counts are unchanged;
    a failing source is logged and the chain goes on with the next sources.
    """
    if rules.content_source is None:
        return lambda name: []
    try:
        data = rules.content_source(sel) or {}
    except Exception as exc:  # a site's parser must never kill the crawl
        logger.warning("Content source failed on %s: %s: %s", url, type(exc).__name__, exc)
        data = {}
    return lambda name: [lambda: data.get(name)]


def _body_from(scope: Selector, query: str, skip) -> list[str]:
    """Paragraphs of the first element matching ``query`` outside boilerplate."""
    found = _matches(scope, query, skip)
    return block_texts(found[0], skip) if found else []


def _looks_like_article(head: PageHead, art: dict) -> bool:
    """A page is an article if it says so: JSON-LD Article types, or og:type article."""
    if art:
        return True
    og_type = head.meta_content("og:type")
    if og_type:
        return og_type[0].strip().lower() == "article"
    return bool(head.meta_content("article:published_time"))


# -- outside a crawl -------------------------------------------------------------------------

def rules_for(spider) -> tuple[SiteRules, str | None]:
    """Rules and site name of a spider given as a name, class or instance (or None)."""
    if spider is None:
        return SiteRules(), None
    if isinstance(spider, str):
        from scrapy.spiderloader import SpiderLoader
        from scrapy.utils.project import get_project_settings

        spider = SpiderLoader.from_settings(get_project_settings()).load(spider)
    return getattr(spider, "rules", SiteRules()), getattr(spider, "site", None) or spider.name


def decode_html(html: str | bytes, content_type: str | None = None) -> str:
    """Bytes to text the way browsers do: HTTP charset, then BOM, then <meta charset>."""
    if isinstance(html, str):
        return html
    _, text = html_to_unicode(content_type, html)
    return text


def extract_article(html: str | bytes, url: str, spider=None) -> dict:
    """The article exactly as a crawl would emit it, minus ``crawled_at`` and ``warc``."""
    rules, site = rules_for(spider)
    result = extract(decode_html(html), url, rules=rules, site=site)
    article = dict(result.article)
    article.setdefault("site", site)
    article["crawled_at"] = None
    article["warc"] = None
    return article


def _warc_pages(path: str):
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or not record.http_headers:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype:
                continue
            yield record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read(), ctype


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a saved HTML file or a WARC file")
    parser.add_argument("--url", help="the page's URL (required for HTML files)")
    parser.add_argument("--spider", help="use this site spider's rules")
    args = parser.parse_args(argv)
    from warcio.exceptions import ArchiveLoadFailed

    try:
        spider = _spider_class(args.spider) if args.spider else None
        if args.source.endswith((".warc", ".warc.gz")):
            pages = [(u, body, ct) for u, body, ct in _warc_pages(args.source) if not args.url or u == args.url]
        else:
            if not args.url:
                parser.error("--url is required for an HTML file")
            with open(args.source, "rb") as fh:
                pages = [(args.url, fh.read(), None)]
    except OSError as exc:
        print(f"error: cannot read {args.source}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ArchiveLoadFailed as exc:
        print(f"error: {args.source} is not a readable WARC file: {exc.msg if hasattr(exc, 'msg') else exc}",
              file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    if not pages:
        print(f"error: no HTML response{' for ' + args.url if args.url else ''} in {args.source}", file=sys.stderr)
        return 1
    for url, body, ctype in pages:
        print(json.dumps(extract_article(decode_html(body, ctype), url, spider), ensure_ascii=False))
    return 0


def _spider_class(name: str):
    """The spider class of that name; KeyError with the known names otherwise."""
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    try:
        return loader.load(name)
    except KeyError:
        raise KeyError(f"unknown spider {name!r}; known: {', '.join(sorted(loader.list()))}") from None

if __name__ == "__main__":
    sys.exit(main())

"""Article item loader and the normalization rules it applies.

Extraction code (spiders, JSON-LD / meta parsers) adds *raw candidate values*
to an :class:`ArticleLoader`; every normalization rule lives here as one small
pure function so that each rule can be tested on its own and reused by other
code (pipelines, re-processing jobs).  Nothing in this module does I/O.

Processors return ``None`` for values they reject; ``MapCompose`` drops
``None``, so a bad candidate silently disappears instead of raising, and the
next candidate (e.g. a meta tag after a JSON-LD value) can win ``TakeFirst``.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import dateparser
from itemloaders import ItemLoader
from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from w3lib.html import remove_comments, remove_tags, remove_tags_with_content

__all__ = [
    "AGENCY_BYLINES",
    "BOILERPLATE_PATTERNS",
    "ArticleLoader",
    "clean_text",
    "clean_url",
    "content_sha256",
    "count_words",
    "dedupe",
    "dedupe_paragraphs",
    "drop_boilerplate",
    "filter_person_name",
    "is_boilerplate",
    "is_person_name",
    "is_relative_time",
    "join_body",
    "none_if_empty",
    "normalize_language",
    "parse_date",
    "split_authors",
    "strip_byline_prefix",
    "strip_site_suffix",
]

# --------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------

# Only treat a value as markup when it contains something tag-shaped; a bare
# "a < b" in a headline must survive untouched.
_MARKUP_RE = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.S)
# Block-level boundaries become spaces so "<p>a</p><p>b</p>" is "a b", not "ab";
# inline tags (<em>, <a>, <span>) are removed without adding space.
_BLOCK_TAG_RE = re.compile(
    r"<\s*(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|"
    r"article|header|footer|figure|figcaption|aside|nav|dd|dt|dl|pre))\b[^>]*>",
    re.I,
)
# Invisible characters that only break matching/dedupe/word counts.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _strip_markup(value: str) -> str:
    """Remove tags (and script/style bodies) from values that came with HTML."""
    value = remove_tags_with_content(value, which_ones=("script", "style"))
    value = remove_comments(value)
    value = _BLOCK_TAG_RE.sub(" ", value)
    return remove_tags(value)


def clean_text(value: Any) -> str | None:
    """Normalize one piece of published text, or return None to drop it.

    Steps: strip markup (only if the value looks like HTML), unescape
    entities once, remove invisible characters (zero-width, BOM, soft
    hyphen), NFC-normalize, turn NBSP and every other whitespace run into a
    single space, strip.  Non-str input (None, int, bytes, dict) and values
    that end up empty give None.  Typographic quotes and dashes are
    deliberately left exactly as published.
    """
    if not isinstance(value, str):
        return None
    if _MARKUP_RE.search(value):
        value = _strip_markup(value)
    value = html.unescape(value)
    value = _INVISIBLE_RE.sub("", value)
    value = unicodedata.normalize("NFC", value)
    # str.split() splits on the same Unicode spaces as re's \s (NBSP, U+2009, U+3000...);
    # 3x faster than a regex substitution (bench/).
    value = " ".join(value.split())
    return value or None


# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------

_SITE_SUFFIX_SEPARATORS = r"[-|\u2013\u2014\u00b7]"  # - | – — ·


def strip_site_suffix(title: Any, site_names: Iterable[str] | str | None) -> str | None:
    """Remove a trailing " <sep> Site Name" that <title>/og:title tack on.

    Only strips when the suffix equals (case-insensitively) one of the known
    ``site_names``, so a real headline ending in " - Part 2" is kept, and
    never when nothing would be left of the title.
    """
    if not isinstance(title, str):
        return None
    if not site_names:
        return title
    if isinstance(site_names, str):
        site_names = [site_names]
    for name in site_names:
        name = clean_text(name)
        if not name:
            continue
        pattern = re.compile(
            r"^(?P<head>.*?)\s+" + _SITE_SUFFIX_SEPARATORS + r"\s+" + re.escape(name) + r"\s*$",
            re.I | re.S,
        )
        match = pattern.match(title)
        if match and match.group("head").strip():
            return match.group("head").strip()
    return title


def _strip_title_suffix(value: str, loader_context: Mapping[str, Any]) -> str | None:
    """Adapter: read ``site_names`` from the loader context (may be absent)."""
    return strip_site_suffix(value, loader_context.get("site_names"))


# --------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------

# "Picture of" is the avatar alt text of Elementor author boxes; the others are
# byline lead-ins.  "By" needs a following space or colon so "Byron" survives.
_BYLINE_PREFIX_RE = re.compile(
    r"^(?:picture\s+of\s+|written\s+by\s*:?\s+|posted\s+by\s*:?\s+|"
    r"by\s*:\s*|by\s+|authors?\s*:\s*)",
    re.I,
)
# A label element on its own ("By", "Author:") carries no name.
_BYLINE_LABEL_ONLY_RE = re.compile(r"^(?:picture\s+of|written\s+by|posted\s+by|by|authors?)\s*:?$", re.I)
_ROLE_SUFFIX_RE = re.compile(
    r"\s+[|-]\s+(?:[A-Za-z]+\s+){0,2}"
    r"(?:staff\s+writer|correspondent|editor|reporter|contributor)s?\s*$",
    re.I,
)


def strip_byline_prefix(name: Any) -> str | None:
    """Turn "Picture of By Jane Doe | Staff Writer" into "Jane Doe".

    Prefixes are removed repeatedly (they stack on real pages).  A role
    suffix is only removed when it is separated by " | " or " - " and ends in
    a role word, so hyphenated names and other suffixes are left alone.
    """
    if not isinstance(name, str):
        return None
    name = name.strip()
    previous = None
    while previous != name:
        previous = name
        name = _BYLINE_PREFIX_RE.sub("", name, count=1).strip()
    if _BYLINE_LABEL_ONLY_RE.match(name):
        return None
    stripped = _ROLE_SUFFIX_RE.sub("", name).strip()
    name = stripped or name
    return name or None


_AUTHOR_SEPARATOR_RE = re.compile(r"\s*(?:,\s*and\s+|,|;|&|\s+and\s+)\s*")


def split_authors(value: Any) -> list[str]:
    """Split "A, B and C" / "A & B" / "A; B" / "A, B, and C" into names.

    Commas always split, so an inverted "Smith, John" becomes two entries;
    this is predictable, and inverted names are rare in news bylines.  Only
    lower-case " and " between spaces splits ("Anderson" is safe).
    """
    if not isinstance(value, str):
        return []
    return [part.strip() for part in _AUTHOR_SEPARATOR_RE.split(value) if part and part.strip()]


# Bylines that name an organisation or a role rather than a person.
AGENCY_BYLINES = frozenset(
    name.casefold()
    for name in (
        "AP",
        "Associated Press",
        "The Associated Press",
        "Reuters",
        "Reuters Staff",
        "AFP",
        "Agence France-Presse",
        "Agence France Presse",
        "Staff",
        "Staff Writer",
        "Staff Reporter",
        "Admin",
        "Administrator",
        "Editor",
        "Editorial Team",
        "Editorial Staff",
        "Editorial Board",
        "Guest",
        "Guest Author",
        "Anonymous",
        "News Desk",
        "Web Desk",
        "Newsroom",
    )
)
_URL_LIKE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.I)
_EMAIL_LIKE_RE = re.compile(r"\S+@\S+\.\S+")
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
MAX_AUTHOR_LENGTH = 80
# "Naval News Staff", "Defense Desk": a publication's desk, not a person.
_DESK_BYLINE_RE = re.compile(r"\s(?:staff|desk|newsroom|editors)$", re.I)


def is_person_name(name: Any) -> bool:
    """True if ``name`` plausibly names a person (not an agency or junk).

    Rejects known agency/role bylines (case-insensitive exact match), URLs,
    e-mail addresses, strings over 80 characters and strings without any
    letter (digits-only, punctuation-only).
    """
    if not isinstance(name, str):
        return False
    name = name.strip()
    if not name or len(name) > MAX_AUTHOR_LENGTH:
        return False
    if name.casefold() in AGENCY_BYLINES or _DESK_BYLINE_RE.search(name):
        return False
    if _URL_LIKE_RE.match(name) or _EMAIL_LIKE_RE.search(name):
        return False
    return bool(_HAS_LETTER_RE.search(name))


def filter_person_name(name: Any) -> str | None:
    """MapCompose form of :func:`is_person_name`: the name, or None to drop it."""
    return name if is_person_name(name) else None


# --------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------


def _dedupe_key(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).casefold()
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def dedupe(values: Iterable[Any] | None) -> list[Any]:
    """De-duplicate keeping first-seen order; strings compare NFC + casefolded.

    Pages repeat the author box, tag cloud and captions; the first spelling
    seen is the one kept.
    """
    seen: set[Any] = set()
    result: list[Any] = []
    for value in values or ():
        key = _dedupe_key(value)
        if key in seen:
            continue
        seen.add(key)
        result.append(value)
    return result


def none_if_empty(values: list[Any] | None) -> list[Any] | None:
    """Empty list → None, so a list field with nothing left stays absent from the item."""
    return values or None


def dedupe_paragraphs(paragraphs: Iterable[str] | None) -> list[str]:
    """Drop exact repeats of a paragraph (keep the first); case matters here."""
    seen: set[str] = set()
    result: list[str] = []
    for paragraph in paragraphs or ():
        if paragraph in seen:
            continue
        seen.add(paragraph)
        result.append(paragraph)
    return result


# --------------------------------------------------------------------------
# Body paragraphs
# --------------------------------------------------------------------------

_END = r"\s*[:.!\u2026]*\s*$"  # optional trailing punctuation for whole-line matches

# Anchored at the start so a real paragraph that merely *contains* "subscribe"
# or "related" is kept.  Single words that also start real sentences
# ("Related to this...", "Subscribers...") must match the whole line.
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        # share widgets
        r"^share this(?:\s+(?:news|article|post|story|page))?\b",
        r"^share on\s+(?:facebook|twitter|x|whatsapp|linkedin|telegram|email)\b",
        r"^share" + _END,
        r"^click to (?:share|print|email)\b",
        r"^like this" + _END,
        r"^like loading",
        # related content
        r"^related(?:\s+(?:posts?|articles?|news|stories|content))?" + _END,
        r"^see (?:other|more) updates\b",
        r"^(?:read more|continue reading)" + _END,
        r"^you may also like" + _END,
        # author box / meta
        r"^post author" + _END,
        r"^post views\s*:",
        # newsletters / follow
        r"^subscribe(?:\s+now)?" + _END,
        r"^subscribe to (?:our|the) newsletter\b",
        r"^sign up (?:for|to) (?:our|the) newsletter\b",
        r"^follow us on\b",
        # comments (wpDiscuz / WordPress)
        r"^notify of\b",
        r"^add your insight\b",
        r"^\d*\s*inline feedbacks?\b",
        r"^view all comments\b",
        r"^leave a (?:reply|comment)\b",
        r"^\d+\s+comments?" + _END,
        # ads
        r"^advertisement" + _END,
        r"^sponsored" + _END,
    )
)

_NUMBER_WORDS = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|few|several"
_TIME_UNITS = (
    r"s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|"
    r"mos?|months?|y|yrs?|years?"
)
_RELATIVE_TIME_RE = re.compile(
    r"^(?:(?:posted|updated|published|last\s+updated)\s*:?\s+)?(?:"
    r"just\s+now|right\s+now|now|today|yesterday|tomorrow|(?:a\s+)?moments?\s+ago"
    r"|(?:(?:about|around|over|almost|nearly|less\s+than)\s+)?(?:" + _NUMBER_WORDS + r")\s*"
    r"(?:" + _TIME_UNITS + r")\s+ago"
    r"|(?:last|this|next)\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r")\s*\.?$",
    re.I,
)


def is_relative_time(text: Any) -> bool:
    """True for text that is only a relative time ("3 weeks ago", "yesterday").

    Such text cannot be turned into a date without guessing the crawl
    time, and as a paragraph it is a widget, not article content.
    """
    return isinstance(text, str) and bool(_RELATIVE_TIME_RE.match(text.strip()))


# All of BOILERPLATE_PATTERNS as one alternation: one regex call per paragraph instead of one
# per pattern (same matches: every pattern is anchored and compiled with re.I); bench/ README.
_BOILERPLATE_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PATTERNS), re.I)


def is_boilerplate(paragraph: Any) -> bool:
    """True for share/related/subscribe/comment-widget lines and bare relative times."""
    if not isinstance(paragraph, str):
        return True
    text = paragraph.strip()
    if not text:
        return True
    return is_relative_time(text) or bool(_BOILERPLATE_ANY.match(text))


def drop_boilerplate(paragraphs: Iterable[str] | None) -> list[str]:
    """Keep only paragraphs that are not :func:`is_boilerplate`."""
    return [p for p in paragraphs or () if not is_boilerplate(p)]


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

MIN_YEAR = 1990
_MAX_DATE_TEXT = 100  # longer strings are prose, not a date; don't let dateparser guess
_DATEPARSER_SETTINGS = {
    # No "relative-time" / "timestamp" / "no-spaces-time" parsers: relative
    # text must be refused, not resolved against the crawl clock.
    "PARSERS": ["absolute-time", "custom-formats"],
    # "August 2025" must not be completed with today's day of month.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    # RETURN_AS_TIMEZONE_AWARE is left unset on purpose: dateparser then
    # returns an aware datetime only when the text carries a zone, keeping
    # the published offset, and a naive one otherwise (we assume UTC),
    # independent of the machine's local time zone.
}


def _to_iso(value: datetime) -> str | None:
    """ISO 8601 with offset, seconds precision; naive means UTC."""
    if value.year < MIN_YEAR:
        return None
    offset = value.utcoffset()
    tz = timezone.utc if offset is None else timezone(offset)
    return value.replace(tzinfo=tz, microsecond=0).isoformat(timespec="seconds")


# The stdlib RFC 2822 parser is lenient in dangerous ways: it reads
# "9:14 PM" as 09:14 and silently drops zones it does not know ("WAT"), so it
# only gets strings that really are feed dates; everything else goes to
# dateparser.
_RFC2822_RE = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:[+-]\d{4}|UT|GMT|Z|[ECMP][SD]T))?$"
)


def _parse_date_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if _RFC2822_RE.match(text):
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    if len(text) > _MAX_DATE_TEXT:
        return None
    try:
        return dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except (TypeError, ValueError, OverflowError):
        return None


def parse_date(value: Any) -> str | None:
    """Parse a published/modified date into ISO 8601 with UTC offset, or None.

    Accepts ISO 8601 (Z, offsets, fractions, date-only), RFC 822/2822 feed
    dates, ``datetime``/``date`` objects and absolute human forms
    ("August 21, 2025").  The published offset is kept ("+01:00"); "Z"
    becomes "+00:00"; naive values are assumed to be UTC.  Relative text
    ("3 weeks ago", "yesterday"), incomplete dates, garbage and years before
    1990 give None: a wrong date is worse than a missing one.
    """
    if isinstance(value, datetime):
        return _to_iso(value)
    if isinstance(value, date):
        return _to_iso(datetime.combine(value, time()))
    text = clean_text(value)
    if text is None or is_relative_time(text):
        return None
    parsed = _parse_date_text(text)
    return _to_iso(parsed) if parsed is not None else None


# --------------------------------------------------------------------------
# Language, URLs
# --------------------------------------------------------------------------

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def normalize_language(value: Any) -> str | None:
    """Normalize a BCP 47-ish tag: "en_us" → "en-US", "EN" → "en"; junk → None.

    Case follows BCP 47 conventions: language lower, 4-letter script title
    case, 2-letter/3-digit region upper, anything else lower.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = text.replace("_", "-")
    if not _LANGUAGE_RE.match(text):
        return None
    primary, *subtags = text.split("-")
    parts = [primary.lower()]
    for subtag in subtags:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            parts.append(subtag.upper())
        else:
            parts.append(subtag.lower())
    return "-".join(parts)


_URL_JUNK_RE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL


def clean_url(value: Any, base_url: str | None = None) -> str | None:
    """Absolute http(s) URL or None.

    Strips whitespace, resolves relative references against ``base_url``
    (if given) and rejects other schemes (mailto:, javascript:, data:) and
    anything still relative.
    """
    if not isinstance(value, str):
        return None
    url = _URL_JUNK_RE.sub("", value).strip()
    if not url:
        return None
    try:
        if isinstance(base_url, str) and base_url.strip() and not urlsplit(url).scheme:
            url = urljoin(base_url.strip(), url)
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1" (bad IPv6 literal)
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _clean_url_in_context(value: Any, loader_context: Mapping[str, Any]) -> str | None:
    """Adapter: read ``base_url`` from the loader context (may be absent)."""
    return clean_url(value, loader_context.get("base_url"))


# --------------------------------------------------------------------------
# Derived fields (computed elsewhere, defined here so everyone agrees)
# --------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


def join_body(paragraphs: Iterable[str] | None) -> str:
    """The article body: non-empty paragraphs joined by a blank line."""
    return "\n\n".join(p for p in paragraphs or () if p)


def count_words(text: str | None) -> int:
    """Number of Unicode ``\\w+`` tokens (so "Bar’s" counts as two)."""
    return _WORD_RE.subn("", text or "")[1]  # counts without building the list of words


def content_sha256(title: str | None, body: str | None) -> str:
    """Hex SHA-256 of UTF-8 ``title + "\\n\\n" + body`` (None counts as "")."""
    payload = f"{title or ''}\n\n{body or ''}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------


class ArticleLoader(ItemLoader):
    """Loads article dicts; add candidates in priority order, first valid wins.

    Context keys: ``site_names`` (list of names stripped from title
    suffixes) and ``base_url`` (for resolving relative URLs); both optional.
    """

    default_item_class = dict
    default_input_processor = Identity()
    default_output_processor = TakeFirst()

    url_in = MapCompose(_clean_url_in_context)
    canonical_url_in = MapCompose(_clean_url_in_context)

    site_in = MapCompose(clean_text)

    title_in = MapCompose(clean_text, _strip_title_suffix)

    authors_in = MapCompose(
        clean_text,
        strip_byline_prefix,
        split_authors,
        strip_byline_prefix,
        clean_text,
        filter_person_name,
    )
    authors_out = Compose(dedupe, none_if_empty)

    captions_in = MapCompose(clean_text)
    captions_out = Compose(dedupe, none_if_empty)

    lead_image_in = Identity()
    lead_image_out = TakeFirst()

    body_paragraphs_in = MapCompose(clean_text)
    body_paragraphs_out = Compose(drop_boilerplate, dedupe_paragraphs, none_if_empty)

    published_at_in = MapCompose(parse_date)
    modified_at_in = MapCompose(parse_date)

    section_in = MapCompose(clean_text)
    tags_in = MapCompose(clean_text)
    tags_out = Compose(dedupe, none_if_empty)

    language_in = MapCompose(normalize_language)

"""Arc XP pages: the story as the CMS stored it (ANS), read from ``Fusion.globalContent``.

Arc XP (Fusion) front ends render with styled-components whose class names are hashes that
change on every deploy, but every page also ships the story itself as JSON in
``<script id="fusion-metadata">…Fusion.globalContent={…};Fusion.globalContentConfig=…``.
That JSON is the CMS's own data (Arc Native Specification): headline, ``credits.by``,
``content_elements`` (text, header, list, image with caption and credits), dates, taxonomy.
:func:`fusion_article` turns it into extraction candidates for the chain
(``SiteRules.content_source``), so markup churn does not touch the extracted fields.
"""

from __future__ import annotations

import json
import re

from parsel import Selector

MARKER = re.compile(r"Fusion\.globalContent\s*=\s*")
_DECODER = json.JSONDecoder(strict=False)


def global_content(sel: Selector) -> dict | None:
    """The ``Fusion.globalContent`` object of a page, or None (absent or not valid JSON)."""
    for script in sel.xpath("//script[contains(., 'Fusion.globalContent')]/text()").getall():
        match = MARKER.search(script)
        if not match:
            continue
        try:
            data, _ = _DECODER.raw_decode(script, match.end())
        except ValueError:
            continue  # another script mentioning it, or a truncated object
        if isinstance(data, dict):
            return data
    return None


def _html_text(fragment) -> str:
    """Plain text of an ANS ``content`` string (it holds inline HTML: links, <b>, entities)."""
    if not isinstance(fragment, str) or not fragment.strip():
        return ""
    return "".join(Selector(text=f"<div>{fragment}</div>").xpath("//div//text()").getall())


def _credit(element: dict) -> str | None:
    """"Name/Affiliation" of an image from its ``credits`` (how Arc sites print photo credits)."""
    credits = element.get("credits") or {}
    names = [c.get("byline") or c.get("name") for c in credits.get("by") or [] if isinstance(c, dict)]
    orgs = [c.get("name") for c in credits.get("affiliation") or [] if isinstance(c, dict)]
    names, orgs = [n for n in names if n], [o for o in orgs if o and o not in names]
    text = "/".join(filter(None, (", ".join(names), ", ".join(orgs))))
    return text or None


def _image(element: dict) -> dict | None:
    if not isinstance(element, dict) or element.get("type") != "image" or not element.get("url"):
        return None
    return {"url": element["url"], "caption": element.get("caption") or None, "credit": _credit(element)}


def _paragraphs(elements) -> tuple[list[str], list[str]]:
    """Texts of text/header/list elements and captions of inline images, in story order."""
    paragraphs, captions = [], []
    for element in elements or []:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind in ("text", "header"):
            paragraphs.append(_html_text(element.get("content")))
        elif kind == "list":
            inner, _ = _paragraphs(element.get("items"))
            paragraphs.extend(inner)
        elif kind == "image" and element.get("caption"):
            captions.append(element["caption"])
        elif kind == "quote" and element.get("subtype") != "pullquote":  # a pull quote repeats the body
            inner, inner_captions = _paragraphs(element.get("content_elements"))
            paragraphs.extend(inner)
            captions.extend(inner_captions)
        # raw_html, oembed_response, interstitial_link, custom_embed, correction: not the article's text
    return paragraphs, captions


def _authors(story: dict) -> list[str]:
    """Names in ``credits.by``; wire entries stay here and are dropped by the loader's agency rule."""
    names = []
    for entry in (story.get("credits") or {}).get("by") or []:
        if isinstance(entry, dict) and entry.get("name"):
            names.append(entry.get("name"))
        elif isinstance(entry, str):
            names.append(entry)
    return names


def ans_article(story: dict) -> dict:
    """Extraction candidates (raw, normalized later by the loader) from an ANS story."""
    if story.get("type") != "story":
        return {}
    promo_items = story.get("promo_items") or {}
    promo = _image(promo_items.get("basic")) or _image(promo_items.get("lead_art"))
    paragraphs, captions = _paragraphs(story.get("content_elements"))
    if promo and promo["caption"]:
        captions.insert(0, promo["caption"])
    taxonomy = story.get("taxonomy") or {}
    section = (taxonomy.get("primary_section") or {}).get("name")
    return {
        "title": (story.get("headlines") or {}).get("basic"),
        "authors": _authors(story),
        "body_paragraphs": paragraphs,
        "captions": captions,
        "lead_image": promo,
        "published_at": story.get("first_publish_date") or story.get("display_date"),
        "modified_at": story.get("last_updated_date"),
        "section": [section] if section else [],
        "tags": [t.get("text") for t in taxonomy.get("tags") or [] if isinstance(t, dict) and t.get("text")],
    }


def fusion_article(sel: Selector) -> dict:
    """``SiteRules.content_source`` for Arc XP sites: candidates from Fusion.globalContent."""
    story = global_content(sel)
    return ans_article(story) if story else {}

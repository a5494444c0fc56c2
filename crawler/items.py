"""The article schema. ``crawler/schema/article.schema.json`` is its contract for consumers.

Bump ``SCHEMA_VERSION`` when a field changes meaning or shape; readers map older versions.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "article.schema.json"

ARTICLE_FIELDS = (
    "schema_version", "url", "canonical_url", "site", "title", "authors", "captions",
    "lead_image", "body", "body_paragraphs", "published_at", "modified_at", "section", "tags",
    "language", "word_count", "crawled_at", "content_sha256", "warc",
)
# Fields whose absence is counted in the stats (``article/missing/<field>``).
TRACKED_FIELDS = ("title", "authors", "captions", "body", "published_at", "modified_at",
                  "lead_image", "section", "language")


@lru_cache(maxsize=1)
def article_schema() -> dict:
    # Through importlib.resources: the package may run from a zipped egg (Scrapyd).
    return json.loads(files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8"))

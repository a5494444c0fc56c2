"""Map articles written under an older ``schema_version`` to the current schema.

JSON lines are never rewritten: a crawl from last year keeps the shape it was written in, and
readers upgrade each line as they read it. When ``SCHEMA_VERSION`` becomes N+1, register one
function that turns a version-N article into a version-N+1 one::

    @upgrades.register(1)
    def v1_to_v2(article: dict) -> dict: ...

:func:`to_current` chains them (v1 → v2 → … → current) and then fills optional fields a line
does not carry with their empty value (null or []), so every row has every current field.
No upgrade is registered yet: version 1 is the first published schema.
"""

from __future__ import annotations

from typing import Callable

from crawler.items import ARTICLE_FIELDS, SCHEMA_VERSION, article_schema

Upgrade = Callable[[dict], dict]


class SchemaVersionError(ValueError):
    """A line this reader cannot map (unknown, newer or missing version)."""


class Upgrades:
    """Registry of one-step upgrades, keyed by the version they start from."""

    def __init__(self):
        self.steps: dict[int, Upgrade] = {}

    def register(self, from_version: int):
        def decorator(func: Upgrade) -> Upgrade:
            self.steps[from_version] = func
            return func

        return decorator

    def to_current(self, article: dict) -> dict:
        version = article.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise SchemaVersionError(f"no integer schema_version (got {version!r})")
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"schema_version {version} is newer than this reader ({SCHEMA_VERSION}): upgrade the crawler package")
        while version < SCHEMA_VERSION:
            step = self.steps.get(version)
            if step is None:
                raise SchemaVersionError(f"no upgrade registered from schema_version {version}")
            article = step(dict(article))
            article["schema_version"] = version = version + 1
        return with_defaults(article)


def empty_value(spec: dict):
    """The value an absent optional field stands for: [] for arrays, else null."""
    kinds = spec.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return [] if "array" in kinds else None


def with_defaults(article: dict) -> dict:
    """The article with every current field present, in schema order."""
    schema = article_schema()
    missing = [name for name in schema["required"] if article.get(name) is None]
    if missing:
        raise SchemaVersionError(f"required field(s) missing: {', '.join(missing)}")
    properties = schema["properties"]
    return {name: article[name] if name in article else empty_value(properties[name]) for name in ARTICLE_FIELDS}


upgrades = Upgrades()
to_current = upgrades.to_current

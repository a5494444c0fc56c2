"""The article schema as Arrow types, derived from ``crawler/schema/article.schema.json``.

Deriving it (instead of writing it twice) keeps the Parquet snapshot in step with the JSON
contract when the schema grows. Rules: ``*_at`` fields are UTC timestamps, arrays of strings
are ``list<string>``, objects (``warc``, ``lead_image``) are structs, integers are int64;
required fields are non-nullable. Two columns are added by the export: ``crawl_id`` (the
crawl the row was read from) and ``article_key`` (what rows are de-duplicated and sorted by).
"""

from __future__ import annotations

from crawler.items import ARTICLE_FIELDS, article_schema

EXTRA_FIELDS = {
    "crawl_id": "Id of the crawl this row was read from (its folder and manifest in the archive).",
    "article_key": ("De-duplication key: canonical_url (else url) without scheme, www., tracking parameters "
                    "or trailing slash."),
}


def pa():
    """pyarrow, or a clear error saying how to get it."""
    try:
        import pyarrow
    except ImportError as exc:  # pragma: no cover - exercised by the command's message
        raise ImportError("pyarrow is needed for Parquet exports: pip install 'defense-news-crawler[dataset]'") from exc
    return pyarrow


def is_timestamp(name: str) -> bool:
    return name.endswith("_at")


def arrow_type(name: str, spec: dict):
    pyarrow = pa()
    kinds = spec.get("type", "string")
    kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k != "null"]
    kind = kinds[0] if kinds else "string"
    if "const" in spec and isinstance(spec["const"], int):
        return pyarrow.int64()
    if is_timestamp(name):
        return pyarrow.timestamp("us", tz="UTC")
    if kind == "integer":
        return pyarrow.int64()
    if kind == "number":
        return pyarrow.float64()
    if kind == "boolean":
        return pyarrow.bool_()
    if kind == "array":
        return pyarrow.list_(arrow_type(name, spec.get("items", {})))
    if kind == "object":
        required = set(spec.get("required", ()))
        return pyarrow.struct([
            pyarrow.field(child, arrow_type(child, sub), nullable=child not in required)
            for child, sub in spec.get("properties", {}).items()
        ])
    return pyarrow.string()


def article_arrow_schema():
    """Arrow schema of a snapshot row: the article fields in schema order, then the extras."""
    pyarrow = pa()
    schema = article_schema()
    required = set(schema["required"])
    fields = [
        pyarrow.field(name, arrow_type(name, schema["properties"][name]), nullable=name not in required)
        for name in ARTICLE_FIELDS
    ]
    fields += [pyarrow.field(name, pyarrow.string(), nullable=False) for name in EXTRA_FIELDS]
    return pyarrow.schema(fields)


def field_docs() -> list[tuple[str, str, str]]:
    """(column, Arrow type, meaning) for the dataset card, nested struct fields included."""
    schema = article_schema()
    arrow = article_arrow_schema()
    rows = []
    for field in arrow:
        spec = schema["properties"].get(field.name, {})
        rows.append((field.name, str(field.type), spec.get("description", EXTRA_FIELDS.get(field.name, ""))))
        for child, sub in spec.get("properties", {}).items():
            rows.append((f"{field.name}.{child}", str(arrow_type(child, sub)), sub.get("description", "")))
    return rows

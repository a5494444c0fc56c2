"""The per-crawl manifest: written last, it is the commit marker of a crawl.

A consumer that sees ``manifest.json`` can trust every file it lists is complete: the session
writes it only after every listed file was stored and verified.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pipelines.spool import ClosedFile

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def build_manifest(
    *,
    crawl_id: str,
    spider: str,
    site: str,
    prefix: str,
    started_at: datetime,
    finished_at: datetime,
    finish_reason: str,
    schema_version: int,
    files: list[ClosedFile],
    stats: dict,
    problems: list[str],
) -> dict:
    files = sorted(files, key=lambda f: f.key)
    return {
        "manifest_version": MANIFEST_VERSION,
        "crawl_id": crawl_id,
        "spider": spider,
        "site": site,
        "prefix": prefix,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "finish_reason": finish_reason,
        "schema_version": schema_version,
        "ok": not problems,
        "problems": problems,
        "counts": {
            "warc_files": sum(f.kind == "warc" for f in files),
            "warc_records": sum(f.records for f in files if f.kind == "warc"),
            "item_files": sum(f.kind == "items" for f in files),
            "items": sum(f.records for f in files if f.kind == "items"),
        },
        "files": [
            {"key": f.key, "kind": f.kind, "size": f.size, "sha256": f.sha256, "records": f.records}
            for f in files
        ],
        "stats": {k: stats[k] for k in sorted(stats)},
    }


def write_manifest(manifest: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=_jsonable)
    path.write_text(text + "\n", encoding="utf-8")

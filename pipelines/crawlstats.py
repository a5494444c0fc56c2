"""A crawl's stats as a stored file (``stats.json``) and as one summary line in the log.

The manifest embeds the stats too, but a separate file lets dashboards and ``jq`` read a
crawl's numbers without parsing the manifest, and it is listed (size, sha256) like any file.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from pipelines.spool import ClosedFile

STATS_NAME = "stats.json"


def write_stats(stats: dict, path: Path, key: str) -> ClosedFile:
    """Write the stats sorted by name; return the closed file, ready for the store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({k: stats[k] for k in sorted(stats)}, indent=2, ensure_ascii=False,
                      default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))
    data = (text + "\n").encode("utf-8")
    path.write_bytes(data)
    return ClosedFile(path, key, len(data), hashlib.sha256(data).hexdigest(), len(stats), "stats")


def by_suffix(stats: dict, prefix: str) -> dict[str, int]:
    """``{"body_paragraphs": 18}`` from ``article/fallback/body_paragraphs: 18``."""
    return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def drops(stats: dict) -> dict[str, int]:
    """Drops by reason: the spider's ``article/dropped/*`` and Scrapy's pipeline drops."""
    found = by_suffix(stats, "article/dropped/")
    for reason, n in by_suffix(stats, "item_dropped_reasons_count/").items():
        if reason != "DropItem" or not found:  # our DropItems are already counted by reason
            found[reason] = found.get(reason, 0) + n
    return found


def summary_fields(stats: dict, items: int, duration: float) -> dict:
    """The numbers an operator reads first, in the order of the summary line."""
    return {
        "pages": stats.get("downloader/response_count", 0),
        "articles": items,
        "bytes_archived": stats.get("archive/warc_bytes", 0) + stats.get("archive/items_bytes", 0),
        "duration_s": round(duration, 1),
        "drops": drops(stats),
        "fallbacks": by_suffix(stats, "article/fallback/"),
        "missing": by_suffix(stats, "article/missing/"),
    }


def format_counts(counts: dict[str, int]) -> str:
    return ",".join(f"{k}={v}" for k, v in counts.items()) or "none"

"""Snapshots: the latest version of every article as Parquet, partitioned by site and month.

``OUT/data/{site}/{yyyy-mm}.parquet`` holds the articles whose ``published_at`` falls in that
month (UTC), or, without a publication date, whose ``crawled_at`` does. Rows are sorted by
``article_key`` and written with fixed names and writer options, so the same input gives
byte-identical files (for a given pyarrow version) and snapshots diff cleanly.

Incremental: ``OUT/export-state.json`` keeps, per partition, a hash of its rows' *content*
(every field except the capture fields ``crawled_at``, ``warc`` and ``crawl_id``). A partition
whose content hash is unchanged is not rewritten: re-crawling an unchanged article does not
touch its file, which keeps pointing at an earlier, byte-for-byte equivalent capture.
``full=True`` rewrites every partition from the newest captures.

Rows are spilled to one temporary JSON lines file per partition while the archive is
streamed, so memory holds one partition at a time, never the whole archive.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crawler.items import SCHEMA_VERSION
from pipelines.arrow_schema import article_arrow_schema, is_timestamp, pa
from pipelines.dataset import DatasetReader, article_key, parse_time
from pipelines.store import file_digest

logger = logging.getLogger(__name__)

STATE_NAME = "export-state.json"
CARD_NAME = "README.md"
DATA_DIR = "data"
CAPTURE_FIELDS = ("crawled_at", "warc", "crawl_id")
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 9, "write_statistics": True,
                   "row_group_size": 50_000, "use_dictionary": True}


class ExportError(Exception):
    """Nothing sensible to export; the message says why."""


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rows: int = 0
    stats: Counter = field(default_factory=Counter)


def partition_of(article: dict) -> str:
    """``data/{site}/{yyyy-mm}.parquet``: publication month, else crawl month (UTC)."""
    when = parse_time(article.get("published_at") or article["crawled_at"])
    return f"{DATA_DIR}/{article['site']}/{when:%Y-%m}.parquet"


def content_digest(rows: list[dict]) -> str:
    """Hash of what the rows say, not of when and where they were captured."""
    h = hashlib.sha256()
    for row in rows:
        content = {k: v for k, v in row.items() if k not in CAPTURE_FIELDS}
        h.update(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def arrow_row(row: dict) -> dict:
    return {k: parse_time(v) if is_timestamp(k) and v is not None else v for k, v in row.items()}


def write_parquet(rows: list[dict], path: Path) -> None:
    """One partition file, written beside its place and renamed in (readers never see half)."""
    pyarrow, schema = pa(), article_arrow_schema()
    import pyarrow.parquet as pq

    schema = schema.with_metadata({"schema_version": str(SCHEMA_VERSION)})
    table = pyarrow.Table.from_pylist([arrow_row(r) for r in rows], schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")  # hidden: readers of data/ skip dot files
    pq.write_table(table, partial, **PARQUET_OPTIONS)
    os.replace(partial, path)


class Spill:
    """Temporary per-partition JSON lines files, so the archive is streamed once.

    At most ``max_open`` files are open at a time (sites x months can exceed the process's
    file limit); the others are reopened for appending when needed.
    """

    def __init__(self, folder: Path, max_open: int = 128):
        self.folder = folder
        self.max_open = max_open
        self.paths: dict[str, Path] = {}
        self.handles: dict[str, object] = {}

    def add(self, partition: str, row: dict) -> None:
        fh = self.handles.get(partition)
        if fh is None:
            if len(self.handles) >= self.max_open:
                self.close()
            path = self.paths.setdefault(partition, self.folder / f"{len(self.paths):06d}.jsonl")
            fh = self.handles[partition] = open(path, "a", encoding="utf-8")
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        for fh in self.handles.values():
            fh.close()
        self.handles.clear()

    def partitions(self):
        """(partition, rows sorted by article_key), one partition in memory at a time."""
        self.close()
        for partition in sorted(self.paths):
            with open(self.paths[partition], encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh]
            yield partition, sorted(rows, key=lambda r: r["article_key"])


def load_state(out: Path) -> dict:
    path = out / STATE_NAME
    if not path.is_file():
        return {"partitions": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        logger.warning("Ignoring unreadable %s: every partition is rewritten", path)
        return {"partitions": {}}


def write_json(path: Path, data: dict) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)


def export_snapshot(uri, out, site: str | None = None, full: bool = False) -> ExportReport:
    """Write (or bring up to date) the snapshot of store ``uri`` in folder ``out``."""
    from pipelines.card import write_card

    pa()  # fail before reading anything when pyarrow is missing
    reader = DatasetReader(uri, site=site)
    if not reader.crawls():
        raise ExportError(f"no committed crawl{' of ' + site if site else ''} in {reader.store}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    old = load_state(out)["partitions"]
    state: dict[str, dict] = {}
    report = ExportReport()
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        spill = Spill(Path(tmp))
        for article in reader.articles(latest=True):
            article["article_key"] = article_key(article)
            spill.add(partition_of(article), article)
        for partition, rows in spill.partitions():
            state[partition] = entry = {"rows": len(rows), "content_sha256": content_digest(rows)}
            path = out / partition
            before = old.get(partition, {})
            if not full and before.get("content_sha256") == entry["content_sha256"] and path.is_file() \
                    and file_digest(path).sha256 == before.get("file_sha256"):
                state[partition] = before
                report.unchanged.append(partition)
                continue
            write_parquet(rows, path)
            entry["file_sha256"] = file_digest(path).sha256
            entry["crawls"] = dict(sorted(Counter(r["crawl_id"] for r in rows).items()))
            report.written.append(partition)
    for partition in sorted(set(old) - set(state)):
        (out / partition).unlink(missing_ok=True)
        report.removed.append(partition)
    report.rows = sum(e["rows"] for e in state.values())
    report.stats = reader.stats
    write_json(out / STATE_NAME, {"schema_version": SCHEMA_VERSION, "source": str(reader.store),
                                  "partitions": dict(sorted(state.items()))})
    write_card(out / CARD_NAME, reader, state)
    return report

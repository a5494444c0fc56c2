"""A sorted CDXJ index next to every closed WARC file.

Built right after a WARC file is closed, from the closed file, with cdxj-indexer (the
Webrecorder indexer pywb and py-wacz use): its external merge sort keeps memory bounded by
``SORT_BUFFER`` whatever the file size, and Python's string order on these ASCII lines is byte
order, so ``LC_ALL=C sort -c`` passes. The index lands under ``{crawl prefix}indexes/`` as
``NAME.cdxj`` and is stored and listed in the manifest (kind ``cdxj``) like any other file.
"""

from __future__ import annotations

import os
from pathlib import Path

from cdxj_indexer.main import write_cdx_index

from pipelines import warcio_compat  # noqa: F401  (br records readable)
from pipelines.spool import OPEN_SUFFIX, ClosedFile, RollingFile
from pipelines.store import file_digest

# Lines kept in memory before a sorted run is spilled to a temporary file.
SORT_BUFFER = 16 * 1024 * 1024
# Records a replay looks up by URL; metadata records explain, they are not replayed.
INDEXED_RECORDS = "response,revisit,resource"


def index_key_prefix(warc_key_prefix: str) -> str:
    """``…/{crawl_id}/warc/`` → ``…/{crawl_id}/indexes/``."""
    base = warc_key_prefix.rstrip("/")
    parent = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
    return parent + "indexes/"


def write_cdxj(warc_path: Path, cdxj_path: Path, filename: str) -> int:
    """Index one WARC file into a sorted CDXJ file; return the number of lines."""
    partial = cdxj_path.with_name(cdxj_path.name + OPEN_SUFFIX)
    partial.parent.mkdir(parents=True, exist_ok=True)
    write_cdx_index(str(partial), [str(warc_path)], {
        "sort": True, "post_append": True, "max_sort_buff_size": SORT_BUFFER,
        "filename": filename, "records": INDEXED_RECORDS,
    })
    with open(partial, "rb") as fh:
        lines = sum(1 for _ in fh)
    os.replace(partial, cdxj_path)
    return lines


class CdxjIndexer:
    """Sits between a WARC RollingFile and its ``on_close``: the WARC, then its index."""

    def __init__(self, rolling: RollingFile):
        self.rolling = rolling
        self.downstream = rolling.on_close
        rolling.on_close = self.closed
        self.key_prefix = index_key_prefix(rolling.key_prefix)

    def closed(self, warc: ClosedFile) -> None:
        name = warc.key.rsplit("/", 1)[-1]
        key = self.key_prefix + name.removesuffix(".warc.gz").removesuffix(".warc") + ".cdxj"
        path = self.rolling.spool_dir / key
        lines = write_cdxj(warc.path, path, name)  # before the WARC leaves the spool
        digest = file_digest(path)
        self.downstream(warc)
        self.downstream(ClosedFile(path, key, digest.size, digest.sha256, lines, "cdxj"))

"""Close what a killed crawl left open in the spool, keeping every complete record.

A crawl killed with SIGKILL (OOM killer, node lost) leaves its current files as ``NAME.open``.
Files it had already closed are complete and stored. For an open WARC, the records up to the
first incomplete one are kept (the file is cut there), the file is renamed to its final name
and indexed; for open JSON lines, every complete line is kept in a fresh gzip file. Partial
indexes are deleted (they are rebuilt from their WARC). Nothing complete is thrown away.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.cdxj import index_key_prefix, write_cdxj
from pipelines.spool import OPEN_SUFFIX
from pipelines.warcscan import Damage, Member, scan

logger = logging.getLogger(__name__)


@dataclass
class Recovered:
    path: Path
    records: int
    dropped_bytes: int
    note: str


def recover_warc(open_path: Path) -> Recovered:
    """Cut an open ``.warc.gz`` after its last complete record, close it and index it."""
    size = open_path.stat().st_size
    end, records, note = 0, 0, "complete"
    with open(open_path, "rb") as fh:
        for part in scan(fh, resync=False):
            if isinstance(part, Damage):
                note = f"cut at offset {part.offset}: {part.reason}"
                break
            assert isinstance(part, Member)
            end, records = part.offset + part.length, records + 1
    with open(open_path, "r+b") as fh:
        fh.truncate(end)
        os.fsync(fh.fileno())
    final = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
    os.replace(open_path, final)
    warc_dir = final.parent
    index_dir = warc_dir.parent / index_key_prefix(warc_dir.name + "/")
    write_cdxj(final, index_dir / final.name.replace(".warc.gz", ".cdxj"), final.name)
    return Recovered(final, records, size - end, note)


def recover_jsonl(open_path: Path) -> Recovered:
    """Keep every complete line of an open ``.jsonl.gz`` (its gzip stream has no end)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = b""
    note = "complete"
    with open(open_path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                data += inflater.decompress(chunk)
            except zlib.error as exc:
                note = f"damaged gzip data: {exc}"
                break
    complete = data[: data.rfind(b"\n") + 1]
    final = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
    partial = final.with_name(final.name + ".recovering")
    with gzip.GzipFile(partial, "wb", mtime=0) as out:
        out.write(complete)
    os.replace(partial, final)
    open_path.unlink()
    return Recovered(final, complete.count(b"\n"), len(data) - len(complete), note)


def recover_spool(spool: Path) -> list[Recovered]:
    """Close every open file under ``spool``; return what was recovered."""
    out = []
    for open_path in sorted(spool.rglob("*" + OPEN_SUFFIX)):
        name = open_path.name.removesuffix(OPEN_SUFFIX)
        if name.endswith(".warc.gz"):
            result = recover_warc(open_path)
        elif name.endswith(".jsonl.gz"):
            result = recover_jsonl(open_path)
        else:  # a partial index or manifest: rebuilt, not recovered
            open_path.unlink()
            logger.info("Removed partial %s", open_path)
            continue
        logger.info("Recovered %s: %d complete records kept, %d bytes dropped (%s)",
                    result.path, result.records, result.dropped_bytes, result.note)
        out.append(result)
    return out


class LeftoverCheck:
    """Extension: at crawl start, say so when the spool holds files a killed crawl left open.

    It only warns (``archive/spool/left_open``): a crawl sharing the spool may still be
    writing them, so closing them is ``scrapy recover``'s job, run when no crawl is.
    """

    def __init__(self, crawler):
        from scrapy import signals

        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        spool = Path(self.crawler.settings.get("ARCHIVE_SPOOL_DIR"))
        left = sorted(spool.rglob("*" + OPEN_SUFFIX)) if spool.is_dir() else []
        if left:
            self.crawler.stats.set_value("archive/spool/left_open", len(left))
            logger.warning("%d file(s) left open in the spool by a killed (or still running) crawl, e.g. %s: "
                           "run `scrapy recover %s` when no crawl is running", len(left), left[0], spool)

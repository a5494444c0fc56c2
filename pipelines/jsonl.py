"""JSON lines: one article per line, gzip-compressed, rolled over by item count."""

from __future__ import annotations

import gzip
import json

from pipelines.spool import HashingFile, RollingFile


class JsonLinesWriter:
    """Writes dicts as UTF-8 JSON lines into rolling ``.jsonl.gz`` spool files."""

    def __init__(self, rolling: RollingFile):
        self.rolling = rolling
        self.gzip: gzip.GzipFile | None = None
        rolling.start = self._start_file
        rolling.finish = self._finish_file

    def _start_file(self, fh: HashingFile, name: str) -> None:
        # mtime=0 keeps the bytes a function of the content alone.
        # Level 6, not GzipFile's 9: same size on article text, ~25% less CPU per item (bench/).
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=6)

    def _finish_file(self, fh: HashingFile) -> None:
        self.gzip.close()
        self.gzip = None

    def write(self, item: dict) -> None:
        self.rolling.current()
        line = json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)
        self.gzip.write(line.encode("utf-8") + b"\n")
        self.rolling.written(1)

    def close(self) -> None:
        self.rolling.close()


class JsonLinesPipeline:
    """Item pipeline: every article that passed validation becomes one JSON line."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        from pipelines.session import ArchiveSession

        session = ArchiveSession.of(self.crawler)
        session.items.write(dict(item))
        self.crawler.stats.inc_value("archive/items_written")
        return item

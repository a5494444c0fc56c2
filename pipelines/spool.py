"""The spool: local files being written, closed by size or count, then handed on.

A file is ``NAME.open`` while written and renamed to ``NAME`` when closed, so a reader (or the
next run) never mistakes a half-written file for a finished one. The spool mirrors the store's
key layout, so a leftover file's key is its path relative to the spool.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

OPEN_SUFFIX = ".open"


@dataclass
class ClosedFile:
    """A finished spool file and what the manifest needs to know about it."""

    path: Path
    key: str
    size: int
    sha256: str
    records: int
    kind: str


class HashingFile:
    """A write-only file that keeps its size and sha256 as it goes (no second read).

    Each ``write`` is all or nothing: the file is unbuffered, and when the OS refuses part of a
    write (disk full, file size limit) the file is cut back to its last complete write before
    the error propagates, so a failed record never leaves a torn tail behind.
    """

    def __init__(self, path: Path):
        self._fh = open(path, "xb", buffering=0)
        self._sha = hashlib.sha256()
        self._pos = 0

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        try:
            while view:
                view = view[self._fh.write(view):]
        except OSError:
            os.ftruncate(self._fh.fileno(), self._pos)
            self._fh.seek(self._pos)
            raise
        self._sha.update(data)
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass  # unbuffered: every write is already with the OS

    def close(self) -> None:
        os.fsync(self._fh.fileno())
        self._fh.close()

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()


def iipc_name(prefix: str, serial: int, extension: str, when: datetime | None = None) -> str:
    """IIPC-style name: ``{prefix}-{YYYYmmddHHMMSSfff}-{serial:05d}-{host}{extension}``."""
    when = when or datetime.now(timezone.utc)
    stamp = when.strftime("%Y%m%d%H%M%S") + f"{when.microsecond // 1000:03d}"
    host = socket.gethostname().split(".")[0] or "localhost"
    return f"{prefix}-{stamp}-{serial:05d}-{host}{extension}"


class RollingFile:
    """Appends records to one open spool file at a time and rolls over by size or count.

    ``start`` is called with each new file (to write a header record, e.g. warcinfo),
    ``finish`` just before a file is closed (to end a compressed stream);
    ``on_close`` receives each :class:`ClosedFile`.

    Sealing a closed file (fsync, rename, ``on_close``: a CDXJ index of a 1 GB WARC takes tens
    of seconds) runs through ``background(job, key)`` when given, so a rollover never holds the
    reactor; ``background`` must run jobs one at a time, in order, and report a failing one.
    """

    def __init__(
        self,
        spool_dir: Path,
        key_prefix: str,
        name_prefix: str,
        extension: str,
        kind: str,
        on_close: Callable[[ClosedFile], None],
        start: Callable[[HashingFile, str], None] | None = None,
        finish: Callable[[HashingFile], None] | None = None,
        max_bytes: int | None = None,
        max_records: int | None = None,
        background: Callable[[Callable[[], None], str], None] | None = None,
    ):
        self.spool_dir = Path(spool_dir)
        self.key_prefix = key_prefix
        self.name_prefix = name_prefix
        self.extension = extension
        self.kind = kind
        self.on_close = on_close
        self.start = start
        self.finish = finish
        self.max_bytes = max_bytes
        self.max_records = max_records
        self.background = background
        self.serial = 0
        self.file: HashingFile | None = None
        self.name: str | None = None
        #: the open file's store key, made once per file (every record's pointer holds it)
        self.key: str | None = None
        self.records = 0

    def current(self) -> HashingFile:
        """The open file, opening a new one if needed."""
        if self.file is None:
            self.serial += 1
            self.name = iipc_name(self.name_prefix, self.serial, self.extension)
            self.key = f"{self.key_prefix}{self.name}"
            path = self.spool_dir / (self.key + OPEN_SUFFIX)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.file = HashingFile(path)
            self.records = 0
            if self.start:
                self.start(self.file, self.name)
        return self.file

    def room(self) -> int | None:
        """Records the open file takes before it rolls over by count (None: no count limit)."""
        return self.max_records - self.records if self.max_records else None

    def written(self, records: int = 1) -> None:
        """Count records just written and roll over when a limit is reached."""
        self.records += records
        full_by_size = self.max_bytes and self.file.tell() >= self.max_bytes
        full_by_count = self.max_records and self.records >= self.max_records
        if full_by_size or full_by_count:
            self.close()

    def close(self) -> None:
        if self.file is None:
            return
        fh, self.file = self.file, None
        if self.finish:
            self.finish(fh)
        job = functools.partial(self._seal, fh, self.key, self.records)
        if self.background is None:
            job()
        else:
            self.background(job, self.key)

    def _seal(self, fh: HashingFile, key: str, records: int) -> None:
        fh.close()
        final = self.spool_dir / key
        os.replace(final.with_name(final.name + OPEN_SUFFIX), final)
        self.on_close(ClosedFile(final, key, fh.tell(), fh.sha256, records, self.kind))

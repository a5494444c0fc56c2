"""Walk a ``.warc.gz`` file member by member, checking each record, to find where it breaks.

Our WARC files hold one gzip member per record, so a member that inflates completely, parses
as a WARC record whose block has its declared ``Content-Length`` and matches its
``WARC-Block-Digest`` is a complete record, and the first member that does not is where the
file was cut or damaged. Replay, ``scrapy recover`` and verification use this to say which
file and offset are bad and to go on with the rest. Memory: one record at a time.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO, Iterator

from pipelines import warcio_compat  # noqa: F401  (br records readable)
from warcio.archiveiterator import ArchiveIterator

CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class Member:
    """One complete, checked record: where it is and its uncompressed bytes."""

    offset: int
    length: int
    data: bytes

    def record(self):
        """The record parsed by warcio (payload readable once)."""
        return next(iter(ArchiveIterator(BytesIO(self.data))))


@dataclass
class Damage:
    """Where a file stops being readable, and why (resumed at ``resumed_at`` if not None)."""

    offset: int
    reason: str
    resumed_at: int | None = None


def check_record(data: bytes) -> str | None:
    """Why these bytes are not one complete WARC record, or None when they are."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"WARC/"):
        return "not a WARC record header"
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip()
    try:
        length = int(fields[b"content-length"])
    except (KeyError, ValueError):
        return "no valid Content-Length"
    block = rest[:length]
    if len(block) < length:
        return f"block cut short ({len(block)} of {length} bytes)"
    digest = fields.get(b"warc-block-digest", b"")
    if digest.lower().startswith(b"sha1:"):
        actual = base64.b32encode(hashlib.sha1(block).digest())
        if actual != digest[5:].upper():
            return "WARC-Block-Digest mismatch"
    return None


def _inflate_member(fh: BinaryIO, buf: bytes, offset: int) -> tuple[bytes, int, bytes]:
    """Inflate the member starting at ``offset`` (``buf`` already read); return data, end, rest."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = []
    pos = offset
    while True:
        if not buf:
            buf = fh.read(CHUNK)
            if not buf:
                raise ValueError("gzip member cut short (file truncated?)")
        try:
            out.append(inflater.decompress(buf))
        except zlib.error as exc:
            raise ValueError(f"bad gzip data: {exc}") from None
        if inflater.eof:
            rest = inflater.unused_data
            return b"".join(out), pos + len(buf) - len(rest), rest
        pos += len(buf)
        buf = b""


def _starts_record(fh: BinaryIO, pos: int) -> bool:
    """A gzip member starts at ``pos`` and inflates to a WARC record header.

    Magic bytes alone are not enough: a record with an already-gzipped payload is stored
    (:mod:`pipelines.warc`), so the payload's own gzip header sits verbatim inside it."""
    fh.seek(pos)
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(4096), 5) == b"WARC/"
    except zlib.error:
        return False


def _resync(fh: BinaryIO, after: int) -> int | None:
    """Offset of the next record's gzip member after ``after``, if any."""
    pos, tail = after + 1, b""
    while True:
        fh.seek(pos)
        chunk = fh.read(CHUNK)
        if not chunk:
            return None
        window = tail + chunk
        start = 0
        while (found := window.find(GZIP_MAGIC, start)) >= 0:
            candidate = pos - len(tail) + found
            if _starts_record(fh, candidate):
                return candidate
            start = found + 1
        tail = window[-(len(GZIP_MAGIC) - 1):]
        pos += len(chunk)


def scan(fh: BinaryIO, resync: bool = True) -> Iterator[Member | Damage]:
    """Yield each complete record as a :class:`Member`, and a :class:`Damage` where one is bad.

    With ``resync`` the walk goes on at the next gzip member header after damage, so the
    records after a corrupt one are still found; without it, it stops at the first damage.
    """
    fh.seek(0)
    offset, buf = 0, b""
    while True:
        if not buf:
            buf = fh.read(CHUNK)
            if not buf:
                return
        try:
            if not buf.startswith(GZIP_MAGIC[: len(buf)]):
                raise ValueError("no gzip member starts here")
            data, end, buf = _inflate_member(fh, buf, offset)
            problem = check_record(data)
            if problem:
                raise ValueError(problem)
        except ValueError as exc:
            resumed = _resync(fh, offset) if resync else None
            yield Damage(offset, str(exc), resumed)
            if resumed is None:
                return
            fh.seek(resumed)
            offset, buf = resumed, b""
            continue
        yield Member(offset, end - offset, data)
        offset = end

"""A sorted CDXJ index next to every closed WARC file.

The lines are made as the records are written, from what the writer already knows (offset,
member length, headers, digest), with cdxj-indexer's own rules (the Webrecorder indexer pywb
and py-wacz use): reading a closed file back to index it cost ~1 ms of CPU per page, mostly
inflating and spooling payloads that an index never looks at. While the WARC is written, what
each line says (:func:`index_fields`, header reads) is appended as a JSON array to
``NAME.cdxj.lines.open`` next to where the index will be (a buffered append: nothing in
memory, no SURT and no sort on the reactor); when the WARC is sealed, in the sealing thread,
each becomes its line (:func:`format_line`) and cdxj-indexer's ``SortingWriter`` sorts them
into the index with memory bounded by ``SORT_BUFFER`` whatever the file size. Python's
string order on these ASCII lines is byte order, so ``LC_ALL=C sort -c`` passes. A file the
writer could not index as it went (a record it cannot describe) and every file ``recover``
finishes (which removes a leftover lines file like any partial index) are indexed from the
file by cdxj-indexer itself (:func:`write_cdxj`). The index lands under
``{crawl prefix}indexes/`` as ``NAME.cdxj`` and is stored and listed in the manifest (kind
``cdxj``) like any other file.
"""

from __future__ import annotations

import json
import logging
import os
from io import BytesIO
from pathlib import Path
from typing import TextIO

import surt
from cdxj_indexer.main import CDXJIndexer, SortingWriter, write_cdx_index
from cdxj_indexer.postquery import append_method_query
from warcio.timeutils import iso_date_to_timestamp

from pipelines import warcio_compat  # noqa: F401  (br records readable)
from pipelines.spool import OPEN_SUFFIX, ClosedFile, RollingFile
from pipelines.store import file_digest

logger = logging.getLogger(__name__)

# Lines kept in memory before a sorted run is spilled to a temporary file.
SORT_BUFFER = 16 * 1024 * 1024
# The unsorted lines of a WARC being written, next to its index-to-be.
LINES_SUFFIX = ".lines" + OPEN_SUFFIX
# Records a replay looks up by URL; metadata records explain, they are not replayed.
INDEXED_RECORDS = "response,revisit,resource"
INDEXED_TYPES = frozenset(INDEXED_RECORDS.split(","))
# Methods whose body cdxj-indexer folds into the lookup key (its ``post_append``).
BODY_METHODS = ("POST", "PUT")


def index_key_prefix(warc_key_prefix: str) -> str:
    """``…/{crawl_id}/warc/`` → ``…/{crawl_id}/indexes/``."""
    base = warc_key_prefix.rstrip("/")
    parent = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
    return parent + "indexes/"


def _partial(cdxj_path: Path) -> Path:
    partial = cdxj_path.with_name(cdxj_path.name + OPEN_SUFFIX)
    partial.parent.mkdir(parents=True, exist_ok=True)
    return partial


def _finish(partial: Path, cdxj_path: Path) -> int:
    with open(partial, "rb") as fh:
        lines = sum(1 for _ in fh)
    os.replace(partial, cdxj_path)
    return lines


def write_cdxj(warc_path: Path, cdxj_path: Path, filename: str) -> int:
    """Index one WARC file, read back from disk, into a sorted CDXJ file; return the line count."""
    partial = _partial(cdxj_path)
    write_cdx_index(str(partial), [str(warc_path)], {
        "sort": True, "post_append": True, "max_sort_buff_size": SORT_BUFFER,
        "filename": filename, "records": INDEXED_RECORDS,
    })
    return _finish(partial, cdxj_path)


def index_fields(record, offset: int, length: int, filename: str, request=None,
                 request_body: bytes = b"") -> tuple[str, str, dict] | None:
    """What ``record``'s index line says, read off a warcio record just serialized, or None.

    (key URL, ``WARC-Date``, the JSON block): the cheap part of a line, done as the record is
    written; :func:`format_line` does the rest (SURT, timestamp, JSON), later, off the reactor.
    ``request`` is the request record written with a response and ``request_body`` its payload:
    for POST and PUT the method and body go into the key, as cdxj-indexer's ``post_append``
    does. Raises ``ValueError`` for a record this cannot describe as cdxj-indexer would.
    """
    kind = record.rec_type
    if kind not in INDEXED_TYPES:
        return None
    headers, http = record.rec_headers, record.http_headers
    url = headers.get_header("WARC-Target-URI")
    entry = {"url": url}
    if kind == "revisit":
        mime = "warc/revisit"
    else:
        mime = (http.get_header("content-type") if http else None) if kind == "response" \
            else headers.get_header("content-type")
        if mime:  # as read back from the file: the header value stripped
            mime = CDXJIndexer.RE_SPACE.split(mime.strip(), 1)[0].strip()
    if mime is not None:
        entry["mime"] = mime
    if kind in ("response", "revisit") and http:
        entry["status"] = http.get_statuscode()
    digest = headers.get_header("WARC-Payload-Digest")
    if not digest:
        raise ValueError(f"no WARC-Payload-Digest on the {kind} record of {url}")
    entry.update(digest=digest, length=str(length), offset=str(offset), filename=filename)
    key_url = url
    method = request.http_headers.protocol if request is not None and request.http_headers else ""
    if kind == "response" and method.upper() in BODY_METHODS:
        if request.http_headers.get_header("Content-Encoding"):
            raise ValueError(f"a content-encoded {method} body for {url}")
        query, suffix = append_method_query(
            method, request.http_headers.get_header("Content-Type"),
            request.http_headers.get_header("Content-Length"), BytesIO(request_body),
            request.rec_headers.get_header("WARC-Target-URI"))
        key_url = request.rec_headers.get_header("WARC-Target-URI") + suffix
        entry.update(requestBody=query, method=method.upper())
    return key_url, headers.get_header("WARC-Date"), entry


def format_line(key_url: str, warc_date: str, entry: dict) -> str:
    """The CDXJ line, as cdxj-indexer writes it: SURT key, 14-digit timestamp, JSON block."""
    try:
        key = surt.surt(key_url)
    except Exception:  # cdxj-indexer falls back to the URL itself
        key = key_url
    return f"{key} {iso_date_to_timestamp(warc_date)} {json.dumps(entry)}\n"


class CdxjIndexer:
    """Sits between a WARC RollingFile and its ``on_close``: the WARC, then its index.

    The writer calls :meth:`begin` when it opens a file and :meth:`add` for every record it
    writes; :meth:`closed` runs when the file is sealed (possibly in a background thread,
    while the next file is being written) and sorts that file's lines into its index.
    """

    def __init__(self, rolling: RollingFile):
        self.rolling = rolling
        self.downstream = rolling.on_close
        rolling.on_close = self.closed
        self.key_prefix = index_key_prefix(rolling.key_prefix)
        # WARC key -> its open lines file; None once a record could not be indexed here
        self.pending: dict[str, TextIO | None] = {}

    def index_path(self, warc_key: str) -> Path:
        name = warc_key.rsplit("/", 1)[-1]
        return self.rolling.spool_dir / (self.key_prefix + name.removesuffix(".warc.gz").removesuffix(".warc") + ".cdxj")

    def begin(self, warc_key: str) -> None:
        path = self.index_path(warc_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pending[warc_key] = open(path.with_name(path.name + LINES_SUFFIX), "w", encoding="utf-8",
                                      buffering=64 * 1024)

    def add(self, warc_key: str, record, offset: int, length: int, filename: str, request=None,
            request_body: bytes = b"") -> None:
        lines = self.pending.get(warc_key)
        if lines is None:
            return
        try:
            fields = index_fields(record, offset, length, filename, request, request_body)
            if fields is not None:
                lines.write(json.dumps(fields) + "\n")
        except Exception as exc:
            logger.warning("%s will be indexed from the file at close: %s", filename, exc)
            self.pending[warc_key] = None
            self._discard(lines)

    @staticmethod
    def _discard(lines: TextIO) -> None:
        try:
            lines.close()
        except OSError:  # the write that failed (disk full) fails again on flush: nothing to keep
            pass
        Path(lines.name).unlink(missing_ok=True)

    def _sort(self, lines: TextIO, path: Path) -> int:
        """The lines file, made into lines and sorted into ``path`` (through its partial name)."""
        lines.close()
        partial = _partial(path)
        with open(lines.name, encoding="utf-8") as unsorted, open(partial, "w", encoding="utf-8") as out:
            sorter = SortingWriter(out, SORT_BUFFER)
            for fields in unsorted:
                sorter.write(format_line(*json.loads(fields)))
            sorter.flush()
        Path(lines.name).unlink()
        return _finish(partial, path)

    def closed(self, warc: ClosedFile) -> None:
        path = self.index_path(warc.key)
        lines = self.pending.pop(warc.key, None)
        if lines is None:
            count = write_cdxj(warc.path, path, warc.path.name)  # before the WARC leaves the spool
        else:
            count = self._sort(lines, path)
        digest = file_digest(path)
        key = path.relative_to(self.rolling.spool_dir).as_posix()
        self.downstream(warc)
        self.downstream(ClosedFile(path, key, digest.size, digest.sha256, count, "cdxj"))

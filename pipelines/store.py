"""Storage back ends: where finished files end up.

The store is the only module that knows whether the archive lives in a local folder or in an
S3-compatible bucket. Both use the same keys (``{site}/{yyyy}/{mm}/{dd}/{crawl_id}/...``), so a
consumer's code reads either. Writers never talk to a store directly: they close files in the
spool and the session hands them over with :meth:`Store.put`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import urlparse
from urllib.request import url2pathname

CHUNK = 1 << 20


class StoreError(Exception):
    """A file could not be stored or read; the message is safe to log (no secrets)."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


def file_digest(path: Path) -> StoredFile:
    """Size and sha256 of a local file, streamed."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return StoredFile(key=str(path), size=size, sha256=h.hexdigest())


class Store:
    """Interface every back end implements."""

    uri: str

    def put(self, path: Path, key: str) -> StoredFile:
        """Store a closed local file under ``key``, verified; raise StoreError on failure."""
        raise NotImplementedError

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of a stored object."""
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    def list(self, prefix: str = "") -> Iterator[str]:
        """Keys under ``prefix``, in byte order."""
        raise NotImplementedError

    def check(self) -> None:
        """Raise StoreError when the store cannot be reached (so a crawl can say so at once)."""

    def stat(self, key: str) -> StoredFile | None:
        """Size and sha256 of a stored object (sha256 may be "" if unknown), None if absent."""
        raise NotImplementedError

    def download(self, key: str, dest: Path) -> None:
        with self.open(key) as src, open(dest, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)

    def abort_incomplete(self, prefix: str) -> int:
        """Clean up partial uploads under ``prefix`` left by a failed run; how many."""
        return 0

    def read_bytes(self, key: str) -> bytes:
        with self.open(key) as fh:
            return fh.read()

    def __str__(self) -> str:
        return self.uri


class LocalStore(Store):
    """A folder on disk; files land under a temporary name and are renamed into place.

    A spooled file on the same file system is hard-linked, not copied: sealed spool files
    are never written again, and the spool's name is removed once the file is stored. That
    spares a copy and two of the three reads per byte (0.1 ms of CPU per archived page,
    bench/). Elsewhere (another file system, or one without hard links) it is copied, hashed
    as it is read, and the copy hashed again."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.uri = str(self.root)

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise StoreError(f"key {key!r} escapes the store root {self.root}")
        return path

    def put(self, path: Path, key: str) -> StoredFile:
        target = self.path(key)
        partial = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)  # left by an interrupted put
            source = None if _linked(path, partial) else _copy(path, partial)
            with open(partial, "rb") as fh:  # durable before it is visible (a link: the spool's fsync)
                os.fsync(fh.fileno())
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"cannot store {key} in {self.root}: {exc.strerror or exc}") from exc
        stored = file_digest(target)
        if source is not None and (stored.size, stored.sha256) != (source.size, source.sha256):
            raise StoreError(f"stored copy of {key} differs from the spooled file")
        return StoredFile(key=key, size=stored.size, sha256=stored.sha256)

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self.path(key), "rb")
        except OSError as exc:
            raise StoreError(f"cannot read {key} from {self.root}: {exc.strerror or exc}") from exc

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def stat(self, key: str) -> StoredFile | None:
        if not self.exists(key):
            return None
        digest = file_digest(self.path(key))
        return StoredFile(key, digest.size, digest.sha256)

    def list(self, prefix: str = "") -> Iterator[str]:
        if not self.root.is_dir():
            return iter(())
        keys = (
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and not p.name.endswith(".part")
        )
        return iter(sorted(k for k in keys if k.startswith(prefix)))


def _linked(path: Path, link: Path) -> bool:
    """Hard-link ``path`` as ``link``; False where that cannot be done (another file system,
    no hard links there, too many links), so the caller copies instead."""
    try:
        os.link(path, link)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES):
            return False
        raise
    return True


def _copy(path: Path, dest: Path) -> StoredFile:
    """Copy ``path`` to ``dest``; size and sha256 of what was read, hashed on the way."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as src, open(dest, "wb") as dst:
        while chunk := src.read(CHUNK):
            h.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return StoredFile(key=str(path), size=size, sha256=h.hexdigest())


def open_store(uri: str, settings=None) -> Store:
    """The store for an ``ARCHIVE_URI``: a plain path, ``file://`` URI, or ``s3://bucket/prefix``."""
    parsed = urlparse(str(uri))
    if parsed.scheme == "s3":
        from pipelines.s3 import S3Store

        return S3Store.from_uri(uri, settings)
    if parsed.scheme == "file":
        return LocalStore(url2pathname(parsed.netloc + parsed.path))
    if parsed.scheme and len(parsed.scheme) > 1:
        raise StoreError(f"unsupported ARCHIVE_URI scheme {parsed.scheme!r}: use a path, file:// or s3://")
    return LocalStore(uri)

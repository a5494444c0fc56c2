"""S3-compatible store (AWS S3, MinIO, Ceph RGW, Cloudflare R2) through boto3.

Credentials, region and endpoint come from boto3's standard chain (``AWS_ACCESS_KEY_ID``,
``AWS_PROFILE``, ``AWS_ENDPOINT_URL_S3``...); nothing here reads or logs them. Uploads go through
boto3's transfer manager (multipart above a threshold, aborted on failure) with botocore's
retries and backoff, and are verified afterwards: the object's size, the sha256 we attach as
metadata, and its ETag recomputed locally (MD5, or MD5 of part MD5s for multipart uploads), so a
byte changed on the way is caught even when request checksums are turned off.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import urlparse

import boto3
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from s3transfer.utils import ChunksizeAdjuster

from pipelines.store import CHUNK, Store, StoredFile, StoreError

logger = logging.getLogger(__name__)

SHA256_META = "sha256"
MiB = 1 << 20
DEFAULTS = {
    "ARCHIVE_S3_ADDRESSING_STYLE": "auto",
    "ARCHIVE_S3_CHECKSUMS": "when_required",
    "ARCHIVE_S3_MULTIPART_THRESHOLD": 64 * MiB,
    "ARCHIVE_S3_MULTIPART_CHUNKSIZE": 16 * MiB,
    "ARCHIVE_S3_MAX_ATTEMPTS": 5,
}
# botocore logs signed request headers (the access key id) at DEBUG: never let that through.
QUIET_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3")
ENCRYPTED_ETAG = {"aws:kms", "aws:kms:dsse"}


def _setting(settings, name: str):
    default = DEFAULTS[name]
    value = settings.get(name) if settings is not None else None
    if value in (None, ""):
        value = os.environ.get(name, default)
    return int(value) if isinstance(default, int) else str(value)


def error_text(exc: Exception) -> str:
    """A one-line description of a boto error without request details."""
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return f"{err.get('Code', 'error')} (HTTP {status}): {err.get('Message', '')}".rstrip(": ")
    endpoint = getattr(exc, "kwargs", {}).get("endpoint_url")
    if endpoint:  # the full URL repeats the key: the server is what matters
        parsed = urlparse(endpoint)
        return f"{type(exc).__name__}: cannot connect to {parsed.scheme}://{parsed.hostname}:{parsed.port or ''}".rstrip(":")
    return f"{type(exc).__name__}: {exc}"


def local_digests(path: Path, part_size: int | None) -> tuple[int, str, str]:
    """Size, sha256 and the ETag S3 computes for this file uploaded in ``part_size`` parts."""
    sha, whole, parts = hashlib.sha256(), hashlib.md5(), []
    part, in_part, size = hashlib.md5(), 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(min(CHUNK, part_size - in_part) if part_size else CHUNK):
            sha.update(chunk)
            size += len(chunk)
            if part_size:
                part.update(chunk)
                in_part += len(chunk)
                if in_part == part_size:
                    parts.append(part.digest())
                    part, in_part = hashlib.md5(), 0
            else:
                whole.update(chunk)
    if not part_size:
        return size, sha.hexdigest(), whole.hexdigest()
    if in_part or not parts:
        parts.append(part.digest())
    return size, sha.hexdigest(), f"{hashlib.md5(b''.join(parts)).hexdigest()}-{len(parts)}"


class S3Store(Store):
    """``s3://bucket/prefix``: keys are stored under ``prefix/``."""

    def __init__(self, bucket: str, prefix: str = "", settings=None, client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.uri = f"s3://{bucket}/{self.prefix}".rstrip("/")
        for name in QUIET_LOGGERS:
            if logging.getLogger(name).getEffectiveLevel() < logging.INFO:
                logging.getLogger(name).setLevel(logging.INFO)
        checksums = _setting(settings, "ARCHIVE_S3_CHECKSUMS")
        if checksums not in ("when_required", "when_supported"):
            raise StoreError(f"ARCHIVE_S3_CHECKSUMS must be when_required or when_supported, not {checksums!r}")
        style = _setting(settings, "ARCHIVE_S3_ADDRESSING_STYLE")
        if style not in ("auto", "path", "virtual"):
            raise StoreError(f"ARCHIVE_S3_ADDRESSING_STYLE must be auto, path or virtual, not {style!r}")
        config = Config(
            s3={"addressing_style": style},
            retries={"mode": "standard", "max_attempts": _setting(settings, "ARCHIVE_S3_MAX_ATTEMPTS")},
            request_checksum_calculation=checksums,
            response_checksum_validation=checksums,
            connect_timeout=10,
            read_timeout=60,
        )
        self.client = client or boto3.session.Session().client("s3", config=config)
        self.threshold = _setting(settings, "ARCHIVE_S3_MULTIPART_THRESHOLD")
        self.chunksize = _setting(settings, "ARCHIVE_S3_MULTIPART_CHUNKSIZE")
        # The classic (s3transfer) manager even when awscrt is installed: its part sizes are
        # known (ChunksizeAdjuster), so the multipart ETag can be checked without a download.
        self.transfer = TransferConfig(multipart_threshold=self.threshold, multipart_chunksize=self.chunksize,
                                       max_concurrency=4, preferred_transfer_client="classic")

    @classmethod
    def from_uri(cls, uri: str, settings=None) -> "S3Store":
        parsed = urlparse(str(uri))
        if parsed.scheme != "s3" or not parsed.netloc:
            raise StoreError(f"not an S3 URI (expected s3://bucket/prefix): {uri!r}")
        return cls(parsed.netloc, parsed.path, settings)

    def _key(self, key: str) -> str:
        return self.prefix + key

    def _fail(self, action: str, key: str | None, exc: Exception) -> StoreError:
        """What failed and where; ``key`` is None when the caller names it already."""
        return StoreError(f"{action}{' ' + key if key else ''} failed ({self.uri}): {error_text(exc)}")

    def part_size(self, size: int) -> int | None:
        """The part size boto3's transfer manager will use for a file, None for a single PUT."""
        if size < self.threshold:
            return None
        return ChunksizeAdjuster().adjust_chunksize(self.chunksize, size)

    def put(self, path: Path, key: str) -> StoredFile:
        size, sha256, etag = local_digests(path, self.part_size(os.path.getsize(path)))
        try:
            self.client.upload_file(
                str(path), self.bucket, self._key(key), Config=self.transfer,
                ExtraArgs={"Metadata": {SHA256_META: sha256}, "ContentType": content_type(key)},
            )
        except (BotoCoreError, ClientError, S3UploadFailedError) as exc:
            raise self._fail("upload", None, exc) from None
        self.verify(key, size, sha256, etag)
        return StoredFile(key=key, size=size, sha256=sha256)

    def verify(self, key: str, size: int, sha256: str, etag: str) -> None:
        """Compare the stored object with the local file; download and hash if the ETag is no MD5."""
        head = self.head(key)
        if head is None:
            raise StoreError(f"{key} is missing from {self.uri} right after its upload")
        if head["ContentLength"] != size:
            raise StoreError(f"stored {key} has {head['ContentLength']} bytes, expected {size}")
        if head.get("Metadata", {}).get(SHA256_META) != sha256:
            raise StoreError(f"stored {key} carries another sha256 than the spooled file")
        if head.get("ETag", "").strip('"') == etag:
            return
        if head.get("ServerSideEncryption") not in ENCRYPTED_ETAG and not head.get("SSECustomerAlgorithm"):
            logger.info("ETag of %s is not the MD5 this store usually returns; verifying by download", key)
        with self.open(key) as fh:
            digest = hashlib.sha256()
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise StoreError(f"stored {key} differs from the spooled file (sha256)")

    def head(self, key: str) -> dict | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._fail("check", key, exc) from None
        except BotoCoreError as exc:
            raise self._fail("check", key, exc) from None

    def check(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as exc:
            raise self._fail("reach bucket", self.bucket, exc) from None

    def stat(self, key: str) -> StoredFile | None:
        head = self.head(key)
        if head is None:
            return None
        return StoredFile(key=key, size=head["ContentLength"], sha256=head.get("Metadata", {}).get(SHA256_META, ""))

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except (BotoCoreError, ClientError) as exc:
            raise self._fail("read", key, exc) from None

    def download(self, key: str, dest: Path) -> None:
        try:
            self.client.download_file(self.bucket, self._key(key), str(dest), Config=self.transfer)
        except (BotoCoreError, ClientError) as exc:
            raise self._fail("download", key, exc) from None

    def exists(self, key: str) -> bool:
        return self.head(key) is not None

    def list(self, prefix: str = "") -> Iterator[str]:
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self._key(prefix))
            keys = [obj["Key"][len(self.prefix):] for page in pages for obj in page.get("Contents", [])]
        except (BotoCoreError, ClientError) as exc:
            raise self._fail("list", prefix or "/", exc) from None
        return iter(sorted(keys))

    def abort_incomplete(self, prefix: str) -> int:
        """Abort multipart uploads left under ``prefix`` by a failed run (they cost storage)."""
        try:
            pages = self.client.get_paginator("list_multipart_uploads").paginate(
                Bucket=self.bucket, Prefix=self._key(prefix))
            uploads = [u for page in pages for u in page.get("Uploads", [])]
            for upload in uploads:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=upload["Key"],
                                                   UploadId=upload["UploadId"])
        except (BotoCoreError, ClientError) as exc:
            raise self._fail("clean up multipart uploads under", prefix, exc) from None
        return len(uploads)


def content_type(key: str) -> str:
    if key.endswith(".warc.gz"):
        return "application/warc"
    if key.endswith(".jsonl.gz"):
        return "application/jsonl"
    if key.endswith(".json"):
        return "application/json"
    return "application/octet-stream"

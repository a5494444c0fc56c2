"""S3 storage against moto's S3 in server mode on loopback: upload, verify, outages, secrets."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
import zlib

import pytest

from pipelines.s3 import S3Store, local_digests
from pipelines.store import StoreError
from tests.s3server import SECRETS, S3Server, run_scrapy

MiB = 1 << 20
FAST = {"ARCHIVE_ITEMS_MAX_ITEMS": "5"}


@pytest.fixture
def s3():
    server = S3Server().start()
    server.bucket = f"archive-{uuid.uuid4().hex[:12]}"
    server.client().create_bucket(Bucket=server.bucket)
    server.stored = 0
    yield server
    server.stop()


@pytest.fixture
def s3_env(s3, monkeypatch):
    """This process configured like a crawl: boto3's standard chain reads the environment."""
    for name, value in s3.env(s3.bucket).items():
        monkeypatch.setenv(name, value)
    return s3


def objects(s3, prefix="archive/") -> dict[str, bytes]:
    client = s3.client()
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=s3.bucket, Prefix=prefix)
    keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
    return {k[len(prefix):]: client.get_object(Bucket=s3.bucket, Key=k)["Body"].read() for k in keys}


def manifests(stored: dict[str, bytes]) -> list[dict]:
    return [json.loads(v) for k, v in stored.items() if k.endswith("/manifest.json")]


def assert_matches_manifest(stored: dict[str, bytes]) -> dict:
    """One manifest; the store holds exactly its files (no duplicates, no extras), intact."""
    [manifest] = manifests(stored)
    listed = {f["key"]: f for f in manifest["files"]}
    assert set(stored) == set(listed) | {manifest["prefix"] + "manifest.json"}
    for key, entry in listed.items():
        assert len(stored[key]) == entry["size"], key
        assert hashlib.sha256(stored[key]).hexdigest() == entry["sha256"], key
    return manifest


def spooled(spool) -> list[str]:
    return sorted(p.relative_to(spool).as_posix() for p in spool.rglob("*") if p.is_file())


def assert_no_secrets(*texts) -> None:
    for text in texts:
        if isinstance(text, bytes):
            text = gzip_text(text)
        for secret in SECRETS:
            assert secret not in text


def gzip_text(data: bytes) -> str:
    """Bytes as text, gzip members (WARC, JSON lines) decompressed."""
    if data[:2] == b"\x1f\x8b":
        out, rest = [], data
        while rest:
            d = zlib.decompressobj(31)
            out.append(d.decompress(rest))
            rest = d.unused_data
        data = b"".join(out)
    return data.decode("utf-8", "replace")


def uploads_left(s3) -> list:
    return s3.client().list_multipart_uploads(Bucket=s3.bucket).get("Uploads", [])


# -- the store itself -------------------------------------------------------------------------

@pytest.mark.parametrize("checksums", ["when_required", "when_supported"])
def test_put_verifies_single_and_multipart_uploads(s3_env, tmp_path, checksums):
    store = S3Store.from_uri(f"s3://{s3_env.bucket}/archive", {
        "ARCHIVE_S3_MULTIPART_THRESHOLD": 5 * MiB, "ARCHIVE_S3_MULTIPART_CHUNKSIZE": 5 * MiB,
        "ARCHIVE_S3_CHECKSUMS": checksums})
    small, big = tmp_path / "small", tmp_path / "big"
    small.write_bytes(b"w" * 1000)
    big.write_bytes(os.urandom(11 * MiB))
    for path, key in ((small, "s/small.bin"), (big, "s/big.bin")):
        stored = store.put(path, key)
        head = s3_env.client().head_object(Bucket=s3_env.bucket, Key="archive/" + key)
        size, sha, etag = local_digests(path, store.part_size(path.stat().st_size))
        assert (stored.size, stored.sha256) == (size, hashlib.sha256(path.read_bytes()).hexdigest())
        assert head["Metadata"]["sha256"] == sha and head["ContentLength"] == size
        assert head["ETag"].strip('"') == etag
    assert etag.endswith("-3")
    assert list(store.list("s/")) == ["s/big.bin", "s/small.bin"]
    assert store.stat("s/none") is None


def test_multipart_upload_failing_half_way_is_aborted(s3_env, tmp_path):
    store = S3Store.from_uri(f"s3://{s3_env.bucket}/archive",
                             {"ARCHIVE_S3_MULTIPART_THRESHOLD": 5 * MiB, "ARCHIVE_S3_MULTIPART_CHUNKSIZE": 5 * MiB})
    big = tmp_path / "big"
    big.write_bytes(os.urandom(11 * MiB))
    s3_env.fail = lambda method, path, query, headers: query.get("partNumber") == ["2"]
    with pytest.raises(StoreError, match="InternalError|injected"):
        store.put(big, "s/big.bin")
    assert s3_env.failed >= 2  # retried with backoff before giving up
    assert not store.exists("s/big.bin") and uploads_left(s3_env) == []
    s3_env.fail = None
    assert store.put(big, "s/big.bin").size == 11 * MiB


def test_default_checksum_setting_works_with_stores_that_reject_new_checksums(s3_env, tmp_path):
    """Some S3-compatible servers reject botocore >= 1.36's default CRC checksums (aws-chunked
    bodies with trailers); the default ARCHIVE_S3_CHECKSUMS sends none, botocore's default does."""
    s3_env.fail = lambda method, path, query, headers: any(
        name.startswith(("x-amz-checksum-", "x-amz-sdk-checksum-", "x-amz-trailer")) for name in headers)
    path = tmp_path / "f"
    path.write_bytes(b"z" * 5000)
    S3Store.from_uri(f"s3://{s3_env.bucket}/archive").put(path, "ok.bin")
    with pytest.raises(StoreError, match="InternalError"):
        S3Store.from_uri(f"s3://{s3_env.bucket}/archive", {"ARCHIVE_S3_CHECKSUMS": "when_supported"}).put(path, "x.bin")


def test_bad_settings_are_clear_errors(s3_env):
    with pytest.raises(StoreError, match="ARCHIVE_S3_CHECKSUMS"):
        S3Store.from_uri("s3://b/p", {"ARCHIVE_S3_CHECKSUMS": "always"})
    with pytest.raises(StoreError, match="s3://bucket/prefix"):
        S3Store.from_uri("s3:///nobucket")


# -- crawls -----------------------------------------------------------------------------------

def test_crawl_into_s3_matches_manifest_and_local_crawl(s3, crawl, opsintels_site, opsintels_crawl, tmp_path):
    opsintels_site.reset()
    result = crawl("opsintels", opsintels_site.base_url, env=s3.env(s3.bucket),
                   settings={**FAST, "LOG_LEVEL": "DEBUG"})
    assert result.returncode == 0, result.log[-3000:]
    stored = objects(s3)
    manifest = assert_matches_manifest(stored)
    assert manifest["ok"] and manifest["counts"]["item_files"] >= 3
    assert spooled(result.spool) == []
    local = opsintels_crawl.manifest
    assert manifest["counts"]["items"] == local["counts"]["items"]
    assert manifest["counts"]["warc_records"] == local["counts"]["warc_records"]
    s3_items = {i["url"]: i["content_sha256"] for k, v in stored.items() if "/items/" in k and k.endswith(".jsonl.gz")
                for i in map(json.loads, gzip.decompress(v).decode().splitlines())}
    assert s3_items == {i["url"]: i["content_sha256"] for i in opsintels_crawl.items()}
    assert f"stored at s3://{s3.bucket}/archive/" in result.log

    check = run_scrapy("verify", f"s3://{s3.bucket}/archive", env=s3.env(s3.bucket))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 crawl(s) checked: all OK" in check.stdout
    assert "] DEBUG: " in result.log  # DEBUG really was on, and still no credentials in it
    assert_no_secrets(result.log, check.stdout, check.stderr, *stored.values())


def test_store_down_at_start_then_scrapy_upload(s3, crawl, opsintels_site):
    s3.stop()
    opsintels_site.reset()
    result = crawl("opsintels", opsintels_site.base_url, env=s3.env(s3.bucket), settings=FAST)
    assert result.returncode == 1
    assert "is unreachable at crawl start" in result.log
    assert "stays in the spool" in result.log and "scrapy upload" in result.log
    left = spooled(result.spool)
    assert f"not stored (kept in spool {result.spool}): {len(left) - 1} of {len(left) - 1} file(s)" \
        in result.log
    assert any(k.endswith("manifest.json") for k in left) and any(k.endswith(".warc.gz") for k in left)
    assert not any(k.endswith(".open") for k in left)

    s3.start()
    assert objects(s3) == {}
    env = {**s3.env(s3.bucket), "ARCHIVE_SPOOL_DIR": str(result.spool)}
    upload = run_scrapy("upload", env=env)
    assert upload.returncode == 0, upload.stdout + upload.stderr
    assert f"{len(left) - 1} file(s) stored, 1 crawl(s) committed, 0 failure(s)" in upload.stdout
    stored = objects(s3)
    manifest = assert_matches_manifest(stored)
    # the storage errors it logged also tripped the error-count gate; nothing else is wrong
    assert all(p.startswith("quality gate failed: Error Count Monitor") for p in manifest["problems"])
    assert len(manifest["recovered"]["files"]) == len(left) - 1
    assert spooled(result.spool) == []

    again = run_scrapy("upload", env=env)
    assert again.returncode == 0 and "0 file(s) stored" in again.stdout
    assert objects(s3) == stored
    assert run_scrapy("verify", env=s3.env(s3.bucket)).returncode == 0
    assert_no_secrets(result.log, upload.stdout, upload.stderr, *(p.read_bytes() for p in result.spool.rglob("*")
                                                                   if p.is_file()), *stored.values())


def test_store_going_away_mid_crawl_loses_nothing(s3, crawl, opsintels_site):
    s3.stop_after = 3
    opsintels_site.reset()
    settings = {"ARCHIVE_ITEMS_MAX_ITEMS": "2", "ARCHIVE_WARC_MAX_SIZE": "40000"}
    result = crawl("opsintels", opsintels_site.base_url, env=s3.env(s3.bucket), settings=settings)
    assert result.returncode == 1
    assert not s3.running and s3.stored >= 3
    left = spooled(result.spool)
    assert "Could not store" in result.log and len(left) > 1

    s3.start()
    before = objects(s3)
    assert 2 <= len(before) and not manifests(before)
    env = {**s3.env(s3.bucket), "ARCHIVE_SPOOL_DIR": str(result.spool)}
    upload = run_scrapy("upload", env=env)
    assert upload.returncode == 0, upload.stdout + upload.stderr
    manifest = assert_matches_manifest(objects(s3))
    # A file the server stored just as it went away may have been uploaded again: same key, same bytes.
    listed = {f["key"] for f in manifest["files"]}
    assert listed == set(before) | {k for k in left if "manifest" not in k}, listed ^ (set(before) | set(left))
    assert spooled(result.spool) == []
    assert run_scrapy("verify", env=s3.env(s3.bucket)).returncode == 0


def test_upload_failing_half_way_in_a_crawl_next_run_uploads_first(s3, crawl, opsintels_site, tmp_path):
    # Every file is a multipart upload; the WARC's parts fail, so those uploads are aborted.
    s3.fail = lambda method, path, query, headers: "/warc/" in path and "partNumber" in query
    opsintels_site.reset()
    settings = {**FAST, "ARCHIVE_S3_MULTIPART_THRESHOLD": "1"}
    result = crawl("opsintels", opsintels_site.base_url, env=s3.env(s3.bucket), settings=settings)
    assert result.returncode == 1 and s3.failed >= 2
    assert "Could not store" in result.log and "InternalError" in result.log
    assert uploads_left(s3) == []
    first = objects(s3)
    assert first and not any("/warc/" in k for k in first) and not manifests(first)

    # The next crawl uploads what the first one left, then crawls.
    s3.fail = None
    opsintels_site.reset()
    second = crawl("opsintels", opsintels_site.base_url, env=s3.env(s3.bucket), settings=settings)
    assert second.returncode == 0, second.log[-3000:]
    assert "committed" in second.log
    assert spooled(result.spool) == []
    assert len(manifests(objects(s3))) == 2
    check = run_scrapy("verify", f"s3://{s3.bucket}/archive", env=s3.env(s3.bucket))
    assert check.returncode == 0 and "2 crawl(s) checked: all OK" in check.stdout, check.stdout


def test_recovery_aborts_multipart_uploads_an_earlier_run_could_not(s3_env, tmp_path):
    """When the server vanished mid-upload even the abort failed; the next run cleans up."""
    from pipelines.recovery import recover
    from pipelines.uploader import Uploader

    prefix = "site/2026/01/01/20260101T000000Z-0000abcd/"
    s3_env.client().create_multipart_upload(Bucket=s3_env.bucket, Key=f"archive/{prefix}warc/a.warc.gz")
    assert len(uploads_left(s3_env)) == 1
    spooled_file = tmp_path / "spool" / prefix / "warc/a.warc.gz"
    spooled_file.parent.mkdir(parents=True)
    spooled_file.write_bytes(b"warc bytes")
    uploader = Uploader(S3Store.from_uri(f"s3://{s3_env.bucket}/archive"))
    try:
        report = recover(tmp_path / "spool", uploader)
    finally:
        uploader.close()
    assert report.uploaded == [prefix + "warc/a.warc.gz"] and report.ok
    assert uploads_left(s3_env) == []
    assert objects(s3_env) == {prefix + "warc/a.warc.gz": b"warc bytes"}


def test_when_the_etag_is_no_md5_the_object_is_downloaded_and_hashed(s3_env):
    store = S3Store.from_uri(f"s3://{s3_env.bucket}/archive")
    good, bad = b"g" * 100, b"b" * 100
    sha = hashlib.sha256(good).hexdigest()
    client = s3_env.client()
    client.put_object(Bucket=s3_env.bucket, Key="archive/k/good", Body=good, Metadata={"sha256": sha})
    client.put_object(Bucket=s3_env.bucket, Key="archive/k/bad", Body=bad, Metadata={"sha256": sha})
    store.verify("k/good", 100, sha, etag="an-etag-from-another-kind-of-store")
    with pytest.raises(StoreError, match="differs from the spooled file"):
        store.verify("k/bad", 100, sha, etag="an-etag-from-another-kind-of-store")
    with pytest.raises(StoreError, match="has 100 bytes, expected 101"):
        store.verify("k/good", 101, sha, etag="")

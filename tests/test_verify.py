"""``scrapy verify``: a stored crawl passes; each kind of damage is reported and fails it."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.store import LocalStore
from pipelines.verify import verify
from tests.s3server import run_scrapy


@pytest.fixture
def archive(opsintels_crawl, tmp_path) -> Path:
    copy = tmp_path / "archive"
    shutil.copytree(opsintels_crawl.archive, copy)
    return copy


def manifest_of(archive: Path) -> tuple[Path, dict]:
    [path] = archive.rglob("manifest.json")
    return path, json.loads(path.read_text())


def rewrite(archive: Path, key: str, data: bytes) -> None:
    """Replace a stored file and update the manifest to match, so only deeper checks can fail."""
    (archive / key).write_bytes(data)
    path, manifest = manifest_of(archive)
    for entry in manifest["files"]:
        if entry["key"] == key:
            entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    path.write_text(json.dumps(manifest))


def failures(archive: Path) -> str:
    report = verify(LocalStore(archive))
    assert not report.ok
    return report.text()


def test_a_stored_crawl_verifies_from_the_root_and_from_its_own_prefix(archive):
    result = run_scrapy("verify", str(archive), env={})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 crawl(s) checked: all OK" in result.stdout
    _, manifest = manifest_of(archive)
    deeper = run_scrapy("verify", str(archive / manifest["prefix"]), env={})
    assert deeper.returncode == 0, deeper.stdout
    assert f"{manifest['counts']['items']} item(s)" in deeper.stdout


def test_changed_byte_is_a_sha256_failure_and_exit_1(archive):
    _, manifest = manifest_of(archive)
    warc = archive / next(f["key"] for f in manifest["files"] if f["kind"] == "warc")
    data = bytearray(warc.read_bytes())
    data[len(data) // 2] ^= 0xFF
    warc.write_bytes(bytes(data))
    result = run_scrapy("verify", str(archive), env={})
    assert result.returncode == 1
    assert "sha256 differs from the manifest" in result.stdout and "1 FAILED" in result.stdout


def test_missing_file(archive):
    _, manifest = manifest_of(archive)
    items = [f for f in manifest["files"] if f["kind"] == "items"]
    (archive / items[0]["key"]).unlink()
    assert "missing from the store" in failures(archive)


def test_item_pointer_to_the_wrong_record(archive):
    _, manifest = manifest_of(archive)
    key = next(f["key"] for f in manifest["files"] if f["kind"] == "items")
    lines = [json.loads(line) for line in gzip.decompress((archive / key).read_bytes()).splitlines()]
    lines[0]["warc"]["offset"] += lines[0]["warc"]["length"]  # the request record written next
    rewrite(archive, key, gzip.compress(b"".join(json.dumps(i).encode() + b"\n" for i in lines)))
    assert "leads to a request record" in failures(archive)
    lines[0]["warc"]["offset"] = lines[1]["warc"]["offset"]  # another article's response
    rewrite(archive, key, gzip.compress(b"".join(json.dumps(i).encode() + b"\n" for i in lines)))
    assert "leads to a response for" in failures(archive)


def test_warc_digest_failure_is_reported(tmp_path):
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    record = writer.create_warc_record(
        "https://example.com/a/", "response", payload=BytesIO(b"<p>original</p>"), length=15,
        http_headers=StatusAndHeaders("200 OK", [("Content-Length", "15")], protocol="HTTP/1.1"))
    writer.write_record(record)
    warc = gzip.compress(out.getvalue().replace(b"original", b"tampered"))
    prefix = "site/2026/01/01/20260101T000000Z-0123abcd/"
    item = {"url": "https://example.com/a/", "warc": {"path": prefix + "warc/a.warc.gz", "offset": 0}}
    items = gzip.compress(json.dumps(item).encode() + b"\n")
    files = []
    for key, data, kind in ((prefix + "warc/a.warc.gz", warc, "warc"), (prefix + "items/a.jsonl.gz", items, "items")):
        (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / key).write_bytes(data)
        files.append({"key": key, "kind": kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                      "records": 1})
    (tmp_path / prefix / "manifest.json").write_text(json.dumps({"prefix": prefix, "files": files}))
    text = failures(tmp_path)
    assert "digest" in text.lower() and "warc/a.warc.gz @0" in text


def test_uncommitted_crawl_is_a_warning_and_empty_store_a_failure(archive, tmp_path):
    stray = archive / "site/2026/01/02/20260102T000000Z-89abcdef/warc/x.warc.gz"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"")
    report = verify(LocalStore(archive))
    assert report.ok and "20260102T000000Z-89abcdef/ has files but no manifest" in report.text()
    empty = verify(LocalStore(tmp_path / "nothing"))
    assert not empty.ok and "no manifest.json" in empty.text()


def test_malformed_manifest_is_a_failure_not_a_traceback(archive):
    path, _ = manifest_of(archive)
    path.write_text("{broken")
    assert "malformed manifest" in failures(archive)

"""Local store and spool: atomic, verified, nothing half-written visible."""

import gzip
import hashlib
import json

import pytest

from pipelines.jsonl import JsonLinesWriter
from pipelines.spool import RollingFile
from pipelines.store import LocalStore, StoreError, open_store


def test_open_store_accepts_paths_and_file_uris(tmp_path):
    assert isinstance(open_store(str(tmp_path)), LocalStore)
    assert open_store(f"file://{tmp_path}").root == tmp_path.resolve()
    with pytest.raises(StoreError):
        open_store("ftp://example.com/x")


def test_put_copies_verifies_and_lists(tmp_path):
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 1000)
    store = LocalStore(tmp_path / "store")
    stored = store.put(src, "site/2026/01/01/c1/warc/a.bin")
    assert stored.size == 1000 and stored.sha256 == hashlib.sha256(b"x" * 1000).hexdigest()
    assert list(store.list("site/")) == ["site/2026/01/01/c1/warc/a.bin"]
    assert store.read_bytes("site/2026/01/01/c1/warc/a.bin") == b"x" * 1000
    with pytest.raises(StoreError):
        store.put(src, "../outside")


def test_rolling_files_are_open_while_written_and_roll_by_count(tmp_path):
    closed = []
    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items",
                                         on_close=closed.append, max_records=2))
    writer.write({"n": 1})
    assert [p.name for p in tmp_path.rglob("*")  if p.is_file()][0].endswith(".jsonl.gz.open")
    writer.write({"n": 2})
    writer.write({"n": 3})
    writer.close()
    assert [c.records for c in closed] == [2, 1]
    assert [c.key.split("-")[-2] for c in closed] == ["00001", "00002"]
    lines = [json.loads(l) for c in closed for l in gzip.open(c.path, "rt")]
    assert lines == [{"n": 1}, {"n": 2}, {"n": 3}]
    for c in closed:
        assert hashlib.sha256(c.path.read_bytes()).hexdigest() == c.sha256
        assert c.path.stat().st_size == c.size
    assert not list(tmp_path.rglob("*.open"))

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


def test_put_links_a_spooled_file_on_the_same_file_system(tmp_path):
    """No copy: the stored file is the spooled one under a second name, and stays when the
    spool's name is removed."""
    src = tmp_path / "spool" / "a.warc.gz"
    src.parent.mkdir()
    src.write_bytes(b"w" * 5000)
    store = LocalStore(tmp_path / "store")
    stored = store.put(src, "s/warc/a.warc.gz")
    target = store.path("s/warc/a.warc.gz")
    assert target.stat().st_ino == src.stat().st_ino and target.stat().st_nlink == 2
    assert stored.sha256 == hashlib.sha256(b"w" * 5000).hexdigest()
    src.unlink()
    assert store.read_bytes("s/warc/a.warc.gz") == b"w" * 5000
    assert not list((tmp_path / "store").rglob("*.part"))


@pytest.mark.parametrize("errno_", ["EXDEV", "EPERM"])
def test_put_copies_and_verifies_where_it_cannot_link(tmp_path, monkeypatch, errno_):
    import errno
    import os

    from pipelines import store as store_module

    def no_link(src, dst):
        raise OSError(getattr(errno, errno_), "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    src = tmp_path / "a.bin"
    src.write_bytes(b"y" * 3_000_000)  # more than one copy chunk
    (tmp_path / "store" / "k").mkdir(parents=True)
    (tmp_path / "store" / "k" / "a.bin.part").write_bytes(b"left by a crash")
    store = LocalStore(tmp_path / "store")
    stored = store.put(src, "k/a.bin")
    assert store.path("k/a.bin").stat().st_ino != src.stat().st_ino
    assert stored.size == 3_000_000 and stored.sha256 == hashlib.sha256(b"y" * 3_000_000).hexdigest()
    assert not (tmp_path / "store" / "k" / "a.bin.part").exists()

    # a copy that does not read back as what was read from the spool is an error, not a stored file
    real_digest = store_module.file_digest
    monkeypatch.setattr(store_module, "file_digest",
                        lambda path: store_module.StoredFile(str(path), 1, "0" * 64))
    with pytest.raises(StoreError, match="differs from the spooled file"):
        store.put(src, "k/b.bin")
    monkeypatch.setattr(store_module, "file_digest", real_digest)


def test_put_of_a_missing_spool_file_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot store"):
        LocalStore(tmp_path / "store").put(tmp_path / "gone.warc.gz", "k/gone.warc.gz")

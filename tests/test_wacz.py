"""The crawl's WACZ (stored entries, pages list, data package) and its metadata records."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import tracemalloc
import zipfile

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from pipelines.wacz import write_wacz


def test_one_wacz_with_stored_archive_and_indexes(opsintels_crawl, tmp_path):
    [wacz] = opsintels_crawl.files("wacz")
    warcs = {p.name: p for p in opsintels_crawl.files("warc")}
    with zipfile.ZipFile(wacz) as zf:
        names = zf.namelist()
        assert {"datapackage.json", "datapackage-digest.json", "pages/pages.jsonl", "indexes/index.cdxj"} <= set(names)
        assert sorted(n for n in names if n.startswith("archive/")) == sorted(f"archive/{n}" for n in warcs)
        for info in zf.infolist():
            if info.filename.startswith(("archive/", "indexes/")):
                assert info.compress_type == zipfile.ZIP_STORED, info.filename
        for name, path in warcs.items():
            assert zf.read(f"archive/{name}") == path.read_bytes()
        index = zf.read("indexes/index.cdxj")
        package = json.loads(zf.read("datapackage.json"))
        digest = json.loads(zf.read("datapackage-digest.json"))
    (tmp_path / "index.cdxj").write_bytes(index)
    assert subprocess.run(["sort", "-c", str(tmp_path / "index.cdxj")], env={**os.environ, "LC_ALL": "C"}).returncode == 0
    per_file = b"".join(p.read_bytes() for p in opsintels_crawl.files("cdxj"))
    assert sorted(index.splitlines()) == sorted(per_file.splitlines())
    assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
    with zipfile.ZipFile(wacz) as zf:
        for resource in package["resources"]:
            data = zf.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        assert digest["hash"] == "sha256:" + hashlib.sha256(zf.read("datapackage.json")).hexdigest()
    listed = [r["path"] for r in package["resources"]]
    assert sorted(listed) == sorted(n for n in names if not n.startswith("datapackage"))


def test_pages_list_every_article_with_title_and_capture_time(opsintels_crawl):
    [wacz] = opsintels_crawl.files("wacz")
    with zipfile.ZipFile(wacz) as zf:
        lines = [json.loads(line) for line in zf.read("pages/pages.jsonl").splitlines()]
    assert lines[0]["format"] == "json-pages-1.0"
    pages = {p["url"]: p for p in lines[1:]}
    items = opsintels_crawl.items()
    assert pages.keys() == {i["url"] for i in items}
    dates = {}
    for path in opsintels_crawl.files("warc"):
        with open(path, "rb") as fh:
            for r in ArchiveIterator(fh):
                dates[r.rec_headers.get_header("WARC-Record-ID")] = r.rec_headers.get_header("WARC-Date")
    for item in items:
        page = pages[item["url"]]
        assert page["title"] == item["title"]
        assert page["ts"] == dates[item["warc"]["record_id"]]


def test_a_metadata_record_per_article(opsintels_crawl):
    metadata, responses = {}, {}
    for path in opsintels_crawl.files("warc"):
        with open(path, "rb") as fh:
            for r in ArchiveIterator(fh):
                if r.rec_type == "metadata":
                    lines = r.content_stream().read().decode().splitlines()
                    fields = [tuple(line.split(": ", 1)) for line in lines]
                    metadata[r.rec_headers.get_header("WARC-Concurrent-To")] = (r, fields)
                elif r.rec_type == "response":
                    responses[r.rec_headers.get_header("WARC-Record-ID")] = r.rec_headers.get_header("WARC-Target-URI")
    items = opsintels_crawl.items()
    assert len(metadata) == len(items)
    for item in items:
        record, pairs = metadata[item["warc"]["record_id"]]
        fields = dict(pairs)
        links = [v for k, v in pairs if k == "outlink"]
        assert record.rec_headers.get_header("Content-Type") == "application/warc-fields"
        assert record.rec_headers.get_header("WARC-Target-URI") == item["url"] == responses[item["warc"]["record_id"]]
        assert fields["item-id"] == item["content_sha256"]
        assert fields["extraction-version"].startswith("defense-news-crawler/")
        assert fields["schema-version"] == str(item["schema_version"])
        assert links and all(u.startswith(("http://", "https://")) for u in links)


def test_wacz_memory_does_not_grow_with_archive_size(tmp_path):
    """Packing streams: peak Python memory stays far below the size of the WARC packed."""
    warc = tmp_path / "big.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        block = os.urandom(1 << 20)
        for i in range(40):  # ~40 MB, incompressible
            writer.write_record(writer.create_warc_record(f"http://example.com/{i}", "resource",
                                                          payload=io.BytesIO(block), length=len(block)))
    index = tmp_path / "big.cdxj"
    index.write_text("".join(f"com,example)/{i:03d} 20260101000000 {{}}\n" for i in range(40)))
    tracemalloc.start()
    write_wacz(tmp_path / "big.wacz", [("big.warc.gz", lambda: open(warc, "rb"))], [lambda: open(index, "rb")],
               None, title="t", software="s")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert warc.stat().st_size > 40_000_000
    assert peak < 8_000_000, peak
    with zipfile.ZipFile(tmp_path / "big.wacz") as zf:
        assert zf.testzip() is None

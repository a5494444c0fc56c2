"""The dataset side end to end: two real crawls of the test site, one article changed and one
added between them, read through the API and exported as a Parquet snapshot."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.dataset import DatasetReader, iter_articles, source_record
from pipelines.export import STATE_NAME, Spill, export_snapshot
from pipelines.store import LocalStore
from tests.conftest import ROOT, run_crawl
from tests.site import TestSite

CHANGED_TEXT = ["The ministry revised its request on Friday.", "A second, new paragraph."]
NEW_SLUG = "navy-commissions-new-frigate"
NEW_TEXT = ["The navy commissioned its newest frigate on Monday.", "It joins the eastern fleet."]
HALF = "HALF-WRITTEN"


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def scrapy_export(archive, out: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "export", str(archive), str(out), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def parquet_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "data").rglob("*.parquet"))}


@dataclass
class TwoCrawls:
    archive: Path
    snapshot: Path
    manifests: list[dict]          # oldest first
    changed_slug: str
    first_export: dict[str, bytes]
    second_export: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dataset")
    snapshot = tmp / "snapshot"
    with TestSite() as site:
        first = run_crawl("opsintels", site.base_url, tmp, "-a", "full=1")
        assert first.returncode == 0, first.log[-3000:]
        exported = scrapy_export(first.archive, snapshot)
        assert exported.returncode == 0, exported.stderr[-3000:]
        first_export = parquet_files(snapshot)
        changed = next(a for a in site.articles if not a["quirks"] or a["quirks"] == ["two_authors"])["slug"]
        site.set_article_text(changed, CHANGED_TEXT)
        site.publish_article(NEW_SLUG, "Navy commissions new frigate", NEW_TEXT)
        second = run_crawl("opsintels", site.base_url, tmp, "-a", "full=1")
        assert second.returncode == 0, second.log[-3000:]
    # An interrupted crawl: newer than both, items stored, no manifest.
    interrupted = tmp / "archive/opsintels/2099/01/01/20990101T000000Z-deadbeef/items"
    interrupted.mkdir(parents=True)
    line = json.loads(gzip.open(next(second.archive.rglob("*.jsonl.gz")), "rt").readline())
    line["body"] = line["body_paragraphs"][0] = line["title"] = HALF
    line["crawled_at"] = "2099-01-01T00:00:00+00:00"
    with gzip.open(interrupted / "opsintels-20990101000000000-00001-x.jsonl.gz", "wt") as fh:
        fh.write(json.dumps(line) + "\n")
    exported = scrapy_export(second.archive, snapshot)
    assert exported.returncode == 0, exported.stderr[-3000:]
    return TwoCrawls(second.archive, snapshot, second.manifests, changed, first_export, exported)


def test_latest_keeps_one_row_per_article_with_the_new_text(two_crawls):
    articles = list(iter_articles(str(two_crawls.archive)))
    slugs = [slug_of(a["url"]) for a in articles]
    assert len(slugs) == len(set(slugs)) == two_crawls.manifests[1]["counts"]["items"]
    by_slug = {slug_of(a["url"]): a for a in articles}
    assert by_slug[two_crawls.changed_slug]["body_paragraphs"] == CHANGED_TEXT
    assert by_slug[NEW_SLUG]["body_paragraphs"] == NEW_TEXT
    assert NEW_SLUG not in {slug_of(a["url"]) for a in iter_articles(str(two_crawls.archive), since="2000-01-01")
                            if a["crawl_id"] == two_crawls.manifests[0]["crawl_id"]}


def test_every_version_is_available_with_latest_false(two_crawls):
    versions = [a for a in iter_articles(str(two_crawls.archive), latest=False)
                if slug_of(a["url"]) == two_crawls.changed_slug]
    assert [v["crawl_id"] for v in versions] == [m["crawl_id"] for m in reversed(two_crawls.manifests)]
    assert versions[0]["body_paragraphs"] == CHANGED_TEXT
    assert versions[1]["body_paragraphs"] != CHANGED_TEXT
    everything = list(iter_articles(str(two_crawls.archive), latest=False))
    assert len(everything) == sum(m["counts"]["items"] for m in two_crawls.manifests)


def test_since_and_site_select_crawls(two_crawls):
    newest = two_crawls.manifests[1]
    recent = list(iter_articles(str(two_crawls.archive), since=newest["started_at"], latest=False))
    assert {a["crawl_id"] for a in recent} == {newest["crawl_id"]}
    assert list(iter_articles(str(two_crawls.archive), site="othersite")) == []


def test_a_crawl_without_manifest_is_ignored_with_a_warning(two_crawls, caplog):
    reader = DatasetReader(str(two_crawls.archive))
    with caplog.at_level(logging.WARNING, logger="pipelines.dataset"):
        bodies = [a["body"] for a in reader.articles(latest=False)]
    assert HALF not in bodies and len(bodies) == sum(m["counts"]["items"] for m in two_crawls.manifests)
    assert reader.stats["crawls/uncommitted"] == 1
    assert "20990101T000000Z-deadbeef" in caplog.text and "no manifest.json" in caplog.text
    assert "20990101T000000Z-deadbeef" in two_crawls.second_export.stderr


def snapshot_rows(snapshot: Path) -> list[dict]:
    return [row for path in sorted((snapshot / "data").rglob("*.parquet")) for row in pq.read_table(path).to_pylist()]


def test_snapshot_holds_the_latest_rows(two_crawls):
    rows = snapshot_rows(two_crawls.snapshot)
    api = {a["url"]: a for a in iter_articles(str(two_crawls.archive))}
    assert sorted(r["url"] for r in rows) == sorted(api)
    by_slug = {slug_of(r["url"]): r for r in rows}
    assert by_slug[two_crawls.changed_slug]["body_paragraphs"] == CHANGED_TEXT
    assert by_slug[NEW_SLUG]["body_paragraphs"] == NEW_TEXT
    for row in rows:
        assert row["content_sha256"] == api[row["url"]]["content_sha256"]
        assert row["published_at"].tzinfo is not None and row["published_at"].utcoffset().total_seconds() == 0
        month = f"{row['published_at']:%Y-%m}"
        assert (two_crawls.snapshot / "data" / row["site"] / f"{month}.parquet").is_file()


class StreamingStore(LocalStore):
    """A store whose streams cannot seek, like S3 response bodies: only list and open are used."""

    def open(self, key):
        class Stream(io.RawIOBase):
            def __init__(self, fh):
                self.fh = fh

            def readable(self):
                return True

            def readinto(self, buffer):
                data = self.fh.read(len(buffer))
                buffer[:len(data)] = data
                return len(data)

            def close(self):
                self.fh.close()
                super().close()

        return io.BufferedReader(Stream(super().open(key)))


def test_the_api_needs_only_list_and_streaming_open(two_crawls):
    store = StreamingStore(two_crawls.archive)
    assert not store.open(two_crawls.manifests[0]["files"][0]["key"]).seekable()
    articles = list(iter_articles(store))
    assert sorted(a["url"] for a in articles) == sorted(a["url"] for a in iter_articles(str(two_crawls.archive)))
    record = source_record(store, articles[-1])
    assert record.rec_headers.get_header("WARC-Target-URI") == articles[-1]["url"]
    assert b"</html>" in record.content_stream().read()


def test_every_row_points_at_its_warc_response_record(two_crawls):
    rows = snapshot_rows(two_crawls.snapshot) + list(iter_articles(str(two_crawls.archive), latest=False))
    for row in rows:
        pointer = row["warc"]
        with open(two_crawls.archive / pointer["path"], "rb") as fh:
            fh.seek(pointer["offset"])
            member = fh.read(pointer["length"])   # offset + length frame exactly one record
        [record] = list(ArchiveIterator(io.BytesIO(member)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]


def test_export_again_rewrites_only_changed_partitions(two_crawls):
    second = parquet_files(two_crawls.snapshot)
    rows = {slug_of(r["url"]): r for r in snapshot_rows(two_crawls.snapshot)}
    changed = {f"data/opsintels/{rows[s]['published_at']:%Y-%m}.parquet" for s in (two_crawls.changed_slug, NEW_SLUG)}
    rewritten = {name for name in second if second[name] != two_crawls.first_export.get(name)}
    assert rewritten == changed
    summary = f"{len(changed)} partition(s) written, {len(second) - len(changed)} unchanged"
    assert summary in two_crawls.second_export.stdout
    old_crawl = two_crawls.manifests[0]["crawl_id"]
    for name in set(second) - changed:   # untouched files still point at the first crawl's captures
        assert {r["crawl_id"] for r in pq.read_table(two_crawls.snapshot / name).to_pylist()} == {old_crawl}


def test_same_input_gives_byte_identical_files(two_crawls, tmp_path):
    export_snapshot(str(two_crawls.archive), tmp_path / "a")
    export_snapshot(str(two_crawls.archive), tmp_path / "b")
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert "README.md" in names and STATE_NAME in names and any(n.endswith(".parquet") for n in names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def card_table(card: str, heading: str) -> list[list[str]]:
    section = card.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [l for l in section.splitlines() if l.startswith("| ") and not l.startswith("| crawl id") and
             not l.startswith("| site") and not l.startswith("| column")]
    return [[c.strip().strip("`") for c in l.strip("|").split(" | ")] for l in lines]


def test_the_card_counts_match_the_manifests(two_crawls):
    card = (two_crawls.snapshot / "README.md").read_text()
    crawls = {row[0]: row for row in card_table(card, "Crawls included")}
    assert set(crawls) == {m["crawl_id"] for m in two_crawls.manifests}
    for manifest in two_crawls.manifests:
        assert int(crawls[manifest["crawl_id"]][5]) == manifest["counts"]["items"]
    per_month = card_table(card, "Rows per site and month")
    rows = snapshot_rows(two_crawls.snapshot)
    assert sum(int(r[2]) for r in per_month) == len(rows) == sum(int(r[6]) for r in crawls.values())
    assert re.search(rf"Rows: \*\*{len(rows)}\*\*", card)
    assert "| `warc.record_id` | string | WARC-Record-ID of the response record. |" in card
    assert "Schema version: **1**" in card
    assert "Left out while reading (see the export log): `crawls/uncommitted` 1" in card


def readme_examples() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Using the dataset\n", 1)[1].split("\n## ", 1)[0]
    return [b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "from datasets" not in b]


def test_readme_examples_work_as_written(two_crawls, tmp_path, monkeypatch, capsys):
    (tmp_path / "archive").symlink_to(two_crawls.archive)
    (tmp_path / "snapshot").symlink_to(two_crawls.snapshot)
    monkeypatch.chdir(tmp_path)
    blocks = readme_examples()
    assert len(blocks) == 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    latest = {a["url"] for a in iter_articles(str(two_crawls.archive))}
    assert len(namespace["df"]) == len(latest) and namespace["per_site"]["opsintels"] == len(latest)
    assert set(namespace["raw"]["url"]) == latest and HALF not in set(namespace["raw"]["title"])
    assert "Navy commissions new frigate" in set(namespace["recent"]["title"])
    assert namespace["record"].rec_headers.get_header("WARC-Target-URI") == namespace["df"].iloc[0]["url"]
    assert b"</html>" in namespace["html"]
    assert len(namespace["nato"]) > 0 and set(namespace["nato"]["url"]) <= latest
    printed = capsys.readouterr().out
    assert "Navy commissions new frigate" in printed            # iter_articles loop
    assert re.search(r"opsintels\s*│\s*2025-08\s*│", printed)  # duckdb .show()


def test_export_without_pyarrow_or_crawls_fails_in_one_clear_line(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker" / "pyarrow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('pyarrow is blocked by the test')\n")
    monkeypatch.setenv("PYTHONPATH", f"{blocker.parent}:{ROOT}")
    missing = scrapy_export(tmp_path / "archive", tmp_path / "out")
    assert missing.returncode == 1
    assert "export failed: pyarrow is needed for Parquet exports: pip install" in missing.stderr
    assert "Traceback" not in missing.stderr
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    empty = scrapy_export(tmp_path / "archive", tmp_path / "out")
    assert empty.returncode == 1 and "export failed: no committed crawl in" in empty.stderr
    assert not (tmp_path / "out").exists()


def test_the_export_spill_keeps_few_files_open(tmp_path):
    spill = Spill(tmp_path, max_open=2)
    for n in range(7):
        spill.add(f"data/s/2025-0{n % 3 + 1}.parquet", {"article_key": f"k{6 - n}", "n": n})
        assert len(spill.handles) <= 2
    parts = dict(spill.partitions())
    assert [r["n"] for r in parts["data/s/2025-01.parquet"]] == [6, 3, 0]
    assert sum(len(rows) for rows in parts.values()) == 7


def test_an_s3_archive_reads_and_exports_through_the_same_interface(two_crawls, tmp_path, monkeypatch):
    """Runs once the S3 store (pipelines.s3, tests.s3server: moto server on loopback) is present."""
    s3server = pytest.importorskip("tests.s3server")
    pytest.importorskip("pipelines.s3")
    server = s3server.S3Server().start()
    try:
        bucket = "dataset-" + two_crawls.manifests[0]["crawl_id"][-8:]
        client = server.client()
        client.create_bucket(Bucket=bucket)
        for path in sorted(p for p in two_crawls.archive.rglob("*") if p.is_file()):
            client.upload_file(str(path), bucket, f"archive/{path.relative_to(two_crawls.archive).as_posix()}")
        env = server.env(bucket)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        uri = env["ARCHIVE_URI"]
        reader = DatasetReader(uri)
        articles = list(reader.articles(latest=False))
        local = list(iter_articles(str(two_crawls.archive), latest=False))
        assert [a["content_sha256"] for a in articles] == [a["content_sha256"] for a in local]
        assert reader.stats["crawls/uncommitted"] == 1
        record = source_record(uri, articles[0])
        assert record.rec_headers.get_header("WARC-Record-ID") == articles[0]["warc"]["record_id"]
        exported = scrapy_export(uri, tmp_path / "from-s3", env=env)
        assert exported.returncode == 0, exported.stderr[-3000:]
        export_snapshot(str(two_crawls.archive), tmp_path / "from-disk")
        assert parquet_files(tmp_path / "from-s3") == parquet_files(tmp_path / "from-disk")
        assert f"Source archive: `{uri}`" in (tmp_path / "from-s3" / "README.md").read_text()
        assert not any(secret in exported.stdout + exported.stderr for secret in s3server.SECRETS)
    finally:
        server.stop()


def test_the_card_examples_run_from_the_snapshot_folder(two_crawls, monkeypatch, capsys):
    card = (two_crawls.snapshot / "README.md").read_text()
    fetch, load = re.findall(r"```python\n(.*?)```", card, re.S)
    load = load.split("from datasets")[0]          # Hugging Face datasets is not installed
    monkeypatch.chdir(two_crawls.snapshot)
    namespace: dict = {}
    exec(compile(load, "card", "exec"), namespace)
    assert re.search(r"opsintels\s*│\s*\d+", capsys.readouterr().out)
    namespace["row"] = namespace["df"].iloc[0].to_dict()
    exec(compile(fetch, "card", "exec"), namespace)
    assert namespace["record"].rec_headers.get_header("WARC-Target-URI") == namespace["row"]["url"]
    assert b"</html>" in namespace["html"]

"""Reading lines: older schema versions map to the current shape; bad input is dropped and counted."""

import gzip
import json
import logging
from pathlib import Path

import pytest

from crawler.items import ARTICLE_FIELDS, SCHEMA_VERSION
from pipelines import upgrade
from pipelines.dataset import DatasetReader
from pipelines.store import LocalStore
from pipelines.upgrade import SchemaVersionError, to_current

V1_LINE = (Path(__file__).parent / "data" / "article-v1.jsonl").read_text(encoding="utf-8")


def v1_article() -> dict:
    return json.loads(V1_LINE)


def test_a_v1_line_passes_unchanged():
    article = v1_article()
    assert article["schema_version"] == 1 == SCHEMA_VERSION
    assert to_current(article) == article
    assert list(to_current(article)) == list(ARTICLE_FIELDS)


def test_absent_optional_fields_read_as_empty():
    article = v1_article()
    for name in ("canonical_url", "lead_image", "tags", "section", "warc", "published_at"):
        del article[name]
    current = to_current(article)
    assert current["tags"] == [] and current["lead_image"] is None and current["warc"] is None
    assert current["canonical_url"] is None and current["published_at"] is None


@pytest.mark.parametrize("version, message", [(SCHEMA_VERSION + 1, "newer than this reader"),
                                              (None, "no integer schema_version"),
                                              (0, "no upgrade registered from schema_version 0")])
def test_lines_that_cannot_be_mapped_say_why(version, message):
    article = {**v1_article(), "schema_version": version}
    with pytest.raises(SchemaVersionError, match=message):
        to_current(article)


def write_crawl(store, crawl_id, lines, manifest=True):
    folder = store / "opsintels" / "2025" / "01" / "01" / crawl_id
    key = f"opsintels/2025/01/01/{crawl_id}/items/t-00001.jsonl.gz"
    (folder / "items").mkdir(parents=True)
    with gzip.open(store / key, "wt", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in lines)
    if manifest:
        (folder / "manifest.json").write_text(json.dumps({
            "crawl_id": crawl_id, "site": "opsintels", "spider": "opsintels",
            "started_at": f"2025-01-01T00:00:0{crawl_id[-1]}+00:00",
            "counts": {"items": len(lines)}, "files": [{"key": key, "kind": "items"}]}))


def test_an_older_line_is_upgraded_by_the_registered_step(tmp_path, monkeypatch):
    """How v2 will read v1: one registered step per version, applied on read."""
    def v0_to_v1(article):
        article["body_paragraphs"] = article.pop("paragraphs")
        article["body"] = "\n\n".join(article["body_paragraphs"])
        return article

    monkeypatch.setitem(upgrade.upgrades.steps, 0, v0_to_v1)
    v0 = {k: v for k, v in v1_article().items() if k not in ("body", "body_paragraphs", "tags")}
    v0.update(schema_version=0, paragraphs=["Old shape, first.", "Old shape, second."])
    write_crawl(tmp_path, "c1", [json.dumps(v0)])
    [article] = DatasetReader(str(tmp_path)).articles()
    assert article["schema_version"] == SCHEMA_VERSION
    assert article["body"] == "Old shape, first.\n\nOld shape, second."
    assert article["tags"] == [] and "paragraphs" not in article


def test_bad_lines_are_dropped_counted_and_logged(tmp_path, caplog):
    newer = json.dumps({**v1_article(), "schema_version": SCHEMA_VERSION + 1})
    write_crawl(tmp_path, "c1", [V1_LINE.strip(), "{not json", newer])
    reader = DatasetReader(str(tmp_path))
    with caplog.at_level(logging.WARNING):
        articles = list(reader.articles())
    assert [a["url"] for a in articles] == [v1_article()["url"]]
    assert reader.stats["articles/dropped/bad_json"] == 1
    assert reader.stats["articles/dropped/schema"] == 1
    assert "line 2: not JSON" in caplog.text and "newer than this reader" in caplog.text


def test_a_truncated_items_file_yields_what_it_can_and_says_so(tmp_path, caplog):
    write_crawl(tmp_path, "c1", [V1_LINE.strip()] * 200)
    path = next(tmp_path.rglob("*.jsonl.gz"))
    path.write_bytes(path.read_bytes()[:-40])
    reader = DatasetReader(str(tmp_path))
    with caplog.at_level(logging.ERROR):
        articles = list(reader.articles(latest=False))
    assert 0 < len(articles) < 200
    assert reader.stats["articles/dropped/unreadable_file"] == 1
    assert "Cannot read (the rest of)" in caplog.text


def test_a_listed_file_missing_from_the_store_is_reported(tmp_path, caplog):
    write_crawl(tmp_path, "c1", [V1_LINE.strip()])
    next(tmp_path.rglob("*.jsonl.gz")).unlink()
    reader = DatasetReader(str(tmp_path))
    with caplog.at_level(logging.ERROR):
        assert list(reader.articles()) == []
    assert reader.stats["articles/dropped/unreadable_file"] == 1 and "cannot read" in caplog.text



def test_articles_stream_crawl_by_crawl_newest_first(tmp_path):
    """Nothing is read ahead: the first article comes out after opening one items file only."""
    for n in (1, 2, 3):
        article = {**v1_article(), "body": f"version {n}"}
        write_crawl(tmp_path, f"c{n}", [json.dumps(article)])
    opened = []

    class CountingStore(LocalStore):
        def open(self, key):
            if "/items/" in key:
                opened.append(key)
            return super().open(key)

    articles = DatasetReader(CountingStore(tmp_path)).articles(latest=False)
    assert next(articles)["body"] == "version 3" and len(opened) == 1
    assert [a["body"] for a in articles] == ["version 2", "version 1"]
    assert [a["body"] for a in DatasetReader(str(tmp_path)).articles()] == ["version 3"]

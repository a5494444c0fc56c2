"""Peak memory and time of reading a synthetic archive: many crawls, each a new version of
the same articles. Memory should track distinct articles, not crawls.

    python -m bench.dataset_read --crawls 5 --articles 2000
    python -m bench.dataset_read --crawls 50 --articles 2000 --export /tmp/snapshot
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
from pathlib import Path

from pipelines.dataset import DatasetReader

LINE = json.loads((Path(__file__).resolve().parents[1] / "tests" / "data" / "article-v1.jsonl").read_text())


def build(root: Path, crawls: int, articles: int) -> None:
    for c in range(crawls):
        crawl_id = f"20250101T{c // 60:02d}{c % 60:02d}00Z-{c:08x}"
        prefix = f"bench/2025/01/01/{crawl_id}/"
        key = prefix + "items/bench-00001.jsonl.gz"
        (root / prefix / "items").mkdir(parents=True)
        with gzip.open(root / key, "wt", encoding="utf-8") as fh:
            for a in range(articles):
                url = f"https://example.com/article-{a}/"
                fh.write(json.dumps({**LINE, "url": url, "canonical_url": url, "site": "bench",
                                     "body": f"{LINE['body']} v{c}"}) + "\n")
        manifest = {"crawl_id": crawl_id, "site": "bench", "spider": "bench",
                    "started_at": f"2025-01-01T{c // 60:02d}:{c % 60:02d}:00+00:00",
                    "counts": {"items": articles}, "files": [{"key": key, "kind": "items"}]}
        (root / prefix / "manifest.json").write_text(json.dumps(manifest))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=20)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--export", help="also export a snapshot into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), args.crawls, args.articles)
        start = time.perf_counter()
        reader = DatasetReader(tmp)
        latest = sum(1 for _ in reader.articles())
        read_s = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.crawls} crawls x {args.articles} articles: {latest} latest, "
              f"{reader.stats['articles/older_versions']} older versions skipped, "
              f"{read_s:.1f}s, peak RSS {peak:.0f} MiB")
        if args.export:
            from pipelines.export import export_snapshot

            start = time.perf_counter()
            report = export_snapshot(tmp, args.export)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"export: {report.rows} rows, {len(report.written)} partition(s), "
                  f"{time.perf_counter() - start:.1f}s, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()

"""Check a stored dataset the way a consumer relies on it (``scrapy verify URI``).

For every ``manifest.json`` under the URI: each listed file exists with the listed size and
sha256, each WARC reads to the end with warcio's digest checks passing, each JSON lines file
holds the listed number of items, and each item's ``warc`` pointer seeks to a response record
whose WARC-Target-URI is the item's URL. The URI may be the archive root or any prefix below
it (a site, a day, one crawl): keys in manifests are mapped through the manifest's ``prefix``.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipelines.manifest import MANIFEST_NAME
from pipelines.store import LocalStore, Store, StoreError, file_digest

CRAWL_ID = re.compile(r"(^|/)\d{8}T\d{6}Z-[0-9a-f]{8}/")
SHOWN = 20  # failures printed per crawl


@dataclass
class CrawlCheck:
    prefix: str
    files: int = 0
    records: int = 0
    items: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class Report:
    uri: str
    crawls: list[CrawlCheck] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and all(not c.failures for c in self.crawls)

    def text(self) -> str:
        lines = [f"verify {self.uri}"]
        for crawl in self.crawls:
            status = "OK  " if not crawl.failures else "FAIL"
            lines.append(f"  {status} {crawl.prefix}  {crawl.files} file(s), {crawl.records} WARC record(s), "
                         f"{crawl.items} item(s)")
            lines += [f"       - {f}" for f in crawl.failures[:SHOWN]]
            if len(crawl.failures) > SHOWN:
                lines.append(f"       ... and {len(crawl.failures) - SHOWN} more")
        lines += [f"  FAIL {f}" for f in self.failures]
        lines += [f"  warning: {w}" for w in self.warnings]
        bad = sum(bool(c.failures) for c in self.crawls) + len(self.failures)
        lines.append(f"{len(self.crawls)} crawl(s) checked: " + ("all OK" if self.ok else f"{bad} FAILED"))
        return "\n".join(lines)


def verify(store: Store) -> Report:
    report = Report(str(store))
    try:
        keys = list(store.list())
    except StoreError as exc:
        report.failures.append(str(exc))
        return report
    manifests = [k for k in keys if k == MANIFEST_NAME or k.endswith("/" + MANIFEST_NAME)]
    if not manifests:
        report.failures.append(f"no {MANIFEST_NAME} under {store}: nothing committed here")
    for key in manifests:
        check = CrawlCheck(key[: -len(MANIFEST_NAME)] or "./")
        report.crawls.append(check)
        try:
            verify_crawl(store, key, check)
        except StoreError as exc:
            check.failures.append(str(exc))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            check.failures.append(f"malformed manifest ({type(exc).__name__}: {exc})")
    committed = {key[: -len(MANIFEST_NAME)] for key in manifests}
    uncommitted = {k[: m.end()] for k in keys if (m := CRAWL_ID.search(k))} - committed
    for prefix in sorted(uncommitted):
        report.warnings.append(f"{prefix} has files but no manifest (crawl running, failed or not uploaded yet)")
    return report


def verify_crawl(store: Store, manifest_key: str, check: CrawlCheck) -> None:
    manifest = json.loads(store.read_bytes(manifest_key))
    here = manifest_key[: -len(MANIFEST_NAME)]
    prefix = manifest.get("prefix", "")
    if not prefix.endswith(here):
        check.failures.append(f"manifest prefix {prefix!r} does not match where it is stored")
        return
    root = prefix[: len(prefix) - len(here)]

    def relative(key: str) -> str | None:
        return key[len(root):] if key.startswith(root) else None

    with tempfile.TemporaryDirectory(prefix="verify-") as tmp:
        local: dict[str, Path] = {}
        for entry in manifest.get("files", []):
            if entry["kind"] == "state" and relative(entry["key"]) is None:
                continue  # the site-level crawl state lies above a crawl prefix given alone
            path = check_file(store, relative(entry["key"]), entry, Path(tmp), check)
            if path is None:
                continue
            check.files += 1
            local[entry["key"]] = path
            if entry["kind"] == "warc":
                check.records += check_warc(path, entry["key"], check)
        for entry in manifest.get("files", []):
            if entry["kind"] == "items" and entry["key"] in local:
                check_items(local[entry["key"]], entry, local, check)


def check_file(store: Store, key: str | None, entry: dict, tmp: Path, check: CrawlCheck) -> Path | None:
    """The file's local path once its size and sha256 match the manifest, else None."""
    if key is None:
        check.failures.append(f"{entry['key']}: outside the manifest's own prefix")
        return None
    stat = store.stat(key)
    if stat is None:
        check.failures.append(f"{entry['key']}: listed in the manifest but missing from the store")
        return None
    if stat.size != entry["size"]:
        check.failures.append(f"{entry['key']}: {stat.size} bytes in the store, manifest says {entry['size']}")
        return None
    if isinstance(store, LocalStore):
        path = store.path(key)
    else:
        path = tmp / f"{len(list(tmp.iterdir())):06d}"
        store.download(key, path)
    if file_digest(path).sha256 != entry["sha256"]:
        check.failures.append(f"{entry['key']}: sha256 differs from the manifest")
        return None
    return path


def check_warc(path: Path, key: str, check: CrawlCheck) -> int:
    """Read every record with warcio's digest checks; return the record count."""
    count = 0
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh, check_digests=True)
            for record in records:
                count += 1
                stream = record.content_stream()
                while stream.read(1 << 20):
                    pass
                if record.digest_checker.passed is False:
                    check.failures.append(f"{key} @{records.get_record_offset()}: "
                                          + "; ".join(record.digest_checker.problems))
    except (ArchiveLoadFailed, OSError, EOFError) as exc:
        check.failures.append(f"{key}: unreadable after {count} record(s): {exc}")
    if count == 0:
        check.failures.append(f"{key}: no WARC record")
    return count


def check_items(path: Path, entry: dict, local: dict[str, Path], check: CrawlCheck) -> None:
    lines = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                lines += 1
                try:
                    item = json.loads(line)
                except ValueError:
                    check.failures.append(f"{entry['key']} line {number}: not JSON")
                    continue
                problem = check_pointer(item, local)
                if problem:
                    check.failures.append(f"{entry['key']} line {number} ({item.get('url')}): {problem}")
    except (OSError, EOFError) as exc:
        check.failures.append(f"{entry['key']}: unreadable: {exc}")
    check.items += lines
    if lines != entry.get("records"):
        check.failures.append(f"{entry['key']}: {lines} item(s), manifest says {entry.get('records')}")


def check_pointer(item: dict, local: dict[str, Path]) -> str | None:
    """Why the item's ``warc`` pointer does not lead to its response record, or None."""
    pointer = item.get("warc") or {}
    path = local.get(pointer.get("path"))
    if path is None:
        return f"warc pointer to {pointer.get('path')!r}, which is not a verified file of this crawl"
    try:
        with open(path, "rb") as fh:
            fh.seek(pointer["offset"])
            record = next(iter(ArchiveIterator(fh)))
    except (KeyError, TypeError, StopIteration, ArchiveLoadFailed, OSError, EOFError) as exc:
        return f"warc pointer does not lead to a record ({type(exc).__name__})"
    if record.rec_type != "response":
        return f"warc pointer leads to a {record.rec_type} record"
    target = record.rec_headers.get_header("WARC-Target-URI")
    if target != item.get("url"):
        return f"warc pointer leads to a response for {target}"
    if pointer.get("record_id") and record.rec_headers.get_header("WARC-Record-ID") != pointer["record_id"]:
        return "warc pointer's record_id differs from the record found"
    return None

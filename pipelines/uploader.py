"""Background uploads: closed spool files go to the store while the crawl goes on.

A few worker threads call the (blocking) store, so the reactor never waits on the network.
A file is removed from the spool only once the store confirmed it (size and sha256), so a
failure at any point leaves it where the next run, or ``scrapy upload``, finds it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipelines.store import Store, StoredFile, StoreError

logger = logging.getLogger(__name__)


@dataclass
class Upload:
    """The outcome of one upload; ``error`` is a one-line, secret-free reason."""

    key: str
    path: Path
    size: int = 0
    stored: StoredFile | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Uploader:
    def __init__(self, store: Store, workers: int = 2):
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="archive-upload")
        self.side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-recovery")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, path: Path, key: str, expected_sha256: str | None = None,
               on_done: Callable[[Upload], None] | None = None) -> Future:
        """Upload ``path`` as ``key`` in the background; ``on_done`` runs in the worker thread."""
        future = self.pool.submit(self._upload, Path(path), key, expected_sha256, on_done)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def background(self, fn, *args) -> Future:
        """Run a longer job (spool recovery) off the reactor thread; it may submit uploads."""
        future = self.side.submit(fn, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def _upload(self, path: Path, key: str, expected: str | None, on_done) -> Upload:
        upload = Upload(key, path)
        try:
            upload.size = path.stat().st_size
            stored = self.store.put(path, key)
            if expected and stored.sha256 != expected:
                raise StoreError(f"spooled {key} does not match its recorded sha256")
            upload.stored = stored
            path.unlink()
        except (StoreError, OSError) as exc:
            upload.error = str(exc)
        except Exception as exc:  # a bug or an unexpected library error must not lose the file
            logger.exception("Unexpected error storing %s", key)
            upload.error = f"unexpected {type(exc).__name__}"
        if on_done is not None:
            on_done(upload)
        return upload

    def wait(self) -> None:
        """Block until every submitted upload and background job is done."""
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return
            wait(pending)

    def close(self) -> None:
        self.wait()
        self.side.shutdown(wait=True)
        self.pool.shutdown(wait=True)

"""warcio reads ``Content-Encoding: br`` records again with the ``brotli`` package Scrapy needs.

warcio 1.8 expects brotlipy's decompressor (``decompress()``, settable ``unused_data``); Scrapy
requires ``brotli`` ≥ 1.2, whose decompressor has neither, so any warcio reader (our replay,
cdxj-indexer, ``warcio check``) crashes on a br-encoded record with
``'brotli.Decompressor' object has no attribute 'unused_data'``. Importing this module
registers an adapter. ``python -m pipelines.warcio_compat check FILE…`` is ``warcio check``
with it (the plain ``warcio`` command crashes on br records).
"""

from __future__ import annotations

import sys

import brotli
from warcio.bufferedreaders import BufferedReader


class BrotliDecompressor:
    """The brotlipy-shaped decompressor warcio's BufferedReader drives."""

    unused_data = None  # a brotli stream has no member boundary inside a payload

    def __init__(self):
        self._inner = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        return self._inner.process(data)

    def flush(self) -> bytes:
        return b""


def install() -> None:
    BufferedReader.DECOMPRESSORS["br"] = BrotliDecompressor


install()

if __name__ == "__main__":
    from warcio.cli import main

    sys.exit(main(sys.argv[1:]))

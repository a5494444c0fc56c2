"""The benchmark's origin: pre-rendered, pre-gzipped pages from memory over HTTP/1.1 keep-alive.

One asyncio process that only looks a path up and writes bytes, so it is never the
bottleneck; its CPU is reported apart from the crawler's. ``--latency`` delays every response
(``await asyncio.sleep``, concurrent requests overlap) like a real origin that is not loopback.
``GET /__stats__`` returns its request counters as JSON (not linked from any page).

    python -m bench.server --site bench/out/site-1000-… --port 18808 --latency 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import mmap
from pathlib import Path
from urllib.parse import unquote

REASONS = {200: b"OK", 301: b"Moved Permanently", 404: b"Not Found"}


class Origin:
    def __init__(self, site: Path, latency: float):
        self.index = json.loads((site / "index.json").read_text())
        with open(site / "pages.bin", "rb") as fh:
            self.blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.latency = latency
        self.stats = {"requests": 0, "bytes": 0, "identity": 0, "not_found": 0}

    def response(self, method: bytes, target: bytes, headers: dict) -> bytes:
        path = unquote(target.split(b"?", 1)[0].decode("latin-1"))
        if path == "/__stats__":
            body = json.dumps(self.stats).encode()
            return self._head(200, "application/json", len(body), gzipped=False) + body
        entry = self.index.get(path) if b"?" not in target else None
        if entry is None:
            entry = self.index["__404__"]
            self.stats["not_found"] += 1
        body = self.blob[entry["offset"]: entry["offset"] + entry["length"]]
        gzipped = b"gzip" in headers.get(b"accept-encoding", b"")
        if not gzipped:
            body = gzip.decompress(body)
            self.stats["identity"] += 1
        self.stats["requests"] += 1
        self.stats["bytes"] += len(body)
        head = self._head(entry["status"], entry["type"], len(body), gzipped)
        return head if method == b"HEAD" else head + body

    @staticmethod
    def _head(status: int, ctype: str, length: int, gzipped: bool) -> bytes:
        lines = [b"HTTP/1.1 %d %s" % (status, REASONS.get(status, b"OK")), b"Server: nginx",
                 b"Content-Type: " + ctype.encode(), b"Content-Length: %d" % length, b"Vary: Accept-Encoding"]
        if gzipped:
            lines.append(b"Content-Encoding: gzip")
        return b"\r\n".join(lines) + b"\r\n\r\n"

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                lines = head.split(b"\r\n")
                method, target, _ = (lines[0].split(b" ", 2) + [b"", b""])[:3]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    headers[name.strip().lower()] = value.strip().lower()
                if int(headers.get(b"content-length", b"0") or 0):
                    await reader.readexactly(int(headers[b"content-length"]))
                data = self.response(method, target, headers)
                if self.latency and not target.startswith(b"/__stats__"):
                    await asyncio.sleep(self.latency)
                writer.write(data)
                await writer.drain()
                if headers.get(b"connection") == b"close":
                    break
        except ConnectionError:
            pass
        finally:
            writer.close()


async def main_async(site: Path, host: str, port: int, latency: float) -> None:
    origin = Origin(site, latency)
    server = await asyncio.start_server(origin.serve, host, port, backlog=1024)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a pre-rendered benchmark site.")
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18808)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every response")
    args = parser.parse_args()
    try:
        asyncio.run(main_async(args.site, args.host, args.port, args.latency))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

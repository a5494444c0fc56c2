"""Serve a bundled test site on loopback and crawl it with a project spider.

    python -m tests.site.demo --spider opsintels --port 8808 [-- extra scrapy args]

Starts the site, runs ``scrapy crawl SPIDER -a base_url=http://127.0.0.1:PORT``
from the repository root (the folder holding scrapy.cfg), stops the site and
exits with the crawl's exit code.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from tests.site import SITES, TestSite

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spider", default="opsintels", help="spider name (default: opsintels)")
    parser.add_argument("--site", default=None, choices=SITES,
                        help="which mirror to serve (default: the spider name)")
    parser.add_argument("--port", type=int, default=8808, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--variant", default=None, help="site variant, e.g. 'redesign'")
    parser.add_argument("scrapy_args", nargs="*", help="extra arguments for `scrapy crawl` (after --)")
    args = parser.parse_args(argv)

    site_name = args.site or (args.spider if args.spider in SITES else SITES[0])
    assert (REPO_ROOT / "scrapy.cfg").exists(), f"no scrapy.cfg in {REPO_ROOT}"
    site = TestSite(port=args.port, site=site_name, variant=args.variant)
    site.start()
    print(f"[demo] serving {site_name} mirror at {site.base_url}", file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "scrapy", "crawl", args.spider,
           "-a", f"base_url={site.base_url}", *args.scrapy_args]
    try:
        print(f"[demo] running: {' '.join(cmd)} (cwd={REPO_ROOT})", file=sys.stderr, flush=True)
        code = subprocess.call(cmd, cwd=REPO_ROOT)
    except KeyboardInterrupt:
        code = 130
    finally:
        site.stop()
    print(f"[demo] crawl exited with {code}; {sum(site.hits.values())} requests served",
          file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())

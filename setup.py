"""Only for tools that still run ``setup.py`` (scrapyd-deploy builds eggs with ``bdist_egg``).

Everything is declared in pyproject.toml. Without this file scrapyd-deploy writes its own,
which leaves ``crawler/schema/*.json`` out of the egg and breaks every deployed crawl.
"""

from setuptools import setup

setup()

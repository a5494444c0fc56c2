"""Spidermon's field coverage counts, kept in a dict and added to the crawl's stats at close.

Spidermon counts every scraped item's non-empty fields (and the fields of nested dicts) with
one ``stats.inc_value`` each, formatting each key again and reading five settings per item:
~0.1 ms of the reactor per article in a crawl (bench/). :class:`FieldCounts` makes the same
keys and counts (tests/test_coverage.py compares them with Spidermon's own) from cached keys
into a plain dict, and :meth:`FieldCounts.flush` adds them to the stats before the close
monitors compute the coverage from them.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from spidermon.contrib.scrapy.extensions import Spidermon

ITEM_COUNT = "spidermon_item_scraped_count"


class FieldCounts:
    """What Spidermon's ``item_scraped`` adds to the stats, counted in a dict."""

    def __init__(self, skip_none: bool, skip_falsy: bool, skip_values: list):
        self.skip_none = skip_none
        self.skip_falsy = skip_falsy
        self.skip_values = skip_values
        self.counts: dict[str, int] = {}
        self._keys: dict[tuple[str, str], str] = {}

    @classmethod
    def of(cls, gate: Spidermon, settings) -> FieldCounts | None:
        """Counts for ``gate``'s settings; None when they ask for levels not counted here (list
        items, a dict nesting limit), which Spidermon's own ``item_scraped`` then counts."""
        if settings.getint("SPIDERMON_LIST_FIELDS_COVERAGE_LEVELS", 0) > 0:
            return None
        dict_levels = settings.get("SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS", -1)
        if isinstance(dict_levels, dict) or int(dict_levels) != -1:
            return None
        return cls(
            settings.getbool("SPIDERMON_FIELD_COVERAGE_SKIP_NONE", False),
            settings.getbool("SPIDERMON_FIELD_COVERAGE_SKIP_FALSY", True),
            gate._get_skip_values_list(settings),
        )

    def add(self, item) -> None:
        counts = self.counts
        prefix = f"{ITEM_COUNT}/{type(item).__name__}"
        for key in (ITEM_COUNT, prefix):
            counts[key] = counts.get(key, 0) + 1
        self._fields(item, prefix)

    def _fields(self, item, prefix: str) -> None:
        counts, keys = self.counts, self._keys
        values = item.items() if isinstance(item, dict) else ItemAdapter(item).items()
        for name, value in values:
            if value is None:
                if self.skip_none:
                    continue
            elif self.skip_falsy and not value:
                continue
            if self.skip_values and any(type(value) is type(s) and value == s for s in self.skip_values):
                continue
            key = keys.get((prefix, name))
            if key is None:
                key = keys[(prefix, name)] = f"{prefix}/{name}"
            counts[key] = counts.get(key, 0) + 1
            if isinstance(value, dict):
                self._fields(value, key)

    def flush(self, stats) -> None:
        """Add the counts to ``stats`` (once: they start again from zero)."""
        counts, self.counts = self.counts, {}
        for key, count in counts.items():
            stats.inc_value(key, count)

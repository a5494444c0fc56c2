"""Start-up objects are frozen out of the garbage collector once the spider opens."""

from __future__ import annotations

import gc

from scrapy import Spider, signals
from scrapy.utils.test import get_crawler

from crawler.gcfreeze import FreezeStartupObjects


def test_start_up_objects_are_frozen_when_the_spider_opens():
    crawler = get_crawler(Spider)
    extension = FreezeStartupObjects.from_crawler(crawler)  # noqa: F841 (signals hold weak references)
    gc.unfreeze()
    threshold = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    try:
        crawler.signals.send_catch_log(signal=signals.spider_opened, spider=Spider("x"))
        assert gc.get_freeze_count() > 1000
        assert len(gc.get_objects(generation=2)) < gc.get_freeze_count()  # the walk is shorter
        assert gc.get_threshold() == (max(20_000, threshold[0]), *threshold[1:])  # fewer young collections
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_the_setting_turns_it_off():
    import pytest
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        FreezeStartupObjects.from_crawler(get_crawler(Spider, settings_dict={"ARCHIVE_GC_FREEZE": False}))
